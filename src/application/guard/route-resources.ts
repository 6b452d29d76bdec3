import { closestResourceId } from '../../domain/acl/closest-resource-id';
import { RouteResourceUnknownError, type UnknownRouteResource } from './guard.errors';

/**
 * What the check needs of an ACL tree (an AclResourceTree is one): the guards ask the Portcullis
 * instance for its current tree when they check.
 */
export interface KnownResources {
  has(id: string): boolean;
  ids(): readonly string[];
}

/** The resources a host's route declares, with the route as people read it (`GET /rest/V1/orders`). */
export interface RouteResources {
  readonly route: string;
  readonly resources: readonly string[];
}

/**
 * Checks that every resource the routes declare is in the tree, as the Fastify plugin does when
 * the app is ready and the Express middleware on `check(app)` and on first use.
 * @throws RouteResourceUnknownError naming each route and unknown id, with the tree's closest id
 */
export function assertRouteResourcesKnown(routes: Iterable<RouteResources>, tree: KnownResources): void {
  const problems: UnknownRouteResource[] = [];
  for (const { route, resources } of routes) {
    for (const id of resources) {
      if (!tree.has(id)) problems.push({ route, id, suggestion: closestResourceId(id, tree.ids()) });
    }
  }
  if (problems.length > 0) throw new RouteResourceUnknownError(problems);
}

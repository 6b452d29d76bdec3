import { describeLocation, shown, type ConfigProblem, type Located } from '../../application/config-sync/config-declarations';
import { ConfigFilesError } from '../../application/config-sync/config-sync.errors';
import { type RouteAccess, type RouteDeclaration, RouteTable, type RouteTableOptions } from '../../application/guard/route-table';
import { collectProblems, throwIfAny, type ConfigFileReader } from './source-text';
import { checkRoot, childrenNamed, xmlFileReader, type XmlElement } from './xml-document';

/** Magento's pseudo-resources (`Magento\Integration\Api\AuthorizationServiceInterface`). */
const ANONYMOUS = 'anonymous';
const SELF = 'self';

/** One webapi.xml file's text and the name its problems and declarations use (its relative path). */
export interface WebapiXmlFile {
  readonly name: string;
  readonly xml: string;
}

/**
 * Reads one Magento `etc/webapi.xml` into route declarations: each
 * `<routes><route url method><resources><resource ref/>…` becomes `{ method, url, access }` with
 * `source` = `file:line:column` of its `<route>`. `<service>`, `<data>` and `secure="true"` are
 * not Portcullis's concern (HTTPS is the gateway's) and are ignored.
 *
 * Access follows what Magento enforces, not a shortcut: Magento allows a route when every listed
 * resource is allowed (`Framework\Webapi\Authorization::isAllowed`), and `anonymous` (the
 * `GuestAuthorization` plugin) or `self` (`CustomerAuthorization`) only ever allow themselves. So:
 * - only `anonymous` refs -> `'anonymous'`; only `self` refs (or `self` + `anonymous`) -> `'self'`;
 * - `anonymous` or `self` beside ACL resources -> those resources: listing `anonymous` next to
 *   `Magento_X::y` does not open the route, Magento still requires `Magento_X::y` (none of the
 *   upstream files mixes them).
 * Every declaration is checked as `RouteTable.of` would (method, url, the same route declared
 * again in the file with other access).
 * @throws ConfigFilesError listing every problem of the file (malformed XML, a root that is not
 *   `<routes>`, a route with no url or method, no `<resources>`/`<resource>`, a `<resource>` with
 *   an empty `ref`, a declaration the route table refuses)
 */
export const readMagentoWebapiXml: ConfigFileReader<RouteDeclaration[]> = (text, file) => readLocatedRoutes(text, file).map((route) => route.value);

/** `readMagentoWebapiXml` with each declaration at its `<route>`, as the loaders read it. */
export const readLocatedRoutes: ConfigFileReader<Located<RouteDeclaration>[]> = xmlFileReader(readMagentoWebapiXmlElement);

/** `readLocatedRoutes` for a document already parsed. */
export function readMagentoWebapiXmlElement(root: XmlElement): Located<RouteDeclaration>[] {
  const problems: ConfigProblem[] = [];
  const routes: Located<RouteDeclaration>[] = [];
  if (checkRoot(root, ['routes'], problems)) {
    for (const route of childrenNamed(root, 'route')) {
      const declaration = readRoute(route, problems);
      if (declaration !== undefined) routes.push({ value: declaration, location: route.location });
    }
  }
  problems.push(...routeTableProblems(routes));
  throwIfAny(problems);
  return routes;
}

/**
 * Reads several webapi.xml files into one table, as Magento merges all modules' files. A route
 * may be declared again (in the same or a later file) only with the same access: a later file
 * that contradicts an earlier one is a problem naming both places.
 * @throws ConfigFilesError listing the problems of every file (see readMagentoWebapiXml), then
 *   every route a file declares with other access than an earlier file
 * @throws InvalidRouteDeclarationError for an invalid `options.prefix`
 */
export function loadMagentoWebapiRouteTable(files: readonly WebapiXmlFile[], options: RouteTableOptions = {}): RouteTable {
  const problems: ConfigProblem[] = [];
  const routes = files.flatMap((file) => collectProblems(problems, () => readLocatedRoutes(file.xml, file.name)) ?? []);
  return routeTableFrom(routes, problems, options);
}

/**
 * The table of routes read from several files, once every file has been read: `problems` (those
 * of the files) and the routes that contradict an earlier file's are thrown together.
 * @throws ConfigFilesError when there are any
 */
export function routeTableFrom(routes: readonly Located<RouteDeclaration>[], problems: readonly ConfigProblem[], options: RouteTableOptions = {}): RouteTable {
  const all = [...problems, ...routeTableProblems(routes)];
  if (all.length > 0) throw new ConfigFilesError(all);
  return RouteTable.of(
    routes.map((route) => route.value),
    options,
  );
}

/** The declaration of one `<route>`; undefined (with problems) when it lacks something. */
function readRoute(route: XmlElement, problems: ConfigProblem[]): RouteDeclaration | undefined {
  const url = route.attributes.get('url')?.value.trim();
  const method = route.attributes.get('method')?.value.trim();
  if (!url) {
    problems.push({ location: route.location, message: 'the <route> has no url attribute (or an empty one)' });
    return undefined;
  }
  if (!method) {
    problems.push({ location: route.location, message: `the <route url="${shown(url)}"> has no method attribute (or an empty one)` });
    return undefined;
  }
  const what = `<route url="${shown(url)}" method="${shown(method)}">`;
  const resources = childrenNamed(route, 'resources').flatMap((element) => childrenNamed(element, 'resource'));
  if (resources.length === 0) {
    problems.push({ location: route.location, message: `${what} has no <resources><resource ref="…"/></resources>` });
    return undefined;
  }
  const refs: string[] = [];
  for (const resource of resources) {
    const ref = resource.attributes.get('ref')?.value.trim();
    if (ref) refs.push(ref);
    else problems.push({ location: resource.location, message: `a <resource> of ${what} has no ref (or an empty one)` });
  }
  if (refs.length < resources.length) return undefined;
  return { method, url, access: accessOf(refs), source: describeLocation(route.location) };
}

function accessOf(refs: readonly string[]): RouteAccess {
  const resources = [...new Set(refs.filter((ref) => ref !== ANONYMOUS && ref !== SELF))];
  if (resources.length > 0) return resources;
  return refs.includes(SELF) ? 'self' : 'anonymous';
}

/** What the route table refuses of `routes`, each at its `<route>`. */
function routeTableProblems(routes: readonly Located<RouteDeclaration>[]): ConfigProblem[] {
  const locations = new Map(routes.map((route) => [route.value, route.location]));
  return RouteTable.problemsOf(routes.map((route) => route.value)).map((problem) => {
    const { declaration } = problem;
    // Every declaration here comes from `routes`; the file is the fallback the type asks for.
    const location = locations.get(declaration) ?? { file: declaration.source ?? 'webapi.xml' };
    if (!('earlier' in problem)) {
      const reason = String(problem.error.parameters.problem);
      return { location, message: `invalid route declaration ${shown(declaration.method)} ${shown(declaration.url)}: ${reason}` };
    }
    const earlier = locations.get(problem.earlier);
    return {
      location,
      message:
        `route ${shown(declaration.method.toUpperCase())} ${shown(declaration.url)} is declared with access ${describeAccess(declaration.access)}` +
        ` here but ${describeAccess(problem.earlier.access)}` +
        ` at ${earlier === undefined ? (problem.earlier.source ?? 'an earlier declaration') : describeLocation(earlier)}; a route may be declared again only with the same access`,
    };
  });
}

function describeAccess(access: RouteAccess): string {
  return typeof access === 'string' ? access : shown(access.join(', '));
}

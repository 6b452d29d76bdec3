import { type ClassConstructor } from 'class-transformer';
import { type ActionOnRecord } from '../../../application/access/actor';
import { type AdminPrincipal } from '../../../application/use-cases/admin-auth/authorize-admin.use-case';
import { route, type RouteContext, type RouteSpec } from '../route-spec';

/** What a route of a resource says itself; the resource gives its URL, tag and required access. */
type Declared<B, Q> = Omit<RouteSpec<B, Q>, 'method' | 'url' | 'tag' | 'access' | 'success'> & {
  /** The 200 answer (201 for `create`). */
  readonly success: Omit<RouteSpec['success'], 'status'>;
};

/** A `create` route: its DTO, and where the new record's id is in what `handle` returns. */
type Created<B extends object, R> = Omit<Declared<B, unknown>, 'body' | 'handle'> & {
  readonly body: ClassConstructor<B>;
  readonly handle: (context: RouteContext<B, unknown>) => Promise<R>;
  readonly idOf: (created: R) => string;
};

/**
 * The routes of one admin resource (integrations, roles, admin users): one collection URL and
 * `/:id` below it, one OpenAPI tag, one ACL resource the admin's role must allow.
 */
export class ResourceRoutes {
  constructor(
    private readonly base: string,
    private readonly tag: string,
    private readonly access: readonly string[],
  ) {}

  /** `GET base`: a page of the records. */
  list<Q>(spec: Declared<unknown, Q>): RouteSpec {
    return this.declare('GET', this.base, spec);
  }

  /**
   * `POST base`, confirmed with the admin's password: 201 with the new record, its URL in
   * `Location` (`idOf` finds the record's id in what `handle` returns).
   */
  create<B extends object, R>(spec: Created<B, R>): RouteSpec {
    const { idOf, handle, ...declared } = spec;
    return route<B>({
      ...this.at('POST', this.base),
      ...declared,
      confirmsPassword: true,
      success: { status: 201, ...spec.success },
      handle: async (context) => {
        const created = await handle(context);
        void context.reply.header('location', `${this.base}/${idOf(created)}`);
        return created;
      },
    });
  }

  /** `PUT base/:id`, confirmed with the admin's password. */
  update<B>(spec: Declared<B, unknown>): RouteSpec {
    return this.declare('PUT', `${this.base}/:id`, { ...spec, confirmsPassword: true });
  }

  /** `GET`, `POST` or `DELETE` on `base/:id`, or on `base/:id/<action>`. */
  record<B = unknown, Q = unknown>(method: 'GET' | 'POST' | 'DELETE', action: string | null, spec: Declared<B, Q>): RouteSpec {
    return this.declare(method, action === null ? `${this.base}/:id` : `${this.base}/:id/${action}`, spec);
  }

  private declare<B, Q>(method: RouteSpec['method'], url: string, spec: Declared<B, Q>): RouteSpec {
    return route<B, Q>({ ...this.at(method, url), ...spec, success: { status: 200, ...spec.success } });
  }

  private at(method: RouteSpec['method'], url: string): Pick<RouteSpec, 'method' | 'url' | 'tag' | 'access'> {
    return { method, url, tag: this.tag, access: this.access };
  }
}

/** The acting admin, for the use case's checks and its audit; none on an integration's signed call. */
export function actorOf(principal: AdminPrincipal | null): Pick<ActionOnRecord, 'actor'> {
  return principal !== null ? { actor: principal.actor } : {};
}

/** The record of `:id` and the signed-in admin, as the use cases on one record take them. */
export function recordOf({ params, principal }: Pick<RouteContext<unknown, unknown>, 'params' | 'principal'>): ActionOnRecord {
  return { id: params.id ?? '', ...actorOf(principal) };
}

/** Drops undefined fields, so a partial update leaves unsent fields alone. */
export function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

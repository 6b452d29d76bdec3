import { RuleViolationError } from '../../domain/kernel/domain-error';

/** Resources a route needs (all of them), or `anonymous` for a route anyone may call. */
export type RequiredAccess = 'anonymous' | readonly string[];

/**
 * What a route needs: its resources (all of them), `anonymous` (anyone, no credentials), or
 * `self`. In Magento `self` is the customer-self resource (a customer acting on their own data,
 * `%customer_id%` forced from the token). Portcullis has no customer principal, so `self` means
 * "any authenticated principal": it resolves to the required resources `[]`, i.e. the guard
 * authenticates and then requires nothing more.
 */
export type RouteAccess = RequiredAccess | 'self';

export interface RouteDeclaration {
  /** An HTTP method (`GET`, `post`, ...); compared case-insensitively. */
  readonly method: string;
  /**
   * A Magento route template, e.g. `/V1/orders/:id` or `/V1/products/:sku/media`: segments are
   * literal, or `:name` for one non-empty path segment.
   */
  readonly url: string;
  readonly access: RouteAccess;
  /** Where the declaration comes from (`Magento_Sales/etc/webapi.xml:10:5`), named in errors. */
  readonly source?: string;
}

export interface RouteTableOptions {
  /**
   * The mount point stripped from request paths before matching (`/rest/V1/orders` is matched as
   * `/V1/orders`); optional in requests. Default `/rest`; `''` strips nothing.
   */
  readonly prefix?: string;
}

export interface RouteMatch {
  /** The declaration's access with `self` resolved to `[]` (see RouteAccess). */
  readonly access: RequiredAccess;
  readonly declaration: RouteDeclaration;
}

/** A route declaration (or the table's options) breaks a rule: bad method, url, access or prefix. */
export class InvalidRouteDeclarationError extends RuleViolationError {
  readonly code = 'ROUTE.INVALID_DECLARATION';
  constructor(problem: string, declaration: { readonly method?: unknown; readonly url?: unknown; readonly source?: string | undefined }) {
    super(`Invalid route declaration ${describeDeclaration(declaration)}: ${problem}.`, {
      problem,
      method: String(declaration.method),
      url: String(declaration.url),
      ...(declaration.source !== undefined ? { source: declaration.source } : {}),
    });
  }
}

/** The same method and url template are declared twice with different access. */
export class ConflictingRouteDeclarationError extends RuleViolationError {
  readonly code = 'ROUTE.CONFLICTING_DECLARATION';
  constructor(first: RouteDeclaration, second: RouteDeclaration) {
    super(
      `Route ${second.method.toUpperCase()} ${second.url} is declared twice with different access: ` +
        `${describeAccess(first.access)} (${first.source ?? 'first declaration'}) and ` +
        `${describeAccess(second.access)} (${second.source ?? 'second declaration'}).`,
      {
        method: second.method.toUpperCase(),
        url: second.url,
        sources: [first.source ?? '', second.source ?? ''],
      },
    );
  }
}

/** A declaration `RouteTable.of` refuses, and the error it would throw for it. */
export type RouteDeclarationProblem =
  | { readonly declaration: RouteDeclaration; readonly error: InvalidRouteDeclarationError }
  | {
      readonly declaration: RouteDeclaration;
      readonly error: ConflictingRouteDeclarationError;
      /** The earlier declaration of the same route, with other access. */
      readonly earlier: RouteDeclaration;
    };

/** RFC 9110 `token`. */
const METHOD_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Characters a url template may not contain (query, fragment, whitespace, control characters). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it rejects
const FORBIDDEN_IN_URL = /[?#\s\u0000-\u001f\u007f]/;
/** A Magento store code segment (`/rest/default/V1/...`, `/rest/all/V1/...`). */
const STORE_CODE_PATTERN = /^[a-z0-9_]+$/;
/** The API version segment a store code must precede (`V1`, `V2`, ...). */
const VERSION_PATTERN = /^V[0-9]+$/;
/** `%XX` escapes of RFC 3986 unreserved characters, which mean the same as the character itself. */
const ESCAPED_UNRESERVED = /%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[DEde]|5[Ff]|7[Ee])/g;

interface CompiledRoute {
  readonly declaration: RouteDeclaration;
  readonly access: RequiredAccess;
  /** Literal segments as declared; `null` for a `:param`. */
  readonly segments: readonly (string | null)[];
  /** The template ends with `/` (Magento ignores it; Portcullis prefers it for such requests). */
  readonly trailingSlash: boolean;
  /** Method + segments with parameters as `:` + trailing slash: equal keys are the same route. */
  readonly key: string;
}

/** The templates of one method. */
interface MethodIndex {
  /** Templates without parameters, by path (`/V1/orders/items`): checked first, they always win. */
  readonly literal: Map<string, CompiledRoute[]>;
  /** Templates with parameters by segment count, most specific first (literal before parameter, left to right). */
  readonly parameterised: Map<number, CompiledRoute[]>;
}

/**
 * The routes a host declares (in code or from Magento `webapi.xml` files) and the access each
 * needs; pure and immutable, built once and matched on every request.
 *
 * Matching follows Magento's REST router: segments compare literally and case-sensitively, a
 * `:param` matches one non-empty segment, and where several templates match, a literal segment
 * beats a parameter, left to right (`/V1/orders/items` beats `/V1/orders/:id`).
 */
export class RouteTable {
  private constructor(
    private readonly byMethod: ReadonlyMap<string, MethodIndex>,
    private readonly prefix: string,
    private readonly all: readonly RouteDeclaration[],
    /** The literal first segments of the templates (`V1`): such a segment is never a store code. */
    private readonly firstSegments: ReadonlySet<string>,
  ) {}

  /**
   * Checks and indexes the declarations. A declaration repeated with the same access (a `self`
   * route and a `[]` route count as the same) is kept once, the first one.
   * @throws InvalidRouteDeclarationError for a method that is not an HTTP token, a url that does
   *   not start with `/` or has an empty segment, `?`, `#`, whitespace or a nameless `:`, an access
   *   that is not `anonymous`, `self` or a list of non-empty resource ids, or an invalid prefix
   * @throws ConflictingRouteDeclarationError for the same method and url declared with different
   *   access, naming both sources. Urls that differ only in parameter names (`/V1/x/:id`,
   *   `/V1/x/:key`) are the same route; `/V1/x` and `/V1/x/` are two (see `match`).
   */
  static of(declarations: Iterable<RouteDeclaration>, options: RouteTableOptions = {}): RouteTable {
    const prefix = options.prefix ?? '/rest';
    if (prefix !== '' && (!prefix.startsWith('/') || prefix.endsWith('/') || FORBIDDEN_IN_URL.test(prefix))) {
      throw new InvalidRouteDeclarationError(`the prefix "${prefix}" must be '' or start with '/' and not end with '/'`, { method: '*', url: prefix });
    }
    const byKey = distinctRoutes(declarations, (problem) => {
      throw problem.error;
    });

    const byMethod = new Map<string, MethodIndex>();
    for (const route of byKey.values()) {
      const method = route.declaration.method.toUpperCase();
      let index = byMethod.get(method);
      if (index === undefined) {
        index = { literal: new Map(), parameterised: new Map() };
        byMethod.set(method, index);
      }
      if (route.segments.every((segment) => segment !== null)) {
        const path = `/${route.segments.join('/')}`;
        index.literal.set(path, [...(index.literal.get(path) ?? []), route]);
      } else {
        const count = route.segments.length;
        index.parameterised.set(count, [...(index.parameterised.get(count) ?? []), route]);
      }
    }
    for (const index of byMethod.values()) {
      for (const routes of index.parameterised.values()) routes.sort(bySpecificity);
    }
    const firstSegments = new Set<string>();
    for (const route of byKey.values()) if (typeof route.segments[0] === 'string') firstSegments.add(route.segments[0]);
    return new RouteTable(
      byMethod,
      prefix,
      [...byKey.values()].map((route) => route.declaration),
      firstSegments,
    );
  }

  /**
   * Every reason `of` would refuse the declarations (it throws the first), in declaration order:
   * each declaration that breaks a rule, and each that contradicts an earlier one. Empty when `of`
   * accepts them (the prefix aside, which is not a declaration's).
   */
  static problemsOf(declarations: Iterable<RouteDeclaration>): RouteDeclarationProblem[] {
    const problems: RouteDeclarationProblem[] = [];
    distinctRoutes(declarations, (problem) => problems.push(problem));
    return problems;
  }

  /** The distinct declarations, in the order first declared. */
  get declarations(): readonly RouteDeclaration[] {
    return this.all;
  }

  get size(): number {
    return this.all.length;
  }

  /**
   * The route a request is for, or `null` when none matches (the caller decides what an
   * undeclared route means; a guard should refuse it).
   *
   * `path` is the request path without query (anything from `?` or `#` is ignored all the same).
   * Before matching: the prefix (`/rest`) is stripped when present; then a store code segment
   * (`[a-z0-9_]+`) directly after the prefix (or first, when the prefix is `''`) and directly
   * before a version segment (`V1`, `V2`, ...) is stripped, as Magento does for
   * `/rest/default/V1/...` and `/rest/all/V1/...` (which codes exist is not checked; a segment
   * that starts a declared template, such as `rest` in `/rest/V1/x` with prefix `''`, is never
   * taken for a store code). A trailing `/` is ignored, as Magento does, except that where both
   * `/V1/x` and `/V1/x/` are declared a request with the slash gets the slashed one (Magento would
   * serve it by `/V1/x`, so this is never looser than Magento). `HEAD` uses the `GET` routes unless `HEAD`
   * routes are declared, as the HTTP frameworks do.
   *
   * Segments are matched raw: `%2F` stays inside its segment and a parameter matches it as is.
   * Only escapes of unreserved characters are decoded first (RFC 3986 §6.2.2.2: `it%65ms` is
   * `items`), so an escaped literal cannot slip past its route. A path with an empty, `.` or `..`
   * segment matches nothing: a backend could resolve it to a different route.
   */
  match(method: string, path: string): RouteMatch | null {
    const upper = method.toUpperCase();
    const index = this.byMethod.get(upper) ?? (upper === 'HEAD' ? this.byMethod.get('GET') : undefined);
    if (index === undefined) return null;
    const request = this.segmentsOf(path);
    if (request === null) return null;
    const { segments, trailingSlash } = request;

    const literal = index.literal.get(`/${segments.join('/')}`);
    if (literal !== undefined) return found(preferred(literal, trailingSlash));

    const candidates = index.parameterised.get(segments.length);
    if (candidates === undefined) return null;
    for (let i = 0; i < candidates.length; i += 1) {
      const candidate = candidates[i] as CompiledRoute;
      if (!matches(candidate, segments)) continue;
      // The same template with and without a trailing slash sorts side by side.
      const twin = candidates[i + 1];
      if (twin !== undefined && twin.trailingSlash === trailingSlash && twin.trailingSlash !== candidate.trailingSlash && sameShape(twin, candidate)) {
        return found(twin);
      }
      return found(candidate);
    }
    return null;
  }

  /** The segments to match (without the leading empty one), or null when the path can match nothing. */
  private segmentsOf(rawPath: string): { segments: string[]; trailingSlash: boolean } | null {
    let path = rawPath;
    const end = path.search(/[?#]/);
    if (end !== -1) path = path.slice(0, end);
    const prefix = this.prefix;
    // A store code can only follow the prefix (Magento: `/rest/<store_code>/V1/...`).
    let afterPrefix = prefix === '';
    if (!afterPrefix && path.startsWith(prefix) && (path.length === prefix.length || path.charCodeAt(prefix.length) === 47)) {
      path = path.slice(prefix.length) || '/';
      afterPrefix = true;
    }
    if (path.charCodeAt(0) !== 47) return null;

    if (path.length === 1) return { segments: [], trailingSlash: false };

    const segments = path.slice(1).split('/');
    const trailingSlash = segments[segments.length - 1] === '';
    if (trailingSlash) segments.pop();
    for (let i = 0; i < segments.length; i += 1) {
      let segment = segments[i] as string;
      if (segment.includes('%')) {
        segment = segment.replace(ESCAPED_UNRESERVED, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16)));
        segments[i] = segment;
      }
      if (segment === '' || segment === '.' || segment === '..') return null;
    }
    const first = segments[0] as string;
    if (afterPrefix && segments.length >= 2 && STORE_CODE_PATTERN.test(first) && VERSION_PATTERN.test(segments[1] as string) && !this.firstSegments.has(first)) {
      segments.shift();
    }
    return { segments, trailingSlash };
  }
}

/**
 * The routes by key, the first declaration of each; `refuse` is told of every declaration that
 * breaks a rule (left out) or contradicts an earlier one (the earlier one is kept).
 */
function distinctRoutes(declarations: Iterable<RouteDeclaration>, refuse: (problem: RouteDeclarationProblem) => void): Map<string, CompiledRoute> {
  const byKey = new Map<string, CompiledRoute>();
  for (const declaration of declarations) {
    let route: CompiledRoute;
    try {
      route = compile(declaration);
    } catch (error) {
      if (!(error instanceof InvalidRouteDeclarationError)) throw error;
      refuse({ declaration, error });
      continue;
    }
    const earlier = byKey.get(route.key);
    if (earlier === undefined) byKey.set(route.key, route);
    else if (!sameAccess(earlier.access, route.access)) {
      refuse({ declaration, error: new ConflictingRouteDeclarationError(earlier.declaration, declaration), earlier: earlier.declaration });
    }
  }
  return byKey;
}

function compile(declaration: RouteDeclaration): CompiledRoute {
  const { method, url, access } = declaration as { method: unknown; url: unknown; access: unknown };
  if (typeof method !== 'string' || !METHOD_PATTERN.test(method)) {
    throw new InvalidRouteDeclarationError('the method must be an HTTP method such as GET or POST', declaration);
  }
  if (typeof url !== 'string' || !url.startsWith('/')) {
    throw new InvalidRouteDeclarationError("the url must start with '/'", declaration);
  }
  if (FORBIDDEN_IN_URL.test(url)) {
    throw new InvalidRouteDeclarationError('the url may not contain a query, a fragment, whitespace or control characters', declaration);
  }
  const trailingSlash = url.length > 1 && url.endsWith('/');
  const body = url.slice(1, trailingSlash ? -1 : undefined);
  const raw = body === '' ? [] : body.split('/');
  const segments = raw.map((segment): string | null => {
    if (segment === '') throw new InvalidRouteDeclarationError('the url has an empty segment (//)', declaration);
    if (segment === '.' || segment === '..') throw new InvalidRouteDeclarationError(`the url has a "${segment}" segment`, declaration);
    if (segment === ':') throw new InvalidRouteDeclarationError('the url has a parameter without a name (":")', declaration);
    // As Magento: `:name` is a parameter, `::name` a literal.
    return segment.startsWith(':') && !segment.startsWith('::') ? null : segment;
  });
  const resolved = resolveAccess(access, declaration);
  // A parameter is ':' and a literal '/literal', so a literal `::x` cannot collide with a parameter.
  const shape = segments.map((segment) => (segment === null ? ':' : `/${segment}`)).join(' ');
  return {
    declaration,
    access: resolved,
    segments,
    trailingSlash,
    key: `${method.toUpperCase()} ${shape}${trailingSlash ? ' (trailing /)' : ''}`,
  };
}

function resolveAccess(access: unknown, declaration: RouteDeclaration): RequiredAccess {
  if (access === 'anonymous') return 'anonymous';
  if (access === 'self') return [];
  if (!Array.isArray(access)) {
    throw new InvalidRouteDeclarationError("the access must be 'anonymous', 'self' or a list of resource ids", declaration);
  }
  for (const resource of access as unknown[]) {
    if (typeof resource !== 'string' || resource.trim() === '' || resource !== resource.trim()) {
      throw new InvalidRouteDeclarationError(`the resource id ${JSON.stringify(resource)} is empty or has surrounding whitespace`, declaration);
    }
    if (resource === 'anonymous' || resource === 'self') {
      throw new InvalidRouteDeclarationError(`"${resource}" is not a resource id: declare the access as '${resource}' instead of a list`, declaration);
    }
  }
  return [...new Set(access as string[])];
}

function sameAccess(a: RequiredAccess, b: RequiredAccess): boolean {
  if (a === 'anonymous' || b === 'anonymous') return a === b;
  const set = new Set(a);
  return new Set(b).size === set.size && b.every((resource) => set.has(resource));
}

/** Literal before parameter at the first segment where two templates differ in kind; then the unslashed one first. */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  for (let i = 0; i < a.segments.length; i += 1) {
    const aIsParam = a.segments[i] === null;
    const bIsParam = b.segments[i] === null;
    if (aIsParam !== bIsParam) return aIsParam ? 1 : -1;
  }
  for (let i = 0; i < a.segments.length; i += 1) {
    const x = a.segments[i] ?? '';
    const y = b.segments[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return Number(a.trailingSlash) - Number(b.trailingSlash);
}

function sameShape(a: CompiledRoute, b: CompiledRoute): boolean {
  return a.segments.every((segment, i) => segment === b.segments[i]);
}

function matches(route: CompiledRoute, segments: readonly string[]): boolean {
  const template = route.segments;
  for (let i = 0; i < template.length; i += 1) {
    const literal = template[i];
    if (literal !== null && literal !== segments[i]) return false;
  }
  return true;
}

function preferred(routes: readonly CompiledRoute[], trailingSlash: boolean): CompiledRoute {
  return routes.find((route) => route.trailingSlash === trailingSlash) ?? (routes[0] as CompiledRoute);
}

function found(route: CompiledRoute): RouteMatch {
  return { access: route.access, declaration: route.declaration };
}

function describeDeclaration(declaration: { readonly method?: unknown; readonly url?: unknown; readonly source?: string | undefined }): string {
  const where = declaration.source !== undefined ? ` (${declaration.source})` : '';
  return `${typeof declaration.method === 'string' ? declaration.method : String(declaration.method)} ${typeof declaration.url === 'string' ? declaration.url : String(declaration.url)}${where}`;
}

function describeAccess(access: RouteAccess): string {
  if (access === 'anonymous' || access === 'self') return access;
  return access.length === 0 ? '[] (any authenticated principal)' : access.join(', ');
}

import {
  ConflictingRouteDeclarationError,
  InvalidRouteDeclarationError,
  type RouteDeclaration,
  RouteTable,
} from '../../../../src/application/guard/route-table';
import { DomainError } from '../../../../src/domain/kernel/domain-error';
import { errorFrom } from '../../../support/errors';

const SALES: readonly RouteDeclaration[] = [
  { method: 'GET', url: '/V1/orders/:id', access: ['Magento_Sales::actions_view'] },
  { method: 'GET', url: '/V1/orders', access: ['Magento_Sales::actions_view'] },
  { method: 'GET', url: '/V1/orders/items', access: ['Magento_Sales::items'] },
  { method: 'GET', url: '/V1/orders/:id/comments', access: ['Magento_Sales::comment', 'Magento_Sales::actions_view'] },
  { method: 'POST', url: '/V1/orders', access: ['Magento_Sales::api_actions'] },
  { method: 'POST', url: '/V1/customers', access: 'anonymous' },
  { method: 'GET', url: '/V1/customers/me', access: 'self' },
  { method: 'GET', url: '/V1/products/:sku/media', access: ['Magento_Catalog::catalog'] },
];

/** The url of the declaration a request matches, or null. */
function urlOf(table: RouteTable, method: string, path: string): string | null {
  return table.match(method, path)?.declaration.url ?? null;
}

describe('RouteTable', () => {
  const table = RouteTable.of(SALES);

  describe('match', () => {
    it('finds a route by method and path, with its required resources', () => {
      expect(table.match('GET', '/rest/V1/orders/42')).toEqual({
        access: ['Magento_Sales::actions_view'],
        declaration: SALES[0],
      });
      expect(table.match('GET', '/rest/V1/orders/42/comments')?.access).toEqual(['Magento_Sales::comment', 'Magento_Sales::actions_view']);
      expect(table.match('POST', '/rest/V1/orders')?.access).toEqual(['Magento_Sales::api_actions']);
    });

    it("resolves 'self' to [] (any authenticated principal) and keeps 'anonymous'", () => {
      expect(table.match('GET', '/rest/V1/customers/me')).toEqual({ access: [], declaration: SALES[6] });
      expect(table.match('POST', '/rest/V1/customers')?.access).toBe('anonymous');
    });

    it('lets a literal segment beat a parameter (/V1/orders/items over /V1/orders/:id), whatever the declaration order', () => {
      expect(urlOf(table, 'GET', '/rest/V1/orders/items')).toBe('/V1/orders/items');
      expect(table.match('GET', '/rest/V1/orders/items')?.access).toEqual(['Magento_Sales::items']);
      const reversed = RouteTable.of([...SALES].reverse());
      expect(urlOf(reversed, 'GET', '/rest/V1/orders/items')).toBe('/V1/orders/items');
      expect(urlOf(reversed, 'GET', '/rest/V1/orders/item')).toBe('/V1/orders/:id');
    });

    it('prefers the template whose first differing segment is literal, left to right', () => {
      const routes = RouteTable.of([
        { method: 'GET', url: '/V1/a/:x/c', access: ['X'] },
        { method: 'GET', url: '/V1/a/b/:y', access: ['Y'] },
        { method: 'GET', url: '/V1/:z/b/c', access: ['Z'] },
      ]);
      expect(urlOf(routes, 'GET', '/V1/a/b/c')).toBe('/V1/a/b/:y');
      expect(urlOf(routes, 'GET', '/V1/a/q/c')).toBe('/V1/a/:x/c');
      expect(urlOf(routes, 'GET', '/V1/q/b/c')).toBe('/V1/:z/b/c');
      expect(urlOf(routes, 'GET', '/V1/q/b/q')).toBeNull();
    });

    it('compares the method case-insensitively', () => {
      expect(urlOf(table, 'get', '/rest/V1/orders/1')).toBe('/V1/orders/:id');
      expect(urlOf(table, 'Post', '/rest/V1/orders')).toBe('/V1/orders');
      const lower = RouteTable.of([{ method: 'delete', url: '/V1/x/:id', access: ['X'] }]);
      expect(urlOf(lower, 'DELETE', '/V1/x/1')).toBe('/V1/x/:id');
    });

    it('compares path segments case-sensitively, as Magento does', () => {
      expect(table.match('GET', '/rest/V1/Orders/1')).toBeNull();
      expect(table.match('GET', '/rest/v1/orders/1')).toBeNull();
    });

    it('answers null when nothing matches: unknown path, other method, other segment count', () => {
      expect(table.match('GET', '/rest/V1/invoices/1')).toBeNull();
      expect(table.match('DELETE', '/rest/V1/orders/1')).toBeNull();
      expect(table.match('GET', '/rest/V1/orders/1/comments/2')).toBeNull();
      expect(table.match('GET', '/rest/V1')).toBeNull();
      expect(table.match('GET', '/')).toBeNull();
      expect(table.match('GET', '')).toBeNull();
      expect(table.match('GET', 'V1/orders')).toBeNull();
    });

    it('strips the /rest prefix when present, and matches without it too', () => {
      expect(urlOf(table, 'GET', '/V1/orders/1')).toBe('/V1/orders/:id');
      expect(urlOf(table, 'GET', '/rest/V1/orders/1')).toBe('/V1/orders/:id');
      expect(table.match('GET', '/restV1/orders/1')).toBeNull();
      expect(table.match('GET', '/api/V1/orders/1')).toBeNull();
    });

    it('strips an optional store code segment before the version segment (/rest/<store_code>/V1/...)', () => {
      expect(urlOf(table, 'GET', '/rest/default/V1/orders/1')).toBe('/V1/orders/:id');
      expect(urlOf(table, 'GET', '/rest/all/V1/orders/items')).toBe('/V1/orders/items');
      expect(urlOf(table, 'GET', '/rest/store_2/V1/orders')).toBe('/V1/orders');
      // One segment only, lower-case [a-z0-9_], right after the prefix and directly before V<n>.
      expect(table.match('GET', '/default/V1/orders')).toBeNull();
      expect(table.match('GET', '/rest/fr/default/V1/orders')).toBeNull();
      expect(table.match('GET', '/rest/Default/V1/orders')).toBeNull();
      expect(table.match('GET', '/rest/de-ch/V1/orders')).toBeNull();
      expect(table.match('GET', '/rest/default/orders')).toBeNull();
    });

    it('uses a configured prefix instead of /rest, or none', () => {
      const api = RouteTable.of(SALES, { prefix: '/api/rest' });
      expect(urlOf(api, 'GET', '/api/rest/V1/orders/1')).toBe('/V1/orders/:id');
      expect(urlOf(api, 'GET', '/api/rest/default/V1/orders/1')).toBe('/V1/orders/:id');
      expect(api.match('GET', '/rest/V1/orders/1')).toBeNull();
      const bare = RouteTable.of([...SALES, { method: 'GET', url: '/rest/V1/x', access: ['X'] }], { prefix: '' });
      expect(urlOf(bare, 'GET', '/rest/V1/x')).toBe('/rest/V1/x');
      expect(urlOf(bare, 'GET', '/default/V1/orders')).toBe('/V1/orders');
    });

    it('ignores a query or fragment should one be passed', () => {
      expect(urlOf(table, 'GET', '/rest/V1/orders/items?searchCriteria=1')).toBe('/V1/orders/items');
      expect(urlOf(table, 'GET', '/rest/V1/orders#x')).toBe('/V1/orders');
    });

    it('matches percent-encoded segments raw: %2F stays inside its parameter', () => {
      expect(urlOf(table, 'GET', '/rest/V1/products/a%2Fb/media')).toBe('/V1/products/:sku/media');
      expect(urlOf(table, 'GET', '/rest/V1/orders/a%2Fcomments')).toBe('/V1/orders/:id');
      expect(table.match('GET', '/rest/V1/products/a/b/media')).toBeNull();
      expect(urlOf(table, 'GET', '/rest/V1/orders/%20')).toBe('/V1/orders/:id');
    });

    it('decodes escaped unreserved characters, so an escaped literal cannot reach a looser route', () => {
      expect(urlOf(table, 'GET', '/rest/V1/orders/it%65ms')).toBe('/V1/orders/items');
      expect(urlOf(table, 'GET', '/rest/V1/%6Frders/items')).toBe('/V1/orders/items');
      expect(urlOf(table, 'GET', '/rest/%56%31/orders')).toBe('/V1/orders');
    });

    it('matches nothing for an empty, . or .. segment (a backend could resolve it elsewhere)', () => {
      expect(table.match('GET', '/rest/V1/orders//comments')).toBeNull();
      expect(table.match('GET', '/rest/V1/orders/..')).toBeNull();
      expect(table.match('GET', '/rest/V1/orders/.')).toBeNull();
      expect(table.match('GET', '/rest/V1/orders/%2e%2E')).toBeNull();
      expect(table.match('GET', '/rest/V1/products/../media')).toBeNull();
      expect(table.match('GET', '//')).toBeNull();
    });

    it('ignores one trailing slash, as Magento does', () => {
      expect(urlOf(table, 'GET', '/rest/V1/orders/')).toBe('/V1/orders');
      expect(urlOf(table, 'GET', '/rest/V1/orders/1/')).toBe('/V1/orders/:id');
      const slashed = RouteTable.of([{ method: 'POST', url: '/V1/shipment/', access: ['Magento_Sales::shipment'] }]);
      expect(urlOf(slashed, 'POST', '/rest/V1/shipment')).toBe('/V1/shipment/');
      expect(urlOf(slashed, 'POST', '/rest/V1/shipment/')).toBe('/V1/shipment/');
    });

    it('gives a request with a trailing slash the slashed template when both are declared (Magento_Customer: POST /V1/customers and /V1/customers/)', () => {
      const customers = RouteTable.of([
        { method: 'POST', url: '/V1/customers', access: 'anonymous' },
        { method: 'POST', url: '/V1/customers/', access: ['Magento_Customer::manage'] },
        { method: 'PUT', url: '/V1/customers/:id/', access: ['Magento_Customer::manage'] },
        { method: 'PUT', url: '/V1/customers/:id', access: ['Magento_Customer::customer'] },
      ]);
      expect(customers.match('POST', '/rest/V1/customers')?.access).toBe('anonymous');
      expect(customers.match('POST', '/rest/V1/customers/')?.access).toEqual(['Magento_Customer::manage']);
      expect(customers.match('PUT', '/rest/V1/customers/5')?.access).toEqual(['Magento_Customer::customer']);
      expect(customers.match('PUT', '/rest/V1/customers/5/')?.access).toEqual(['Magento_Customer::manage']);
    });

    it('answers HEAD from the GET routes unless HEAD routes are declared', () => {
      expect(urlOf(table, 'HEAD', '/rest/V1/orders/1')).toBe('/V1/orders/:id');
      const head = RouteTable.of([...SALES, { method: 'HEAD', url: '/V1/ping', access: 'anonymous' }]);
      expect(urlOf(head, 'HEAD', '/V1/ping')).toBe('/V1/ping');
      expect(head.match('HEAD', '/V1/orders/1')).toBeNull();
    });

    it('matches a route on / and a parameter-only route', () => {
      const routes = RouteTable.of([
        { method: 'GET', url: '/', access: 'anonymous' },
        { method: 'GET', url: '/:page', access: ['P'] },
      ]);
      expect(urlOf(routes, 'GET', '/')).toBe('/');
      expect(urlOf(routes, 'GET', '/rest')).toBe('/');
      expect(urlOf(routes, 'GET', '/about')).toBe('/:page');
    });

    it("treats '::name' as a literal segment, as Magento does", () => {
      const routes = RouteTable.of([{ method: 'GET', url: '/V1/x/::y', access: ['X'] }]);
      expect(urlOf(routes, 'GET', '/V1/x/::y')).toBe('/V1/x/::y');
      expect(routes.match('GET', '/V1/x/y')).toBeNull();
    });
  });

  describe('problemsOf', () => {
    it('lists every declaration `of` refuses, in order, with the error `of` would throw for it', () => {
      const bad = { method: 'GET', url: 'V1/x', access: ['X'], source: 'a.xml:1:1' } as const;
      const first = { method: 'GET', url: '/V1/orders/:id', access: ['Magento_Sales::actions_view'], source: 'a.xml:2:1' } as const;
      const conflicting = { method: 'get', url: '/V1/orders/:orderId', access: 'anonymous', source: 'b.xml:3:5' } as const;
      const badMethod = { method: 'G ET', url: '/V1/y', access: ['X'], source: 'b.xml:9:5' } as const;

      const problems = RouteTable.problemsOf([bad, ...SALES, first, conflicting, badMethod]);

      expect(problems.map((problem) => [problem.declaration, problem.error.constructor, 'earlier' in problem ? problem.earlier : null])).toEqual([
        [bad, InvalidRouteDeclarationError, null],
        [conflicting, ConflictingRouteDeclarationError, SALES[0]],
        [badMethod, InvalidRouteDeclarationError, null],
      ]);
      expect(problems[0]?.error.message).toBe(errorFrom(() => RouteTable.of([bad])).message);
      expect(problems[1]?.error.message).toBe(errorFrom(() => RouteTable.of([...SALES, conflicting])).message);
    });

    it('is empty for declarations `of` accepts', () => {
      expect(RouteTable.problemsOf([...SALES, { method: 'get', url: '/V1/orders/:orderId', access: ['Magento_Sales::actions_view'] }])).toEqual([]);
    });
  });

  describe('of', () => {
    it('keeps a repeated declaration with the same access once (self and [] are the same access)', () => {
      const routes = RouteTable.of([
        ...SALES,
        { method: 'get', url: '/V1/orders/:orderId', access: ['Magento_Sales::actions_view'], source: 'later.xml' },
        { method: 'GET', url: '/V1/customers/me', access: [] },
        { method: 'GET', url: '/V1/orders/:id/comments', access: ['Magento_Sales::actions_view', 'Magento_Sales::comment'] },
      ]);
      expect(routes.size).toBe(SALES.length);
      expect(routes.declarations).toEqual(SALES);
    });

    it('rejects the same method and url with different access, naming both sources', () => {
      const error = errorFrom(() =>
        RouteTable.of([
          { method: 'GET', url: '/V1/orders/:id', access: ['Magento_Sales::actions_view'], source: 'a.xml:10:5' },
          { method: 'get', url: '/V1/orders/:orderId', access: 'anonymous', source: 'b.xml:3:5' },
        ]),
      );
      expect(error).toBeInstanceOf(ConflictingRouteDeclarationError);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'ROUTE.CONFLICTING_DECLARATION' });
      expect(error.message).toBe(
        'Route GET /V1/orders/:orderId is declared twice with different access: Magento_Sales::actions_view (a.xml:10:5) and anonymous (b.xml:3:5).',
      );
    });

    it('tells self from other resources in a conflict', () => {
      expect(() =>
        RouteTable.of([
          { method: 'GET', url: '/V1/customers/me', access: 'self' },
          { method: 'GET', url: '/V1/customers/me', access: ['Magento_Customer::customer'] },
        ]),
      ).toThrow('declared twice with different access: self (first declaration) and Magento_Customer::customer (second declaration)');
    });

    it.each([
      ['an invalid method', { method: 'GE T', url: '/V1/x', access: ['X'] }, 'the method must be an HTTP method such as GET or POST'],
      ['an empty method', { method: '', url: '/V1/x', access: ['X'] }, 'the method must be an HTTP method'],
      ['a url not starting with /', { method: 'GET', url: 'V1/x', access: ['X'] }, "the url must start with '/'"],
      ['a url with a query', { method: 'GET', url: '/V1/x?a=1', access: ['X'] }, 'may not contain a query'],
      ['a url with an empty segment', { method: 'GET', url: '/V1//x', access: ['X'] }, 'empty segment'],
      ['a url with a .. segment', { method: 'GET', url: '/V1/../x', access: ['X'] }, 'a ".." segment'],
      ['a nameless parameter', { method: 'GET', url: '/V1/:', access: ['X'] }, 'parameter without a name'],
      ['an empty resource id', { method: 'GET', url: '/V1/x', access: [' '] }, 'is empty or has surrounding whitespace'],
      ['anonymous inside a list', { method: 'GET', url: '/V1/x', access: ['anonymous', 'X'] }, "declare the access as 'anonymous'"],
      ['an unknown access word', { method: 'GET', url: '/V1/x', access: 'everyone' }, "'anonymous', 'self' or a list"],
    ])('rejects %s with a clear message', (_, declaration, problem) => {
      const error = errorFrom(() => RouteTable.of([{ ...(declaration as RouteDeclaration), source: 'routes.ts' }]));
      expect(error).toBeInstanceOf(InvalidRouteDeclarationError);
      expect(error).toMatchObject({ code: 'ROUTE.INVALID_DECLARATION' });
      expect(error.message).toContain(problem);
      expect(error.message).toContain('(routes.ts)');
    });

    it('names the declaration in the message', () => {
      expect(() => RouteTable.of([{ method: 'GET', url: 'V1/orders', access: ['X'], source: 'webapi.xml:3:5' }])).toThrow(
        "Invalid route declaration GET V1/orders (webapi.xml:3:5): the url must start with '/'.",
      );
    });

    it('rejects a prefix that does not start with / or ends with /', () => {
      expect(() => RouteTable.of(SALES, { prefix: 'rest' })).toThrow(InvalidRouteDeclarationError);
      expect(() => RouteTable.of(SALES, { prefix: '/rest/' })).toThrow(InvalidRouteDeclarationError);
    });
  });
});

import { RouteUndeclaredError } from '../../../../src/application/guard/guard.errors';
import { baseUrlOf, declaredAccessOf, guardRequestOf, needsRawFormBody, parseFormBody } from '../../../../src/application/guard/guard-request';
import { RouteTable } from '../../../../src/application/guard/route-table';
import { errorFrom } from '../../../support/errors';

const SIGNED = 'OAuth oauth_consumer_key="k", oauth_signature="s"';
const FORM = 'application/x-www-form-urlencoded';

describe('guard request normalisation', () => {
  describe('baseUrlOf', () => {
    it('takes the configured public base URL over what the framework saw', () => {
      expect(baseUrlOf('https://shop.example', 'http', 'internal:8080')).toBe('https://shop.example');
    });

    it('falls back to the scheme and Host the framework saw', () => {
      expect(baseUrlOf(undefined, 'http', 'localhost:3000')).toBe('http://localhost:3000');
    });
  });

  describe('guardRequestOf', () => {
    const seen = { method: 'POST', url: '/rest/V1/orders?x=%2F', headers: { authorization: SIGNED }, protocol: 'https', host: 'api.example' };

    it('keeps method, raw target and headers as seen, and sets the base URL', () => {
      expect(guardRequestOf(seen, undefined)).toEqual({ method: 'POST', url: '/rest/V1/orders?x=%2F', headers: { authorization: SIGNED }, baseUrl: 'https://api.example' });
      expect(guardRequestOf(seen, 'https://public.example').baseUrl).toBe('https://public.example');
    });

    it('carries the form body only when the edge has one', () => {
      expect(guardRequestOf(seen, undefined)).not.toHaveProperty('formBody');
      expect(guardRequestOf({ ...seen, formBody: undefined }, undefined)).not.toHaveProperty('formBody');
      expect(guardRequestOf({ ...seen, formBody: 'a=1&b=%20' }, undefined).formBody).toBe('a=1&b=%20');
      expect(guardRequestOf({ ...seen, formBody: '' }, undefined).formBody).toBe('');
    });
  });

  describe('needsRawFormBody', () => {
    it('is true only for an OAuth-signed form post', () => {
      expect(needsRawFormBody({ 'content-type': `${FORM}; charset=utf-8`, authorization: SIGNED })).toBe(true);
      expect(needsRawFormBody({ 'content-type': FORM, authorization: 'Bearer abc' })).toBe(false);
      expect(needsRawFormBody({ 'content-type': FORM })).toBe(false);
      expect(needsRawFormBody({ 'content-type': 'application/json', authorization: SIGNED })).toBe(false);
      expect(needsRawFormBody({ authorization: SIGNED })).toBe(false);
    });
  });

  describe('parseFormBody', () => {
    it('decodes fields into an object without prototype, a repeated field as a list in order', () => {
      const fields = parseFormBody('a=1&b=x+y&a=2&c=%2F&a=3&__proto__=p');
      expect(Object.getPrototypeOf(fields)).toBeNull();
      expect({ ...fields }).toEqual({ a: ['1', '2', '3'], b: 'x y', c: '/', ['__proto__']: 'p' });
    });

    it('gives an empty object for an empty body', () => {
      expect({ ...parseFormBody('') }).toEqual({});
    });
  });

  describe('declaredAccessOf', () => {
    const routes = RouteTable.of([
      { method: 'GET', url: '/V1/orders/:id', access: ['Magento_Sales::actions_view'] },
      { method: 'GET', url: '/V1/customers/me', access: 'self' },
      { method: 'POST', url: '/V1/customers', access: 'anonymous' },
    ]);

    it("gives the matching declaration's access, ignoring the query ('self' resolved to [])", () => {
      expect(declaredAccessOf(routes, 'GET', '/rest/V1/orders/42?fields=id')).toEqual(['Magento_Sales::actions_view']);
      expect(declaredAccessOf(routes, 'GET', '/rest/V1/customers/me')).toEqual([]);
      expect(declaredAccessOf(routes, 'POST', '/rest/V1/customers')).toBe('anonymous');
    });

    it('refuses a request no declaration matches, naming its method and path without the query', () => {
      const error = errorFrom(() => declaredAccessOf(routes, 'delete', '/rest/V1/orders/42?force=1'));
      expect(error).toBeInstanceOf(RouteUndeclaredError);
      expect(error).toMatchObject({ code: 'ROUTE.UNDECLARED', parameters: { method: 'DELETE', route: '/rest/V1/orders/42' } });
    });
  });
});

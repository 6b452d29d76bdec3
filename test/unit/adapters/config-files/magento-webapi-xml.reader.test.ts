import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadMagentoWebapiRouteTable,
  MagentoWebapiXmlError,
  readMagentoWebapiXml,
  type WebapiXmlFile,
} from '../../../../src/adapters/config-files/magento-webapi-xml.reader';
import { ConflictingRouteDeclarationError, InvalidRouteDeclarationError } from '../../../../src/application/guard/route-table';
import { errorFrom } from '../../../support/errors';

const FIXTURES = join(__dirname, '../../../fixtures/magento-webapi');
const MODULES = ['Magento_Catalog', 'Magento_Customer', 'Magento_Sales'] as const;

/** A copied Magento file, named by its relative path (e.g. `Magento_Sales/etc/webapi.xml`). */
function fixture(module: (typeof MODULES)[number]): WebapiXmlFile {
  const name = `${module}/etc/webapi.xml`;
  return { name, xml: readFileSync(join(FIXTURES, name), 'utf8') };
}

function webapiXml(routes: string): string {
  return `<?xml version="1.0"?>
<routes xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Webapi:etc/webapi.xsd">
${routes}
</routes>
`;
}

function route(url: string, method: string, refs: readonly string[]): string {
  return `    <route url="${url}" method="${method}">
        <service class="Vendor\\Api\\ThingInterface" method="get"/>
        <resources>
${refs.map((ref) => `            <resource ref="${ref}"/>`).join('\n')}
        </resources>
    </route>`;
}

describe('readMagentoWebapiXml', () => {
  describe('the Magento Open Source webapi.xml files (test/fixtures/magento-webapi)', () => {
    it.each([
      ['Magento_Catalog', 64],
      ['Magento_Customer', 42],
      ['Magento_Sales', 45],
    ] as const)('reads every route of %s/etc/webapi.xml (%i)', (module, count) => {
      const { name, xml } = fixture(module);
      expect(readMagentoWebapiXml(xml, name)).toHaveLength(count);
    });

    it('reads a route with its method, url, resources and source (file:line:column of the <route>)', () => {
      const { name, xml } = fixture('Magento_Sales');
      const routes = readMagentoWebapiXml(xml, name);
      expect(routes[0]).toEqual({
        method: 'GET',
        url: '/V1/orders/:id',
        access: ['Magento_Sales::actions_view'],
        source: 'Magento_Sales/etc/webapi.xml:10:5',
      });
      expect(routes).toContainEqual({
        method: 'POST',
        url: '/V1/orders',
        access: ['Magento_Sales::api_actions'],
        source: 'Magento_Sales/etc/webapi.xml:256:5',
      });
    });

    it("reads ref=\"anonymous\" as 'anonymous' and ref=\"self\" as 'self' (Magento_Customer)", () => {
      const { name, xml } = fixture('Magento_Customer');
      const routes = readMagentoWebapiXml(xml, name);
      const accessOf = (method: string, url: string): unknown => routes.find((r) => r.method === method && r.url === url)?.access;
      expect(accessOf('POST', '/V1/customers')).toBe('anonymous');
      expect(accessOf('PUT', '/V1/customers/password')).toBe('anonymous');
      expect(accessOf('GET', '/V1/customers/me')).toBe('self');
      expect(accessOf('PUT', '/V1/customers/me/password')).toBe('self');
      expect(accessOf('POST', '/V1/customers/')).toEqual(['Magento_Customer::manage']);
      expect(routes.filter((r) => r.access === 'anonymous')).toHaveLength(5);
      expect(routes.filter((r) => r.access === 'self')).toHaveLength(6);
    });
  });

  describe('the three files as one table', () => {
    const table = loadMagentoWebapiRouteTable(MODULES.map(fixture));

    it('holds every route of the three files (64 + 42 + 45)', () => {
      expect(table.size).toBe(151);
    });

    it('finds known routes, under /rest and /rest/<store_code>', () => {
      expect(table.match('GET', '/rest/V1/orders/42')).toMatchObject({
        access: ['Magento_Sales::actions_view'],
        declaration: { url: '/V1/orders/:id', source: 'Magento_Sales/etc/webapi.xml:10:5' },
      });
      expect(table.match('POST', '/rest/default/V1/orders/42/cancel')?.access).toEqual(['Magento_Sales::cancel']);
      expect(table.match('get', '/rest/all/V1/products/24-MB01/media')).toMatchObject({
        access: ['Magento_Catalog::catalog'],
        declaration: { url: '/V1/products/:sku/media' },
      });
      expect(table.match('GET', '/rest/V1/products/24-MB01/media/7')?.access).toEqual(['Magento_Catalog::attributes_attributes']);
      expect(table.match('POST', '/rest/V1/order/7/refund')?.access).toEqual(['Magento_Sales::creditmemo']);
    });

    it('lets literal segments beat parameters', () => {
      expect(table.match('GET', '/rest/V1/orders/items')?.declaration.url).toBe('/V1/orders/items');
      expect(table.match('PUT', '/rest/V1/orders/create')?.declaration.url).toBe('/V1/orders/create');
      expect(table.match('PUT', '/rest/V1/orders/7')?.declaration.url).toBe('/V1/orders/:parent_id');
      expect(table.match('GET', '/rest/V1/products/attributes/types')?.declaration.url).toBe('/V1/products/attributes/types');
      expect(table.match('GET', '/rest/V1/products/attributes/color')?.declaration.url).toBe('/V1/products/attributes/:attributeCode');
      // Different access: the customer's own record (self) vs any customer (Magento_Customer::manage).
      expect(table.match('PUT', '/rest/V1/customers/me')).toMatchObject({ access: [], declaration: { access: 'self' } });
      expect(table.match('PUT', '/rest/V1/customers/5')?.access).toEqual(['Magento_Customer::manage']);
      expect(table.match('GET', '/rest/V1/customers/me/billingAddress')?.access).toEqual([]);
      expect(table.match('GET', '/rest/V1/customers/5/billingAddress')?.access).toEqual(['Magento_Customer::manage']);
    });

    it('serves anonymous and self routes', () => {
      expect(table.match('POST', '/rest/V1/customers/isEmailAvailable')?.access).toBe('anonymous');
      expect(table.match('GET', '/rest/V1/customers/5/password/resetLinkToken/abc')?.access).toBe('anonymous');
      expect(table.match('GET', '/rest/default/V1/customers/me')?.access).toEqual([]);
    });

    it('keeps POST /V1/customers (anonymous) apart from POST /V1/customers/ (Magento_Customer::manage)', () => {
      expect(table.match('POST', '/rest/V1/customers')?.access).toBe('anonymous');
      expect(table.match('POST', '/rest/V1/customers/')?.access).toEqual(['Magento_Customer::manage']);
      // Magento_Sales declares only POST /V1/shipment/: it serves the request without the slash too.
      expect(table.match('POST', '/rest/V1/shipment')?.access).toEqual(['Magento_Sales::shipment']);
    });

    it('answers null for what no file declares', () => {
      expect(table.match('GET', '/rest/V1/cmsPage/1')).toBeNull();
      expect(table.match('PATCH', '/rest/V1/orders/1')).toBeNull();
      expect(table.match('GET', '/rest/V1/orders/1/comments/2')).toBeNull();
    });
  });

  describe('anonymous and self beside other resources (Magento requires every listed resource)', () => {
    const read = (refs: readonly string[]): unknown => readMagentoWebapiXml(webapiXml(route('/V1/x', 'GET', refs)), 'webapi.xml')[0]?.access;

    it('reads anonymous beside ACL resources as those resources: Magento still checks them', () => {
      expect(read(['anonymous', 'Vendor_Module::thing'])).toEqual(['Vendor_Module::thing']);
    });

    it('reads self beside ACL resources as those resources', () => {
      expect(read(['self', 'Vendor_Module::thing', 'Vendor_Module::other'])).toEqual(['Vendor_Module::thing', 'Vendor_Module::other']);
    });

    it('reads self beside anonymous as self', () => {
      expect(read(['anonymous', 'self'])).toBe('self');
    });

    it('lists a repeated ref once and trims refs', () => {
      expect(read(['Vendor_Module::thing', ' Vendor_Module::thing '])).toEqual(['Vendor_Module::thing']);
    });
  });

  it('reads secure="true" routes and ignores <service> and <data>', () => {
    const xml = webapiXml(`    <route url="/V1/carts/mine" method="PUT" secure="true">
        <service class="Magento\\Quote\\Api\\CartManagementInterface" method="save"/>
        <resources>
            <resource ref="self" />
        </resources>
        <data>
            <parameter name="customerId" force="true">%customer_id%</parameter>
        </data>
    </route>`);
    expect(readMagentoWebapiXml(xml, 'webapi.xml')).toEqual([{ method: 'PUT', url: '/V1/carts/mine', access: 'self', source: 'webapi.xml:3:5' }]);
  });

  it('reads <routes/> and a comment-only file as no routes', () => {
    expect(readMagentoWebapiXml('<routes/>', 'empty.xml')).toEqual([]);
    expect(readMagentoWebapiXml(webapiXml('    <!-- <route url="/V1/x" method="GET"/> -->'), 'empty.xml')).toEqual([]);
  });

  describe('errors name the file, line and column', () => {
    it('for malformed XML', () => {
      const error = errorFrom(() => readMagentoWebapiXml(webapiXml(`    <route url="/V1/x" method="GET">\n    </rout>`), 'broken.xml'));
      expect(error).toBeInstanceOf(MagentoWebapiXmlError);
      expect(error).toMatchObject({ file: 'broken.xml', line: 4 });
      expect(error.message).toMatch(/^broken\.xml, line 4, column \d+: not well-formed XML: /);
    });

    it('for a root that is not <routes>', () => {
      expect(() => readMagentoWebapiXml('<?xml version="1.0"?>\n<config/>', 'acl.xml')).toThrow('acl.xml, line 1, column 1: the root element is not <routes>');
    });

    it('for a route without url', () => {
      const xml = webapiXml(`${route('/V1/a', 'GET', ['A'])}\n    <route method="GET">\n        <resources><resource ref="A"/></resources>\n    </route>`);
      expect(() => readMagentoWebapiXml(xml, 'Vendor_Module/etc/webapi.xml')).toThrow(
        new MagentoWebapiXmlError('Vendor_Module/etc/webapi.xml', 9, 5, 'the <route> has no url attribute (or an empty one)'),
      );
    });

    it('for an empty <route/>', () => {
      const error = errorFrom(() => readMagentoWebapiXml(webapiXml('  <!-- <route url="/x"/> -->\n      <route/>'), 'webapi.xml'));
      expect(error.message).toBe('webapi.xml, line 4, column 7: the <route> has no url attribute (or an empty one)');
    });

    it('for a route without method', () => {
      expect(() => readMagentoWebapiXml(webapiXml('    <route url="/V1/a" method=" "><resources><resource ref="A"/></resources></route>'), 'webapi.xml')).toThrow(
        'webapi.xml, line 3, column 5: the <route url="/V1/a"> has no method attribute (or an empty one)',
      );
    });

    it('for a route without resources', () => {
      expect(() => readMagentoWebapiXml(webapiXml('    <route url="/V1/a" method="GET">\n        <service class="X" method="y"/>\n    </route>'), 'webapi.xml')).toThrow(
        'webapi.xml, line 3, column 5: <route url="/V1/a" method="GET"> has no <resources><resource ref="…"/></resources>',
      );
      expect(() => readMagentoWebapiXml(webapiXml('    <route url="/V1/a" method="GET"><resources/></route>'), 'webapi.xml')).toThrow(
        'webapi.xml, line 3, column 5: <route url="/V1/a" method="GET"> has no <resources>',
      );
    });

    it('for a resource with an empty or missing ref, at the <resource>', () => {
      expect(() => readMagentoWebapiXml(webapiXml(route('/V1/a', 'GET', ['A', ' '])), 'webapi.xml')).toThrow(
        'webapi.xml, line 7, column 13: a <resource> of <route url="/V1/a" method="GET"> has no ref (or an empty one)',
      );
      const bare = webapiXml('    <route url="/V1/a" method="GET">\n        <resources>\n            <resource ref="A"/>\n            <resource/>\n        </resources>\n    </route>');
      expect(() => readMagentoWebapiXml(bare, 'webapi.xml')).toThrow('webapi.xml, line 6, column 13: a <resource> of <route url="/V1/a" method="GET"> has no ref');
    });

    it('for an invalid method or url, through the route table, naming file:line:column', () => {
      const error = errorFrom(() => readMagentoWebapiXml(webapiXml(`${route('/V1/a', 'GET', ['A'])}\n${route('V1/b', 'GET', ['A'])}`), 'webapi.xml'));
      expect(error).toBeInstanceOf(InvalidRouteDeclarationError);
      expect(error.message).toBe("Invalid route declaration GET V1/b (webapi.xml:9:5): the url must start with '/'.");
      expect(() => readMagentoWebapiXml(webapiXml(route('/V1/a', 'G:ET', ['A'])), 'webapi.xml')).toThrow('(webapi.xml:3:5): the method must be an HTTP method');
    });

    it('for the same route twice in one file with different resources', () => {
      const xml = webapiXml(`${route('/V1/a/:id', 'GET', ['A'])}\n${route('/V1/a/:key', 'GET', ['B'])}`);
      expect(() => readMagentoWebapiXml(xml, 'webapi.xml')).toThrow(ConflictingRouteDeclarationError);
    });
  });
});

describe('loadMagentoWebapiRouteTable', () => {
  it('accepts a later file repeating a route with the same resources', () => {
    const table = loadMagentoWebapiRouteTable([
      { name: 'A/etc/webapi.xml', xml: webapiXml(route('/V1/a', 'GET', ['A', 'B'])) },
      { name: 'B/etc/webapi.xml', xml: webapiXml(`${route('/V1/a', 'get', ['B', 'A'])}\n${route('/V1/b', 'GET', ['B'])}`) },
    ]);
    expect(table.size).toBe(2);
    expect(table.match('GET', '/rest/V1/a')?.declaration.source).toBe('A/etc/webapi.xml:3:5');
  });

  it('rejects a later file contradicting an earlier one, naming both files, lines and columns', () => {
    const error = errorFrom(() =>
      loadMagentoWebapiRouteTable([
        fixture('Magento_Sales'),
        { name: 'Vendor_Sales/etc/webapi.xml', xml: webapiXml(route('/V1/orders/:orderId', 'GET', ['anonymous'])) },
      ]),
    );
    expect(error).toBeInstanceOf(ConflictingRouteDeclarationError);
    expect(error.message).toBe(
      'Route GET /V1/orders/:orderId is declared twice with different access: ' +
        'Magento_Sales::actions_view (Magento_Sales/etc/webapi.xml:10:5) and anonymous (Vendor_Sales/etc/webapi.xml:3:5).',
    );
  });

  it('passes the prefix on to the table', () => {
    const table = loadMagentoWebapiRouteTable([fixture('Magento_Sales')], { prefix: '/api' });
    expect(table.match('GET', '/api/V1/orders')?.access).toEqual(['Magento_Sales::actions_view']);
    expect(table.match('GET', '/rest/V1/orders')).toBeNull();
  });

  it('stops at the first unreadable file, naming it', () => {
    expect(() => loadMagentoWebapiRouteTable([fixture('Magento_Sales'), { name: 'bad.xml', xml: '<routes>' }])).toThrow(/^bad\.xml, line 1, column \d+: not well-formed XML/);
  });
});

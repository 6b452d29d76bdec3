import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadMagentoWebapiRouteTable,
  readMagentoWebapiXml,
  type WebapiXmlFile,
} from '../../../../src/adapters/config-files/magento-webapi-xml.reader';
import { describeLocation, type ConfigProblem, type SourceLocation } from '../../../../src/application/config-sync/config-declarations';
import { ConfigFilesError } from '../../../../src/application/config-sync/config-sync.errors';
import { errorFrom } from '../../../support/errors';

const FIXTURES = join(__dirname, '../../../fixtures/magento-webapi');
const MODULES = ['Magento_Catalog', 'Magento_Customer', 'Magento_Sales'] as const;

/** A copied Magento file, named by its relative path (e.g. `Magento_Sales/etc/webapi.xml`). */
function fixture(module: (typeof MODULES)[number]): WebapiXmlFile {
  const name = `${module}/etc/webapi.xml`;
  return { name, xml: readFileSync(join(FIXTURES, name), 'utf8') };
}

function at(file: string, line: number, column: number): SourceLocation {
  return { file, line, column };
}

/** The problems of the ConfigFilesError `read` throws (any other error fails the test). */
function problemsOf(read: () => unknown): readonly ConfigProblem[] {
  const error = errorFrom(read);
  if (!(error instanceof ConfigFilesError)) throw error;
  return error.problems;
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

  describe('problems name the file, line and column', () => {
    it('for malformed XML', () => {
      const [problem, ...others] = problemsOf(() => readMagentoWebapiXml(webapiXml(`    <route url="/V1/x" method="GET">\n    </rout>`), 'broken.xml'));
      expect(others).toEqual([]);
      expect(problem?.location).toMatchObject({ file: 'broken.xml', line: 4 });
      expect(problem?.message).toMatch(/^not well-formed XML: /);
      expect(errorFrom(() => readMagentoWebapiXml('<routes>', 'broken.xml')).message).toMatch(/^A configuration file is wrong; nothing was changed:\n {2}broken\.xml:1:\d+: not well-formed XML: /);
    });

    it('for a root that is not <routes>, at the root element', () => {
      expect(problemsOf(() => readMagentoWebapiXml('<?xml version="1.0"?>\n<config/>', 'acl.xml'))).toEqual([
        { location: at('acl.xml', 2, 1), message: 'the root element is <config>; expected <routes>' },
      ]);
    });

    it('for a route without url', () => {
      const xml = webapiXml(`${route('/V1/a', 'GET', ['A'])}\n    <route method="GET">\n        <resources><resource ref="A"/></resources>\n    </route>`);
      expect(problemsOf(() => readMagentoWebapiXml(xml, 'Vendor_Module/etc/webapi.xml'))).toEqual([
        { location: at('Vendor_Module/etc/webapi.xml', 9, 5), message: 'the <route> has no url attribute (or an empty one)' },
      ]);
    });

    it('for an empty <route/>', () => {
      const error = errorFrom(() => readMagentoWebapiXml(webapiXml('  <!-- <route url="/x"/> -->\n      <route/>'), 'webapi.xml'));
      expect(error.message).toBe('A configuration file is wrong; nothing was changed:\n  webapi.xml:4:7: the <route> has no url attribute (or an empty one)');
    });

    it('for a route without method', () => {
      expect(problemsOf(() => readMagentoWebapiXml(webapiXml('    <route url="/V1/a" method=" "><resources><resource ref="A"/></resources></route>'), 'webapi.xml'))).toEqual([
        { location: at('webapi.xml', 3, 5), message: 'the <route url="/V1/a"> has no method attribute (or an empty one)' },
      ]);
    });

    it('for a route without resources', () => {
      expect(problemsOf(() => readMagentoWebapiXml(webapiXml('    <route url="/V1/a" method="GET">\n        <service class="X" method="y"/>\n    </route>'), 'webapi.xml'))).toEqual([
        { location: at('webapi.xml', 3, 5), message: '<route url="/V1/a" method="GET"> has no <resources><resource ref="…"/></resources>' },
      ]);
      expect(problemsOf(() => readMagentoWebapiXml(webapiXml('    <route url="/V1/a" method="GET"><resources/></route>'), 'webapi.xml'))).toEqual([
        { location: at('webapi.xml', 3, 5), message: '<route url="/V1/a" method="GET"> has no <resources><resource ref="…"/></resources>' },
      ]);
    });

    it('for a resource with an empty or missing ref, at the <resource>', () => {
      expect(problemsOf(() => readMagentoWebapiXml(webapiXml(route('/V1/a', 'GET', ['A', ' '])), 'webapi.xml'))).toEqual([
        { location: at('webapi.xml', 7, 13), message: 'a <resource> of <route url="/V1/a" method="GET"> has no ref (or an empty one)' },
      ]);
      const bare = webapiXml('    <route url="/V1/a" method="GET">\n        <resources>\n            <resource ref="A"/>\n            <resource/>\n        </resources>\n    </route>');
      expect(problemsOf(() => readMagentoWebapiXml(bare, 'webapi.xml'))).toEqual([
        { location: at('webapi.xml', 6, 13), message: 'a <resource> of <route url="/V1/a" method="GET"> has no ref (or an empty one)' },
      ]);
    });

    it('for an invalid method or url, through the route table, naming file:line:column', () => {
      expect(problemsOf(() => readMagentoWebapiXml(webapiXml(`${route('/V1/a', 'GET', ['A'])}\n${route('V1/b', 'GET', ['A'])}`), 'webapi.xml'))).toEqual([
        { location: at('webapi.xml', 9, 5), message: "invalid route declaration GET V1/b: the url must start with '/'" },
      ]);
      expect(problemsOf(() => readMagentoWebapiXml(webapiXml(route('/V1/a', 'G:ET', ['A'])), 'webapi.xml'))).toEqual([
        { location: at('webapi.xml', 3, 5), message: 'invalid route declaration G:ET /V1/a: the method must be an HTTP method such as GET or POST' },
      ]);
    });

    it('for the same route twice in one file with different resources, naming both places', () => {
      const xml = webapiXml(`${route('/V1/a/:id', 'GET', ['A'])}\n${route('/V1/a/:key', 'get', ['B'])}`);
      expect(problemsOf(() => readMagentoWebapiXml(xml, 'webapi.xml'))).toEqual([
        {
          location: at('webapi.xml', 9, 5),
          message: 'route GET /V1/a/:key is declared with access B here but A at webapi.xml:3:5; a route may be declared again only with the same access',
        },
      ]);
    });

    it('lists every problem of the file at once, in reading order', () => {
      const xml = webapiXml(
        [
          '    <route method="GET"><resources><resource ref="A"/></resources></route>',
          '    <route url="/V1/a"><resources><resource ref="A"/></resources></route>',
          '    <route url="/V1/b" method="GET"><resources><resource ref=""/><resource ref="B"/><resource/></resources></route>',
          route('/V1/c', 'GET', ['C']),
          route('/V1/c', 'GET', ['D']),
        ].join('\n'),
      );
      expect(problemsOf(() => readMagentoWebapiXml(xml, 'webapi.xml'))).toEqual([
        { location: at('webapi.xml', 3, 5), message: 'the <route> has no url attribute (or an empty one)' },
        { location: at('webapi.xml', 4, 5), message: 'the <route url="/V1/a"> has no method attribute (or an empty one)' },
        { location: at('webapi.xml', 5, 48), message: 'a <resource> of <route url="/V1/b" method="GET"> has no ref (or an empty one)' },
        { location: at('webapi.xml', 5, 85), message: 'a <resource> of <route url="/V1/b" method="GET"> has no ref (or an empty one)' },
        {
          location: at('webapi.xml', 12, 5),
          message: 'route GET /V1/c is declared with access D here but C at webapi.xml:6:5; a route may be declared again only with the same access',
        },
      ]);
    });

    it('quotes the values it repeats as the other readers do: invisible and bidirectional characters escaped, long values cut', () => {
      // XML allows no control character (not even as &#x1b;): the bidirectional override is what a file can hold.
      const url = `/V1/\u202e${'x'.repeat(10_000)}`;
      expect(problemsOf(() => readMagentoWebapiXml(webapiXml(`    <route url="${url}"><resources><resource ref="A"/></resources></route>`), 'webapi.xml'))).toEqual([
        { location: at('webapi.xml', 3, 5), message: `the <route url="/V1/\\u202e${'x'.repeat(75)}…"> has no method attribute (or an empty one)` },
      ]);
      const [conflict] = problemsOf(() => readMagentoWebapiXml(webapiXml(`${route(url, 'GET', ['A'])}\n${route(url, 'GET', ['B'])}`), 'webapi.xml'));
      expect(conflict?.message).toBe(
        `route GET /V1/\\u202e${'x'.repeat(75)}… is declared with access B here but A at webapi.xml:3:5; a route may be declared again only with the same access`,
      );
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
    expect(
      problemsOf(() =>
        loadMagentoWebapiRouteTable([
          fixture('Magento_Sales'),
          { name: 'Vendor_Sales/etc/webapi.xml', xml: webapiXml(route('/V1/orders/:orderId', 'GET', ['anonymous'])) },
        ]),
      ),
    ).toEqual([
      {
        location: at('Vendor_Sales/etc/webapi.xml', 3, 5),
        message:
          'route GET /V1/orders/:orderId is declared with access anonymous here but Magento_Sales::actions_view at Magento_Sales/etc/webapi.xml:10:5; ' +
          'a route may be declared again only with the same access',
      },
    ]);
  });

  it('passes the prefix on to the table', () => {
    const table = loadMagentoWebapiRouteTable([fixture('Magento_Sales')], { prefix: '/api' });
    expect(table.match('GET', '/api/V1/orders')?.access).toEqual(['Magento_Sales::actions_view']);
    expect(table.match('GET', '/rest/V1/orders')).toBeNull();
  });

  it('reads every file and lists the problems of all of them, then the conflicts between them', () => {
    const problems = problemsOf(() =>
      loadMagentoWebapiRouteTable([
        fixture('Magento_Sales'),
        { name: 'bad.xml', xml: '<routes>' },
        { name: 'Vendor_A/etc/webapi.xml', xml: webapiXml('    <route url="/V1/a"><resources><resource ref="A"/></resources></route>') },
        { name: 'Vendor_B/etc/webapi.xml', xml: webapiXml(route('/V1/orders', 'GET', ['Vendor_B::orders'])) },
      ]),
    );
    expect(problems.map((problem) => `${describeLocation(problem.location as SourceLocation)}: ${problem.message}`)).toEqual([
      expect.stringMatching(/^bad\.xml:1:\d+: not well-formed XML/),
      'Vendor_A/etc/webapi.xml:3:5: the <route url="/V1/a"> has no method attribute (or an empty one)',
      'Vendor_B/etc/webapi.xml:3:5: route GET /V1/orders is declared with access Vendor_B::orders here but Magento_Sales::actions_view at ' +
        'Magento_Sales/etc/webapi.xml:16:5; a route may be declared again only with the same access',
    ]);
  });
});

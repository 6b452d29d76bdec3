import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMagentoIntegrationXml } from '../../../../src/adapters/config-files/magento-integration-xml.reader';
import { type ConfigProblem } from '../../../../src/application/config-sync/config-declarations';
import { ConfigFilesError } from '../../../../src/application/config-sync/config-sync.errors';
import { errorFrom } from '../../../support/errors';

const FIXTURE = 'Vendor_Sample/etc/integration.xml';
const FILE = 'Vendor_Module/etc/integration.xml';

function at(line: number, column: number, file = FILE): { file: string; line: number; column: number } {
  return { file, line, column };
}

function located(value: string, line: number, column: number, file = FILE): { value: string; location: ReturnType<typeof at> } {
  return { value, location: at(line, column, file) };
}

function problemsOf(xml: string): readonly ConfigProblem[] {
  const error = errorFrom(() => readMagentoIntegrationXml(xml, FILE));
  if (!(error instanceof ConfigFilesError)) throw error;
  return error.problems;
}

/** integration.xml with `integrations` starting on line 3. */
function integrationXml(integrations: string): string {
  return `<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Integration:etc/integration/integration_file.xsd">
${integrations}
</config>`;
}

describe('readMagentoIntegrationXml', () => {
  it('reads the Magento documentation example, each value at its element', () => {
    const xml = readFileSync(join(__dirname, '../../../fixtures/magento-integration', FIXTURE), 'utf8');

    expect(readMagentoIntegrationXml(xml, FIXTURE)).toEqual([
      {
        format: 'integration.xml',
        name: located('TestIntegration1', 3, 5, FIXTURE),
        email: located('test-integration1@example.com', 4, 9, FIXTURE),
        endpoint: located('http://example.com/endpoint1', 5, 9, FIXTURE),
        identityLinkUrl: located('http://www.example.com/identity1', 6, 9, FIXTURE),
        resources: [located('Magento_Customer::manage', 8, 13, FIXTURE), located('Magento_Sales::capture', 9, 13, FIXTURE)],
      },
      { format: 'integration.xml', name: located('TestIntegration2', 12, 5, FIXTURE), email: located('test-integration2@example.com', 13, 9, FIXTURE) },
    ]);
  });

  it('trims values, takes the elements in any order and leaves out what is not given', () => {
    const xml = integrationXml(`  <integration name="  Padded  ">
    <resources><resource name=" Magento_Sales::sales ">ignored text</resource></resources>
    <endpoint_url>
      https://example.com/cb
    </endpoint_url>
  </integration>`);

    expect(readMagentoIntegrationXml(xml, FILE)).toEqual([
      {
        format: 'integration.xml',
        name: located('Padded', 3, 3),
        endpoint: located('https://example.com/cb', 5, 5),
        resources: [located('Magento_Sales::sales', 4, 16)],
      },
    ]);
  });

  it('rejects malformed XML at the parser\'s line and column', () => {
    expect(problemsOf('<config>\n  <integration name="x">\n</config>')).toEqual([
      { location: at(3, 9), message: 'not well-formed XML: unexpected close tag.' },
    ]);
  });

  it('rejects another root element and a root without integrations', () => {
    expect(problemsOf('<integrations/>')).toEqual([{ location: at(1, 1), message: 'the root element is <integrations>; expected <config>' }]);
    expect(problemsOf('<config/>')).toEqual([{ location: at(1, 1), message: '<config> has no <integration> element; at least one is required' }]);
  });

  it('rejects an unknown element, naming the allowed ones', () => {
    expect(problemsOf(integrationXml('  <integration name="Test">\n    <emial>a@b.c</emial>\n  </integration>'))).toEqual([
      { location: at(4, 5), message: 'element <emial> is not allowed in <integration>; allowed: email, endpoint_url, identity_link_url, resources' },
    ]);
  });

  it('rejects unknown attributes and a missing name', () => {
    expect(problemsOf(integrationXml('  <integration title="Test">\n    <resources><resource id="Magento_Sales::sales"/></resources>\n  </integration>'))).toEqual([
      { location: at(3, 3), message: '<integration> has no name attribute; it is required' },
      { location: at(3, 16), message: 'attribute title is not allowed on <integration>; allowed: name' },
      { location: at(4, 16), message: '<resource> has no name attribute; it is required' },
      { location: at(4, 26), message: 'attribute id is not allowed on <resource>; allowed: name' },
    ]);
  });

  it('rejects an element given twice (xs:all allows each once)', () => {
    expect(problemsOf(integrationXml('  <integration name="Test">\n    <email>a@b.c</email>\n    <email>d@e.f</email>\n  </integration>'))).toEqual([
      { location: at(5, 5), message: 'element <email> appears more than once in <integration>; at most one is allowed' },
    ]);
  });

  it('rejects an empty <resources> and elements inside values', () => {
    expect(problemsOf(integrationXml('  <integration name="Test">\n    <resources/>\n    <email><b>a@b.c</b></email>\n  </integration>'))).toEqual([
      { location: at(4, 5), message: '<resources> has no <resource> element; at least one is required' },
      { location: at(5, 5), message: 'email "" is not an email address (expected name@domain.tld)' },
      { location: at(5, 12), message: 'element <b> is not allowed in <email>; it holds no elements' },
    ]);
  });

  it.each([
    ['a name shorter than 2 characters (trimmed)', '<integration name=" x ">', 3, 16, 'integration name "x" is too short; it needs at least 2 characters'],
    ['an email without @', '<integration name="Test"><email>nobody.example.com</email>', 3, 35, 'email "nobody.example.com" is not an email address (expected name@domain.tld)'],
    ['an email without a dot after @', '<integration name="Test"><email>a@localhost</email>', 3, 35, 'email "a@localhost" is not an email address (expected name@domain.tld)'],
    ['an endpoint_url shorter than 4 characters', '<integration name="Test"><endpoint_url> x:y </endpoint_url>', 3, 43, 'endpoint_url "x:y" is too short; it needs at least 4 characters'],
    ['an identity_link_url shorter than 4 characters', '<integration name="Test"><identity_link_url>a</identity_link_url>', 3, 47, 'identity_link_url "a" is too short; it needs at least 4 characters'],
    ['a resource name without ::', '<integration name="Test"><resources><resource name="Magento_Sales"/></resources>', 3, 49, 'resource name "Magento_Sales" is not valid; expected Vendor_Module::resource (or Portcullis::resource)'],
    ['a resource name without _', '<integration name="Test"><resources><resource name="Sales::sales"/></resources>', 3, 49, 'resource name "Sales::sales" is not valid; expected Vendor_Module::resource (or Portcullis::resource)'],
  ])('rejects %s, at the value', (_case, open, line, column, message) => {
    expect(problemsOf(integrationXml(`  ${open}</integration>`))).toEqual([{ location: at(line, column), message }]);
  });

  it("accepts Portcullis's own resources (Portcullis::integrations), which have no Vendor_Module", () => {
    const parts = readMagentoIntegrationXml(
      integrationXml('  <integration name="Admin Bot"><resources><resource name="Portcullis::integrations"/></resources></integration>'),
      FILE,
    );
    expect(parts[0]?.resources).toEqual([located('Portcullis::integrations', 3, 44)]);
  });

  it('refuses a list of more than 5000 resources (the API cap) as one problem at <resources>, on one line or many', () => {
    const many = Array.from({ length: 5001 }, (_, i) => `<resource name="Vendor_Module::r${i}"/>`).join('');
    expect(problemsOf(integrationXml(`  <integration name="Big">\n    <resources>${many}</resources></integration>`))).toEqual([
      {
        location: at(4, 5),
        message: '5001 resources are listed; at most 5000 may be (as in the API). List a parent instead of its children where it grants what you mean.',
      },
    ]);
    const atCap = Array.from({ length: 5000 }, (_, i) => `<resource name="Vendor_Module::r${i}"/>`).join('');
    expect(readMagentoIntegrationXml(integrationXml(`  <integration name="Big"><resources>${atCap}</resources></integration>`), FILE)[0]?.resources).toHaveLength(5000);
  });

  it('rejects an integration name given twice in the file', () => {
    expect(problemsOf(integrationXml('  <integration name="Test"/>\n  <integration name=" Test "/>'))).toEqual([
      { location: at(4, 16), message: 'integration "Test" is declared twice in this file (first at line 3, column 3)' },
    ]);
  });

  it('reports every problem of the file at once, in reading order', () => {
    const xml = integrationXml(`  <integration name="A">
    <email>no-at-sign</email>
    <endpoint_url>http://example.com/a</endpoint_url>
    <endpoint_url>http://example.com/b</endpoint_url>
  </integration>
  <integration name="Second" kind="x">
    <resources>stray<resource name="nope"/></resources>
  </integration>`);

    expect(problemsOf(xml)).toEqual([
      { location: at(3, 16), message: 'integration name "A" is too short; it needs at least 2 characters' },
      { location: at(4, 12), message: 'email "no-at-sign" is not an email address (expected name@domain.tld)' },
      { location: at(6, 5), message: 'element <endpoint_url> appears more than once in <integration>; at most one is allowed' },
      { location: at(8, 30), message: 'attribute kind is not allowed on <integration>; allowed: name' },
      { location: at(9, 16), message: 'text "stray" is not allowed in <resources>; it holds only elements' },
      { location: at(9, 31), message: 'resource name "nope" is not valid; expected Vendor_Module::resource (or Portcullis::resource)' },
    ]);
  });
});

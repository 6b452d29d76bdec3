import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  readMagentoIntegrationApiXml,
  readMagentoIntegrationConfigXml,
} from '../../../../src/adapters/config-files/magento-legacy-integration.reader';
import { type ConfigProblem } from '../../../../src/application/config-sync/config-declarations';
import { ConfigFilesError } from '../../../../src/application/config-sync/config-sync.errors';
import { errorFrom } from '../../../support/errors';

const CONFIG_FIXTURE = 'Vendor_Legacy/etc/integration/config.xml';
const API_FIXTURE = 'Vendor_Legacy/etc/integration/api.xml';
const FILE = 'Vendor_Module/etc/integration/config.xml';

function at(line: number, column: number, file = FILE): { file: string; line: number; column: number } {
  return { file, line, column };
}

function located(value: string, line: number, column: number, file = FILE): { value: string; location: ReturnType<typeof at> } {
  return { value, location: at(line, column, file) };
}

function fixture(file: string): string {
  return readFileSync(join(__dirname, '../../../fixtures/magento-integration', file), 'utf8');
}

function problemsOf(read: (xml: string, file: string) => unknown, xml: string): readonly ConfigProblem[] {
  const error = errorFrom(() => read(xml, FILE));
  if (!(error instanceof ConfigFilesError)) throw error;
  return error.problems;
}

/** A legacy file with `integrations` starting on line 2. */
function legacyXml(integrations: string): string {
  return `<integrations xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Integration:etc/integration/config.xsd">
${integrations}
</integrations>`;
}

describe('readMagentoIntegrationConfigXml (legacy etc/integration/config.xml)', () => {
  it('reads the details of each integration, each value at its element, without resources', () => {
    expect(readMagentoIntegrationConfigXml(fixture(CONFIG_FIXTURE), CONFIG_FIXTURE)).toEqual([
      {
        format: 'config.xml',
        name: located('LegacyIntegration', 3, 5, CONFIG_FIXTURE),
        email: located('legacy@example.com', 4, 9, CONFIG_FIXTURE),
        endpoint: located('https://legacy.example.com/endpoint', 5, 9, CONFIG_FIXTURE),
        identityLinkUrl: located('https://legacy.example.com/identity', 6, 9, CONFIG_FIXTURE),
      },
    ]);
  });

  it('reads an integration with only its email', () => {
    expect(readMagentoIntegrationConfigXml(legacyXml('  <integration name="Mail only"><email> a@b.cd </email></integration>'), FILE)).toEqual([
      { format: 'config.xml', name: located('Mail only', 2, 3), email: located('a@b.cd', 2, 33) },
    ]);
  });

  it('rejects the elements out of the order of config.xsd (email, endpoint_url, identity_link_url)', () => {
    const xml = legacyXml(`  <integration name="Test">
    <endpoint_url>https://example.com/a</endpoint_url>
    <email>a@b.cd</email>
    <identity_link_url>https://example.com/i</identity_link_url>
  </integration>`);

    expect(problemsOf(readMagentoIntegrationConfigXml, xml)).toEqual([
      { location: at(4, 5), message: 'element <email> must come before <endpoint_url> in <integration>; order: email, endpoint_url, identity_link_url' },
    ]);
  });

  it('rejects an integration without email (required in config.xml)', () => {
    expect(problemsOf(readMagentoIntegrationConfigXml, legacyXml('  <integration name="Test"><endpoint_url>https://x.y</endpoint_url></integration>'))).toEqual([
      { location: at(2, 3), message: '<integration> has no <email> element; it is required' },
    ]);
  });

  it('rejects <resources>, which belongs to api.xml, and another root', () => {
    expect(problemsOf(readMagentoIntegrationConfigXml, legacyXml('  <integration name="Test"><email>a@b.cd</email><resources/></integration>'))).toEqual([
      { location: at(2, 49), message: 'element <resources> is not allowed in <integration>; allowed: email, endpoint_url, identity_link_url' },
    ]);
    expect(problemsOf(readMagentoIntegrationConfigXml, '<config/>')).toEqual([
      { location: at(1, 1), message: 'the root element is <config>; expected <integrations>' },
    ]);
  });

  it('reports every problem of the file at once, in reading order', () => {
    const xml = legacyXml(`  <integration name="Test">
    <email>broken</email>
    <identity_link_url>u</identity_link_url>
    <endpoint_url>https://example.com</endpoint_url>
  </integration>
  <integration name="Test"><email>a@b.cd</email></integration>
  <integration><email>a@b.cd</email></integration>`);

    expect(problemsOf(readMagentoIntegrationConfigXml, xml)).toEqual([
      { location: at(3, 12), message: 'email "broken" is not an email address (expected name@domain.tld)' },
      { location: at(4, 24), message: 'identity_link_url "u" is too short; it needs at least 4 characters' },
      { location: at(5, 5), message: 'element <endpoint_url> must come before <identity_link_url> in <integration>; order: email, endpoint_url, identity_link_url' },
      { location: at(7, 16), message: 'integration "Test" is declared twice in this file (first at line 2, column 3)' },
      { location: at(8, 3), message: '<integration> has no name attribute; it is required' },
    ]);
  });
});

describe('readMagentoIntegrationApiXml (legacy etc/integration/api.xml)', () => {
  it('reads the resources of each integration, each at its <resource>', () => {
    expect(readMagentoIntegrationApiXml(fixture(API_FIXTURE), API_FIXTURE)).toEqual([
      {
        format: 'api.xml',
        name: located('LegacyIntegration', 3, 5, API_FIXTURE),
        resources: [located('Magento_Sales::sales', 5, 13, API_FIXTURE), located('Magento_Sales::capture', 6, 13, API_FIXTURE)],
      },
    ]);
  });

  it('rejects an integration without <resources> (required in api.xml) or with an empty one', () => {
    expect(problemsOf(readMagentoIntegrationApiXml, legacyXml('  <integration name="Test"/>\n  <integration name="Other"><resources></resources></integration>'))).toEqual([
      { location: at(2, 3), message: '<integration> has no <resources> element; it is required' },
      { location: at(3, 29), message: '<resources> has no <resource> element; at least one is required' },
    ]);
  });

  it('reports every problem of the file at once, in reading order', () => {
    const xml = legacyXml(`  <integration name="Test">
    <email>a@b.cd</email>
    <resources>
      <resource name="Magento_Sales::sales"/>
      <resource ref="Magento_Sales::capture"/>
      <resource name="capture"/>
    </resources>
    <resources><resource name="Magento_Sales::sales"/></resources>
  </integration>`);

    expect(problemsOf(readMagentoIntegrationApiXml, xml)).toEqual([
      { location: at(3, 5), message: 'element <email> is not allowed in <integration>; allowed: resources' },
      { location: at(6, 7), message: '<resource> has no name attribute; it is required' },
      { location: at(6, 17), message: 'attribute ref is not allowed on <resource>; allowed: name' },
      { location: at(7, 17), message: 'resource name "capture" is not valid; expected Vendor_Module::resource (or Portcullis::resource)' },
      { location: at(9, 5), message: 'element <resources> appears more than once in <integration>; at most one is allowed' },
    ]);
  });
});

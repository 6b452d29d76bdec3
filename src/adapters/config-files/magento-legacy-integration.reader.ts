import { type IntegrationDeclarationPart } from '../../application/config-sync/config-declarations';
import { part, readDetails, readIntegrationElements, readResources } from './magento-integration-xml.reader';
import { type ConfigFileReader } from './source-text';
import { childrenNamed, xmlFileReader, type ElementShape, type XmlElement } from './xml-document';

/* Magento's deprecated pair etc/integration/config.xml (details) + etc/integration/api.xml (resources). */

const SHAPES = {
  integrations: { root: true, children: { integration: 'one or more' } },
  // xs:sequence: in this order.
  configIntegration: {
    attributes: { name: 'required' },
    children: { email: 'one', endpoint_url: 'optional', identity_link_url: 'optional' },
    ordered: true,
  },
  apiIntegration: { attributes: { name: 'required' }, children: { resources: 'one' } },
} as const satisfies Record<string, ElementShape>;

/**
 * Reads a legacy `etc/integration/config.xml` (config.xsd): `<integrations><integration name>` with
 * `<email>`, then optionally `<endpoint_url>`, then optionally `<identity_link_url>`. The parts have
 * no resources (api.xml gives them). Values are trimmed and located at their elements.
 * @throws ConfigFilesError listing every problem of the file (as readMagentoIntegrationXml, plus
 *   elements out of order and a missing `<email>`)
 */
export const readMagentoIntegrationConfigXml: ConfigFileReader<IntegrationDeclarationPart[]> = xmlFileReader(readMagentoIntegrationConfigXmlElement);

/** `readMagentoIntegrationConfigXml` for a document already parsed. */
export function readMagentoIntegrationConfigXmlElement(root: XmlElement): IntegrationDeclarationPart[] {
  return readIntegrationElements(root, 'integrations', { root: SHAPES.integrations, integration: SHAPES.configIntegration }, (integration, name, problems) => {
    const details = readDetails(integration, problems);
    return name === undefined ? undefined : part('config.xml', name, details);
  });
}

/**
 * Reads a legacy `etc/integration/api.xml` (api.xsd):
 * `<integrations><integration name><resources><resource name/>…`. The parts have only a name and
 * resources, each located at its `<resource>`.
 * @throws ConfigFilesError listing every problem of the file (as readMagentoIntegrationXml, plus a
 *   missing `<resources>`)
 */
export const readMagentoIntegrationApiXml: ConfigFileReader<IntegrationDeclarationPart[]> = xmlFileReader(readMagentoIntegrationApiXmlElement);

/** `readMagentoIntegrationApiXml` for a document already parsed. */
export function readMagentoIntegrationApiXmlElement(root: XmlElement): IntegrationDeclarationPart[] {
  return readIntegrationElements(root, 'integrations', { root: SHAPES.integrations, integration: SHAPES.apiIntegration }, (integration, name, problems) => {
    const resources = childrenNamed(integration, 'resources')[0];
    const names = resources === undefined ? [] : readResources(resources, problems);
    return name === undefined ? undefined : part('api.xml', name, { resources: names });
  });
}

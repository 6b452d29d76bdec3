import { type ConfigProblem, type IntegrationDeclarationPart } from '../../application/config-sync/config-declarations';
import { emailProblem, urlProblem } from './integration-values';
import { part, readIntegrationName, readResources, readValue } from './magento-integration-xml.reader';
import { throwIfAny } from './source-text';
import { checkElement, checkRoot, childrenNamed, parseXmlDocument, type ElementShape, type XmlElement } from './xml-document';

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
export function readMagentoIntegrationConfigXml(xml: string, file: string): IntegrationDeclarationPart[] {
  return readMagentoIntegrationConfigXmlElement(parseXmlDocument(xml, file));
}

/** `readMagentoIntegrationConfigXml` for a document already parsed. */
export function readMagentoIntegrationConfigXmlElement(root: XmlElement): IntegrationDeclarationPart[] {
  return readIntegrations(root, (integration, name, problems) => {
    checkElement(integration, SHAPES.configIntegration, problems);
    const email = readValue(integration, 'email', emailProblem, problems);
    const endpoint = readValue(integration, 'endpoint_url', (url) => urlProblem(url, 'endpoint_url'), problems);
    const identityLinkUrl = readValue(integration, 'identity_link_url', (url) => urlProblem(url, 'identity_link_url'), problems);
    return name === undefined ? undefined : part('config.xml', name, { email, endpoint, identityLinkUrl });
  });
}

/**
 * Reads a legacy `etc/integration/api.xml` (api.xsd):
 * `<integrations><integration name><resources><resource name/>…`. The parts have only a name and
 * resources, each located at its `<resource>`.
 * @throws ConfigFilesError listing every problem of the file (as readMagentoIntegrationXml, plus a
 *   missing `<resources>`)
 */
export function readMagentoIntegrationApiXml(xml: string, file: string): IntegrationDeclarationPart[] {
  return readMagentoIntegrationApiXmlElement(parseXmlDocument(xml, file));
}

/** `readMagentoIntegrationApiXml` for a document already parsed. */
export function readMagentoIntegrationApiXmlElement(root: XmlElement): IntegrationDeclarationPart[] {
  return readIntegrations(root, (integration, name, problems) => {
    checkElement(integration, SHAPES.apiIntegration, problems);
    const resources = childrenNamed(integration, 'resources')[0];
    const names = resources === undefined ? [] : readResources(resources, problems);
    return name === undefined ? undefined : part('api.xml', name, { resources: names });
  });
}

function readIntegrations(
  root: XmlElement,
  readOne: (
    integration: XmlElement,
    name: ReturnType<typeof readIntegrationName>,
    problems: ConfigProblem[],
  ) => IntegrationDeclarationPart | undefined,
): IntegrationDeclarationPart[] {
  const problems: ConfigProblem[] = [];
  const parts: IntegrationDeclarationPart[] = [];
  if (checkRoot(root, ['integrations'], problems)) {
    checkElement(root, SHAPES.integrations, problems);
    const names = new Map<string, XmlElement>();
    for (const integration of childrenNamed(root, 'integration')) {
      const read = readOne(integration, readIntegrationName(integration, names, problems), problems);
      if (read !== undefined) parts.push(read);
    }
  }
  throwIfAny(problems);
  return parts;
}

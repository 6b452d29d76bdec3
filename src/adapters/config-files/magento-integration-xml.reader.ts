import {
  shown,
  type ConfigProblem,
  type DeclarationFormat,
  type IntegrationDeclarationPart,
  type Located,
} from '../../application/config-sync/config-declarations';
import { MAX_GRANT_RESOURCES } from '../../application/access/grant-input';
import { emailProblem, integrationNameProblem, resourceNameProblem, urlProblem } from './integration-values';
import { throwIfAny, type ConfigFileReader } from './source-text';
import { checkElement, checkRoot, childrenNamed, xmlFileReader, type ElementShape, type XmlElement } from './xml-document';

const SHAPES = {
  config: { root: true, children: { integration: 'one or more' } },
  // xs:all: any order, each at most once.
  integration: {
    attributes: { name: 'required' },
    children: { email: 'optional', endpoint_url: 'optional', identity_link_url: 'optional', resources: 'optional' },
  },
} as const satisfies Record<string, ElementShape>;

/**
 * Reads a Magento `etc/integration.xml` (integration_file.xsd): one part per `<integration>`, each
 * value trimmed and located at its element (the name at its `<integration>`, each resource at its
 * `<resource>`); `resources` is undefined when there is no `<resources>` element.
 * @throws ConfigFilesError listing every problem of the file (malformed XML, an element or attribute
 *   the schema does not allow, in the wrong place, repeated or missing, a value of the wrong form, an
 *   integration name given twice)
 */
export const readMagentoIntegrationXml: ConfigFileReader<IntegrationDeclarationPart[]> = xmlFileReader(readMagentoIntegrationXmlElement);

/** `readMagentoIntegrationXml` for a document already parsed. */
export function readMagentoIntegrationXmlElement(root: XmlElement): IntegrationDeclarationPart[] {
  return readIntegrationElements(root, 'config', { root: SHAPES.config, integration: SHAPES.integration }, (integration, name, problems) => {
    const details = readDetails(integration, problems);
    const resourcesElement = childrenNamed(integration, 'resources')[0];
    const resources = resourcesElement === undefined ? undefined : readResources(resourcesElement, problems);
    return name === undefined ? undefined : part('integration.xml', name, { ...details, resources });
  });
}

/** The `<email>`, `<endpoint_url>` and `<identity_link_url>` of an `<integration>` (see readValue). */
export function readDetails(
  integration: XmlElement,
  problems: ConfigProblem[],
): Record<'email' | 'endpoint' | 'identityLinkUrl', Located<string> | undefined> {
  return {
    email: readValue(integration, 'email', emailProblem, problems),
    endpoint: readValue(integration, 'endpoint_url', (url) => urlProblem(url, 'endpoint_url'), problems),
    identityLinkUrl: readValue(integration, 'identity_link_url', (url) => urlProblem(url, 'identity_link_url'), problems),
  };
}

/**
 * The parts `readOne` makes of each `<integration>` of a root element named `rootName`, both
 * checked against their shape, each given its name (undefined when missing, wrong or repeated in
 * the file).
 * @throws ConfigFilesError listing every problem of the document
 */
export function readIntegrationElements(
  root: XmlElement,
  rootName: string,
  shapes: { readonly root: ElementShape; readonly integration: ElementShape },
  readOne: (integration: XmlElement, name: Located<string> | undefined, problems: ConfigProblem[]) => IntegrationDeclarationPart | undefined,
): IntegrationDeclarationPart[] {
  const problems: ConfigProblem[] = [];
  const parts: IntegrationDeclarationPart[] = [];
  if (checkRoot(root, [rootName], problems)) {
    checkElement(root, shapes.root, problems);
    const names = new Map<string, XmlElement>();
    for (const integration of childrenNamed(root, 'integration')) {
      checkElement(integration, shapes.integration, problems);
      const read = readOne(integration, readIntegrationName(integration, names, problems), problems);
      if (read !== undefined) parts.push(read);
    }
  }
  throwIfAny(problems);
  return parts;
}

/**
 * The trimmed `name` of an `<integration>`, located at the element; undefined (with a problem, if
 * the schema check has not reported it) when it is missing, too short or given before in the file.
 */
function readIntegrationName(
  integration: XmlElement,
  seen: Map<string, XmlElement>,
  problems: ConfigProblem[],
): Located<string> | undefined {
  const attribute = integration.attributes.get('name');
  if (attribute === undefined) return undefined;
  const name = attribute.value.trim();
  const problem = integrationNameProblem(name);
  if (problem !== null) {
    problems.push({ location: attribute.location, message: problem });
    return undefined;
  }
  const first = seen.get(name);
  if (first !== undefined) {
    problems.push({
      location: attribute.location,
      message: `integration "${shown(name)}" is declared twice in this file (first at line ${first.location.line}, column ${first.location.column})`,
    });
    return undefined;
  }
  seen.set(name, integration);
  return { value: name, location: integration.location };
}

/**
 * The trimmed text of the first child `name` of `parent` (a text-only element), located at that
 * child; undefined when there is none or `problemOf` finds it wrong (then a problem is added).
 */
function readValue(
  parent: XmlElement,
  name: string,
  problemOf: (value: string) => string | null,
  problems: ConfigProblem[],
): Located<string> | undefined {
  const element = childrenNamed(parent, name)[0];
  if (element === undefined) return undefined;
  checkElement(element, { text: true }, problems);
  const problem = problemOf(element.text);
  if (problem !== null) {
    problems.push({ location: element.textLocation ?? element.location, message: problem });
    return undefined;
  }
  return { value: element.text, location: element.location };
}

/**
 * The `<resource name>` values of a `<resources>` element (resourcesType), each at its element.
 * More than the API accepts in one grant is one problem, at the `<resources>` element.
 */
export function readResources(resources: XmlElement, problems: ConfigProblem[]): Located<string>[] {
  checkElement(resources, { children: { resource: 'one or more' } }, problems);
  const elements = childrenNamed(resources, 'resource');
  if (elements.length > MAX_GRANT_RESOURCES) {
    problems.push({ location: resources.location, message: tooManyResources(elements.length) });
    return [];
  }
  const names: Located<string>[] = [];
  for (const resource of elements) {
    // resourceType is simple content: text is allowed (and means nothing).
    checkElement(resource, { attributes: { name: 'required' }, text: true }, problems);
    const attribute = resource.attributes.get('name');
    if (attribute === undefined) continue;
    const name = attribute.value.trim();
    const problem = resourceNameProblem(name);
    if (problem === null) names.push({ value: name, location: resource.location });
    else problems.push({ location: attribute.location, message: problem });
  }
  return names;
}

/** The problem of a resource list longer than the API accepts. */
export function tooManyResources(count: number): string {
  return `${count} resources are listed; at most ${MAX_GRANT_RESOURCES} may be (as in the API). List a parent instead of its children where it grants what you mean.`;
}

/** A part with only the fields that are given. */
export function part(
  format: DeclarationFormat,
  name: Located<string>,
  fields: Omit<{ [K in keyof IntegrationDeclarationPart]?: IntegrationDeclarationPart[K] | undefined }, 'format' | 'name'>,
): IntegrationDeclarationPart {
  return {
    format,
    name,
    ...(fields.email === undefined ? {} : { email: fields.email }),
    ...(fields.endpoint === undefined ? {} : { endpoint: fields.endpoint }),
    ...(fields.identityLinkUrl === undefined ? {} : { identityLinkUrl: fields.identityLinkUrl }),
    ...(fields.resources === undefined ? {} : { resources: fields.resources }),
    ...(fields.readOnly === undefined ? {} : { readOnly: fields.readOnly }),
    ...(fields.expiresAt === undefined ? {} : { expiresAt: fields.expiresAt }),
    ...(fields.allowedIps === undefined ? {} : { allowedIps: fields.allowedIps }),
    ...(fields.rateLimit === undefined ? {} : { rateLimit: fields.rateLimit }),
  };
}

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { type AclResourceDefinition, type AclResourceSource } from '../../domain/acl/acl-resource-tree';

/** Magento's "Allow everything" resource: Portcullis models it as the All grant mode, not a resource. */
const MAGENTO_ALL = 'Magento_Backend::all';
/** Magento's root resource: Portcullis's virtual root, so its children become top-level resources. */
const MAGENTO_ADMIN = 'Magento_Backend::admin';

type XmlElement = Readonly<Record<string, unknown>>;

/**
 * Reads one Magento `etc/acl.xml` (the `<resource>` elements of `<config><acl><resources>`) as a
 * source for `AclResourceTree.build`. `Magento_Backend::all` is skipped; the children of
 * `Magento_Backend::admin` become top-level definitions, and any other top-level resource stays
 * top-level. A `disabled="true"` resource is skipped with its subtree. Titles are trimmed; a
 * resource that only re-opens a parent declared in another file has no title here. Ids are not
 * checked here: `AclResourceTree.build` checks them and names `sourceName` in its errors.
 * @throws Error when the XML is malformed or has no `<config><acl><resources>` (names `sourceName`).
 */
export function readMagentoAclXml(xml: string, sourceName: string): AclResourceSource {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    throw new Error(`${sourceName} is not well-formed XML (line ${validation.err.line}): ${validation.err.msg}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (tagName) => tagName === 'resource',
  });
  const document: unknown = parser.parse(xml);
  const resources = child(child(child(document, 'config'), 'acl'), 'resources');
  if (resources === undefined) throw new Error(`${sourceName} has no <config><acl><resources> element.`);

  const definitions: AclResourceDefinition[] = [];
  for (const element of enabledResources(resources)) {
    const id = attribute(element, 'id');
    if (id === MAGENTO_ALL) continue;
    if (id === MAGENTO_ADMIN) definitions.push(...enabledResources(element).map(toDefinition));
    else definitions.push(toDefinition(element));
  }
  return { name: sourceName, resources: definitions };
}

function toDefinition(element: XmlElement): AclResourceDefinition {
  const title = attribute(element, 'title')?.trim();
  const sortOrder = Number(attribute(element, 'sortOrder') ?? Number.NaN);
  return {
    // An element without an id is passed on as '' so that the tree rejects it with the source's name.
    id: attribute(element, 'id') ?? '',
    ...(title ? { title } : {}),
    ...(Number.isFinite(sortOrder) ? { sortOrder } : {}),
    children: enabledResources(element).map(toDefinition),
  };
}

/** The `<resource>` children of an element, minus the disabled ones (xs:boolean: "true" or "1"). */
function enabledResources(element: unknown): XmlElement[] {
  const resources = child(element, 'resource');
  if (!Array.isArray(resources)) return [];
  return resources
    // `<resource/>` with neither attributes nor children parses as '': keep it so it is reported.
    .map((resource: unknown): XmlElement => (isElement(resource) ? resource : {}))
    .filter((resource) => !['true', '1'].includes(attribute(resource, 'disabled')?.trim() ?? ''));
}

/** undefined when absent; an empty element (`<resources/>`) parses as '', which has no children. */
function child(element: unknown, name: string): unknown {
  return isElement(element) ? element[name] : undefined;
}

function attribute(element: XmlElement, name: string): string | undefined {
  const value = element[name];
  return typeof value === 'string' ? value : undefined;
}

function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

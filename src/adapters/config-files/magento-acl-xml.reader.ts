import { describeLocation, shown, type ConfigProblem } from '../../application/config-sync/config-declarations';
import { type AclResourceDefinition, type AclResourceSource } from '../../domain/acl/acl-resource-tree';
import { throwIfAny, type ConfigFileReader } from './source-text';
import { checkElement, checkRoot, childrenNamed, xmlFileReader, type ElementShape, type XmlElement } from './xml-document';

/** Magento's "Allow everything" resource: Portcullis models it as the All grant mode, not a resource. */
const MAGENTO_ALL = 'Magento_Backend::all';
/** Magento's root resource: Portcullis's virtual root, so its children become top-level resources. */
const MAGENTO_ADMIN = 'Magento_Backend::admin';

/**
 * acl.xsd's typeId, `([A-Z]+[a-zA-Z0-9]{1,}){1,}_[A-Z]+[A-Z0-9a-z]{1,}::[A-Za-z_0-9]{1,}`, written
 * without nested quantifiers (which backtrack exponentially on a long bad id): a repetition of
 * "capitals then at least one letter or digit" is exactly "a capital then at least one letter or digit".
 */
const ACL_ID_PATTERN = /^[A-Z][A-Za-z0-9]+_[A-Z][A-Za-z0-9]+::[A-Za-z0-9_]+$/;
const ACL_ID_RULE = 'Vendor_Module::resource: letters and digits, each part starting with a capital, and letters, digits and _ after ::';
const XS_INT = { min: -2147483648, max: 2147483647 };

const SHAPES = {
  config: { root: true, children: { acl: 'one' } },
  acl: { children: { resources: 'one' } },
  resources: { children: { resource: 'any number' } },
  resource: {
    attributes: { id: 'required', title: 'optional', translate: 'optional', sortOrder: 'optional', disabled: 'optional' },
    children: { resource: 'any number' },
  },
} as const satisfies Record<string, ElementShape>;

/**
 * Reads one Magento `etc/acl.xml` (the `<resource>` elements of `<config><acl><resources>`) as a
 * source for `AclResourceTree.build`, checked against acl.xsd. `Magento_Backend::all` is skipped;
 * the children of `Magento_Backend::admin` become top-level definitions, and any other top-level
 * resource stays top-level. A `disabled="true"` (or `"1"`) resource is skipped with its subtree.
 * Titles are trimmed; a resource that only re-opens a parent declared in another file has no title
 * here. Each definition's `origin` is `file:line:column` of its `<resource>`.
 * @throws ConfigFilesError listing every problem of the file (malformed XML, an element or attribute
 *   acl.xsd does not allow, a missing id, an id, title, sortOrder or disabled value of the wrong
 *   form, an id given twice)
 */
export const readMagentoAclXml: ConfigFileReader<AclResourceSource> = xmlFileReader(readMagentoAclXmlElement);

/** `readMagentoAclXml` for a document already parsed (the source is named by its file). */
export function readMagentoAclXmlElement(root: XmlElement): AclResourceSource {
  const problems: ConfigProblem[] = [];
  const resources = checkRoot(root, ['config'], problems) ? resourcesElement(root, problems) : [];
  const seen = new Map<string, XmlElement>();
  const checkTree = (element: XmlElement): void => {
    checkResource(element, seen, problems);
    childrenNamed(element, 'resource').forEach(checkTree);
  };
  resources.forEach(checkTree);
  throwIfAny(problems);

  const definitions: AclResourceDefinition[] = [];
  for (const element of enabled(resources)) {
    const id = attribute(element, 'id');
    if (id === MAGENTO_ALL) continue;
    if (id === MAGENTO_ADMIN) definitions.push(...enabled(childrenNamed(element, 'resource')).map(toDefinition));
    else definitions.push(toDefinition(element));
  }
  return { name: root.location.file, resources: definitions };
}

/** The `<resource>` children of `<config><acl><resources>`, after checking the path to them. */
function resourcesElement(config: XmlElement, problems: ConfigProblem[]): XmlElement[] {
  checkElement(config, SHAPES.config, problems);
  const acl = childrenNamed(config, 'acl')[0];
  if (acl === undefined) return [];
  checkElement(acl, SHAPES.acl, problems);
  const resources = childrenNamed(acl, 'resources')[0];
  if (resources === undefined) return [];
  checkElement(resources, SHAPES.resources, problems);
  return childrenNamed(resources, 'resource');
}

function checkResource(element: XmlElement, seen: Map<string, XmlElement>, problems: ConfigProblem[]): void {
  checkElement(element, SHAPES.resource, problems);
  const id = element.attributes.get('id');
  if (id !== undefined) {
    if (!ACL_ID_PATTERN.test(id.value)) {
      problems.push({ location: id.location, message: `resource id "${shown(id.value)}" is not valid; expected ${ACL_ID_RULE}` });
    }
    const first = seen.get(id.value);
    if (first === undefined) seen.set(id.value, element);
    else {
      problems.push({
        location: id.location,
        message: `resource id "${shown(id.value)}" is given twice in this file (first at line ${first.location.line}, column ${first.location.column}); ids are unique within an acl.xml`,
      });
    }
  }
  const title = element.attributes.get('title');
  const titleLength = title === undefined ? 0 : [...title.value].length;
  if (title !== undefined && (titleLength < 3 || titleLength > 50)) {
    problems.push({ location: title.location, message: `title "${shown(title.value)}" has ${titleLength} characters; allowed: 3 to 50` });
  }
  const sortOrder = element.attributes.get('sortOrder');
  if (sortOrder !== undefined && parseXsInt(sortOrder.value) === undefined) {
    problems.push({
      location: sortOrder.location,
      message: `sortOrder "${shown(sortOrder.value)}" is not an integer from ${XS_INT.min} to ${XS_INT.max}`,
    });
  }
  const disabled = element.attributes.get('disabled');
  if (disabled !== undefined && !['true', 'false', '1', '0'].includes(disabled.value.trim())) {
    problems.push({ location: disabled.location, message: `disabled "${shown(disabled.value)}" is not a boolean; allowed: true, false, 1, 0` });
  }
}

function toDefinition(element: XmlElement): AclResourceDefinition {
  const title = attribute(element, 'title')?.trim();
  const sortOrder = parseXsInt(attribute(element, 'sortOrder') ?? '');
  return {
    id: attribute(element, 'id') ?? '',
    ...(title ? { title } : {}),
    ...(sortOrder === undefined ? {} : { sortOrder }),
    children: enabled(childrenNamed(element, 'resource')).map(toDefinition),
    origin: describeLocation(element.location),
  };
}

/** The resources minus the disabled ones (xs:boolean: "true" or "1"). */
function enabled(resources: readonly XmlElement[]): XmlElement[] {
  return resources.filter((resource) => !['true', '1'].includes(attribute(resource, 'disabled')?.trim() ?? ''));
}

function attribute(element: XmlElement, name: string): string | undefined {
  return element.attributes.get(name)?.value;
}

/** xs:int (surrounding blanks allowed, as xs:int collapses whitespace); undefined when it is not one. */
function parseXsInt(value: string): number | undefined {
  const trimmed = value.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return number >= XS_INT.min && number <= XS_INT.max ? number : undefined;
}

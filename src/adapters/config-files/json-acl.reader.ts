import { type Node } from 'jsonc-parser';
import { describeLocation, shown, type ConfigProblem } from '../../application/config-sync/config-declarations';
import { type AclResourceDefinition, type AclResourceSource } from '../../domain/acl/acl-resource-tree';
import { RESOURCE_ID_PATTERN } from '../../domain/acl/resource-id';
import { checkObject, documentList, parseJsonDocument, type JsonDocument, type JsonObjectShape } from './json-document';
import { throwIfAny } from './source-text';

const TITLE_LENGTH = { min: 1, max: 50 };
const INT_RANGE = { min: -2147483648, max: 2147483647 };

const RESOURCE_SHAPE: JsonObjectShape = {
  id: { type: 'string', required: true },
  title: { type: 'string' },
  sortOrder: { type: 'integer' },
  children: { type: 'array' },
};

/**
 * Reads an ACL resource tree written as JSON:
 * `{ "$schema"?, "resources": [ { "id", "title"?, "sortOrder"?, "children"?: [ … ] } ] }`.
 * The resources are top-level as written (no Magento_Backend::admin convention). A title may be
 * left out by a resource that re-opens one declared in another source; given, it is trimmed and has
 * 1 to 50 characters. Each definition's `origin` is `file:line:column` of its object.
 * @throws ConfigFilesError listing every problem of the file (syntax, unknown or repeated keys,
 *   missing id, values of the wrong type or form, an id given twice)
 */
export function readJsonAclTree(text: string, file: string): AclResourceSource {
  const document = parseJsonDocument(text, file);
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, Node>();
  const read = (node: Node): AclResourceDefinition | undefined => readResource(node, document, seen, problems);

  const definitions = documentList(document, 'resources', problems).map(read);
  throwIfAny(problems);
  return { name: file, resources: definitions.filter((definition) => definition !== undefined) };
}

function readResource(
  node: Node,
  document: JsonDocument,
  seen: Map<string, Node>,
  problems: ConfigProblem[],
): AclResourceDefinition | undefined {
  const values = checkObject(node, RESOURCE_SHAPE, 'a resource', document, problems);
  if (node.type !== 'object') return undefined;

  const idNode = values.get('id');
  const id = typeof idNode?.value === 'string' ? idNode.value : undefined;
  if (idNode !== undefined && id !== undefined) {
    if (!RESOURCE_ID_PATTERN.test(id)) {
      problems.push({
        location: document.locate(idNode.offset),
        message: `resource id "${shown(id)}" is not valid; expected Vendor_Module::resource (letters, digits and _, with :: once)`,
      });
    }
    const first = seen.get(id);
    if (first === undefined) seen.set(id, idNode);
    else {
      const at = document.locate(first.offset);
      problems.push({
        location: document.locate(idNode.offset),
        message: `resource id "${shown(id)}" is given twice in this file (first at line ${at.line}, column ${at.column}); ids are unique within a file`,
      });
    }
  }

  const titleNode = values.get('title');
  const title = typeof titleNode?.value === 'string' ? titleNode.value.trim() : undefined;
  if (titleNode !== undefined && title !== undefined && ([...title].length < TITLE_LENGTH.min || [...title].length > TITLE_LENGTH.max)) {
    problems.push({
      location: document.locate(titleNode.offset),
      message: `title "${shown(title)}" has ${[...title].length} characters (trimmed); allowed: ${TITLE_LENGTH.min} to ${TITLE_LENGTH.max}`,
    });
  }

  const sortOrderNode = values.get('sortOrder');
  const sortOrder = typeof sortOrderNode?.value === 'number' ? sortOrderNode.value : undefined;
  if (sortOrderNode !== undefined && sortOrder !== undefined && (sortOrder < INT_RANGE.min || sortOrder > INT_RANGE.max)) {
    problems.push({
      location: document.locate(sortOrderNode.offset),
      message: `sortOrder ${sortOrder} is out of range; allowed: ${INT_RANGE.min} to ${INT_RANGE.max}`,
    });
  }

  // Children after the resource's own checks, so that "first at" names the one written first.
  const children = (values.get('children')?.children ?? []).map((child) => readResource(child, document, seen, problems));
  return {
    id: id ?? '',
    ...(title ? { title } : {}),
    ...(sortOrder === undefined ? {} : { sortOrder }),
    children: children.filter((child) => child !== undefined),
    origin: describeLocation(document.locate(node.offset)),
  };
}

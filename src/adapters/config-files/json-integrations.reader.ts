import { type Node } from 'jsonc-parser';
import { shown, type ConfigProblem, type IntegrationDeclarationPart, type Located } from '../../application/config-sync/config-declarations';
import { MAX_GRANT_RESOURCES } from '../../application/access/grant-input';
import { emailProblem, integrationNameProblem, resourceNameProblem, urlProblem } from './integration-values';
import { checkObject, documentList, parseJsonDocument, type JsonDocument, type JsonObjectShape } from './json-document';
import { part, tooManyResources } from './magento-integration-xml.reader';
import { throwIfAny } from './source-text';

const INTEGRATION_SHAPE: JsonObjectShape = {
  name: { type: 'string', required: true },
  email: { type: 'string' },
  endpointUrl: { type: 'string', nullable: true },
  identityLinkUrl: { type: 'string', nullable: true },
  resources: { type: 'array' },
};

/**
 * Reads integrations declared as JSON:
 * `{ "$schema"?, "integrations": [ { "name", "email"?, "endpointUrl"?, "identityLinkUrl"?,
 * "resources"?: [ "Vendor_Module::res", … ] } ] }`, with the value rules of integration.xml. Values
 * are trimmed. The name is located at its integration's object, every other value at itself.
 * `null` for endpointUrl or identityLinkUrl means "not given"; `resources` is undefined when the key
 * is absent and empty for `[]`.
 * @throws ConfigFilesError listing every problem of the file (syntax, unknown or repeated keys,
 *   missing name, values of the wrong type or form, an integration name given twice)
 */
export function readJsonIntegrations(text: string, file: string): IntegrationDeclarationPart[] {
  const document = parseJsonDocument(text, file);
  const problems: ConfigProblem[] = [];
  const names = new Map<string, Node>();
  const parts: IntegrationDeclarationPart[] = [];
  for (const node of documentList(document, 'integrations', problems)) {
    const values = checkObject(node, INTEGRATION_SHAPE, 'an integration', document, problems);
    const check = (key: string, problemOf: (value: string) => string | null): Located<string> | undefined =>
      checkedString(values.get(key), problemOf, document, problems);
    const name = check('name', integrationNameProblem);
    const email = check('email', emailProblem);
    const endpoint = check('endpointUrl', (url) => urlProblem(url, 'endpointUrl'));
    const identityLinkUrl = check('identityLinkUrl', (url) => urlProblem(url, 'identityLinkUrl'));
    const resourcesNode = values.get('resources');
    const resources = readResources(resourcesNode, document, problems);
    if (name === undefined) continue;

    const first = names.get(name.value);
    if (first !== undefined) {
      const at = document.locate(first.offset);
      problems.push({
        location: name.location,
        message: `integration "${shown(name.value)}" is declared twice in this file (first at line ${at.line}, column ${at.column})`,
      });
      continue;
    }
    names.set(name.value, node);
    parts.push(
      part('json', { value: name.value, location: document.locate(node.offset) }, {
        email,
        endpoint,
        identityLinkUrl,
        resources: resources?.filter((resource) => resource !== undefined),
      }),
    );
  }
  throwIfAny(problems);
  return parts;
}

/** The resource names of a `resources` array; more than the API accepts is one problem, at the array. */
function readResources(node: Node | undefined, document: JsonDocument, problems: ConfigProblem[]): (Located<string> | undefined)[] | undefined {
  const items = node?.children;
  if (items === undefined) return undefined;
  if (items.length > MAX_GRANT_RESOURCES) {
    problems.push({ location: document.locate(node?.offset ?? 0), message: tooManyResources(items.length) });
    return [];
  }
  return items.map((resource) => checkedString(resource, resourceNameProblem, document, problems, 'a resource name'));
}

/** The trimmed string `node` holds, at its place; undefined (with a problem) when it is wrong. */
function checkedString(
  node: Node | undefined,
  problemOf: (value: string) => string | null,
  document: JsonDocument,
  problems: ConfigProblem[],
  what?: string,
): Located<string> | undefined {
  if (node === undefined) return undefined;
  const location = document.locate(node.offset);
  if (node.type !== 'string' || typeof node.value !== 'string') {
    const type = node.type === 'null' ? 'null' : `${['array', 'object', 'integer'].includes(node.type) ? 'an' : 'a'} ${node.type}`;
    problems.push({ location, message: `${what ?? 'the value'} must be a string, not ${type}` });
    return undefined;
  }
  const value = node.value.trim();
  const problem = problemOf(value);
  if (problem === null) return { value, location };
  problems.push({ location, message: problem });
  return undefined;
}

import { type Node } from 'jsonc-parser';
import { shown, type ConfigProblem, type IntegrationDeclarationPart, type Located } from '../../application/config-sync/config-declarations';
import { MAX_GRANT_RESOURCES } from '../../application/access/grant-input';
import { MAX_RATE_LIMIT, MAX_RATE_WINDOW_SECONDS, type RateLimitPolicy } from '../../domain/integration/credential-policy.value-object';
import { IpAllowlist } from '../../domain/integration/ip-allowlist.value-object';
import { InvalidValueError } from '../../domain/kernel/domain-error';
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
  readOnly: { type: 'boolean' },
  expiresAt: { type: 'string', nullable: true },
  allowedIps: { type: 'array' },
  rateLimit: { type: 'object', nullable: true },
};

const RATE_LIMIT_SHAPE: JsonObjectShape = {
  limit: { type: 'integer', required: true },
  windowSeconds: { type: 'integer', required: true },
};

/** An ISO 8601 date and time with Z or an offset (a time in the server's zone would depend on where it runs). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * Reads integrations declared as JSON:
 * `{ "$schema"?, "integrations": [ { "name", "email"?, "endpointUrl"?, "identityLinkUrl"?,
 * "resources"?: [ "Vendor_Module::res", … ], "readOnly"?: true, "expiresAt"?: "2027-01-31T00:00:00Z",
 * "allowedIps"?: [ "203.0.113.0/24", … ], "rateLimit"?: { "limit": 600, "windowSeconds": 60 } } ] }`,
 * with the value rules of integration.xml and of the credential policy. Values are trimmed. The name
 * is located at its integration's object, every other value at itself (an allowed IP and a rate
 * limit's numbers at themselves too). `null` for endpointUrl, identityLinkUrl, expiresAt or
 * rateLimit means "not given"; `resources` is undefined when the key is absent and empty for `[]`;
 * `allowedIps` likewise (empty: any address).
 * @throws ConfigFilesError listing every problem of the file (syntax, unknown or repeated keys,
 *   missing name, values of the wrong type, form or range, an integration name given twice)
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
    const readOnlyNode = values.get('readOnly');
    const readOnly = readOnlyNode === undefined ? undefined : { value: readOnlyNode.value === true, location: document.locate(readOnlyNode.offset) };
    const expiresAt = readExpiresAt(values.get('expiresAt'), document, problems);
    const allowedIps = readAllowedIps(values.get('allowedIps'), document, problems);
    const rateLimit = readRateLimit(values.get('rateLimit'), document, problems);
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
        readOnly,
        expiresAt,
        allowedIps,
        rateLimit,
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

/** `expiresAt`: when the credentials are refused from, with Z or an offset. */
function readExpiresAt(node: Node | undefined, document: JsonDocument, problems: ConfigProblem[]): Located<Date> | undefined {
  const text = checkedString(node, (value) => (DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) ? null : `expiresAt "${shown(value)}" is not a date and time; expected ISO 8601 with Z or an offset, such as 2027-01-31T00:00:00Z`), document, problems);
  return text === undefined ? undefined : { value: new Date(text.value), location: text.location };
}

/**
 * `allowedIps`: each address or CIDR range checked at itself (the core's message), then the list as
 * a whole at the array (at most 100 distinct ranges); canonical text (`IpAllowlist`). Undefined
 * when absent or wrong.
 */
function readAllowedIps(node: Node | undefined, document: JsonDocument, problems: ConfigProblem[]): Located<readonly string[]> | undefined {
  const items = node?.children;
  if (node === undefined || items === undefined) return undefined;
  const ranges = items.map((item) => checkedString(item, ipRangeProblem, document, problems, 'an allowed IP'));
  if (ranges.some((range) => range === undefined)) return undefined;
  const location = document.locate(node.offset);
  try {
    return { value: IpAllowlist.parse(ranges.map((range) => range?.value ?? '')).ranges, location };
  } catch (error) {
    if (!(error instanceof InvalidValueError)) throw error;
    problems.push({ location, message: error.message });
    return undefined;
  }
}

function ipRangeProblem(range: string): string | null {
  try {
    IpAllowlist.parse([range]);
    return null;
  } catch (error) {
    if (!(error instanceof InvalidValueError)) throw error;
    return error.message;
  }
}

/** `rateLimit`: `{ "limit": 1 to 1,000,000, "windowSeconds": 1 to 86,400 }`, each number checked at itself. */
function readRateLimit(node: Node | undefined, document: JsonDocument, problems: ConfigProblem[]): Located<RateLimitPolicy> | undefined {
  if (node === undefined) return undefined;
  const values = checkObject(node, RATE_LIMIT_SHAPE, 'a rate limit', document, problems);
  const inRange = (key: string, max: number, unit: string): number | undefined => {
    const value = values.get(key);
    if (value === undefined) return undefined;
    const number = Number(value.value);
    if (number >= 1 && number <= max) return number;
    problems.push({ location: document.locate(value.offset), message: `"${key}" must be from 1 to ${max.toLocaleString('en-US')} ${unit}, not ${number}` });
    return undefined;
  };
  const limit = inRange('limit', MAX_RATE_LIMIT, 'requests');
  const windowSeconds = inRange('windowSeconds', MAX_RATE_WINDOW_SECONDS, 'seconds (a day)');
  if (limit === undefined || windowSeconds === undefined) return undefined;
  return { value: { limit, windowSeconds }, location: document.locate(node.offset) };
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

import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { shown, type ConfigProblem, type SourceLocation } from '../../application/config-sync/config-declarations';
import { locatorFor, throwIfAny } from './source-text';

/* JSON configuration files (comments allowed, trailing commas not) as a tree with offsets, and the
   shape checks the JSON readers share. */

export interface JsonDocument {
  readonly root: Node;
  /** The line and column of an offset in the file. */
  readonly locate: (offset: number) => SourceLocation;
}

/** What a key of an object holds. */
export interface JsonValueRule {
  readonly type: 'string' | 'integer' | 'boolean' | 'array' | 'object';
  readonly required?: boolean;
  /** `null` counts as "not given". */
  readonly nullable?: boolean;
}

/** The keys an object may have. */
export type JsonObjectShape = Readonly<Record<string, JsonValueRule>>;

const SYNTAX_MESSAGES: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a key in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon is expected',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing brace } is expected',
  CloseBracketExpected: 'a closing bracket ] is expected',
  EndOfFileExpected: 'the end of the file is expected (one value per file)',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is not finished',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
};

/**
 * Parses a JSON file; comments are allowed (it is a configuration file), trailing commas are not.
 * @throws ConfigFilesError listing every syntax error with its line and column
 */
export function parseJsonDocument(text: string, file: string): JsonDocument {
  const locate = locatorFor(text, file);
  const errors: ParseError[] = [];
  // A byte order mark is not JSON: blank it so that offsets stay those of the file.
  const root = parseTree(text.replace(/^\uFEFF/, ' '), errors, { allowTrailingComma: false, disallowComments: false });
  // The parser may report a second error at the same token (a value expected where a key was): keep the first.
  const offsets = new Set<number>();
  const firstAtEachOffset = errors.filter((error) => !offsets.has(error.offset) && offsets.add(error.offset));
  const problems: ConfigProblem[] = firstAtEachOffset.map((error) => ({
    location: locate(error.offset),
    message: `not valid JSON: ${SYNTAX_MESSAGES[printParseErrorCode(error.error)] ?? printParseErrorCode(error.error)}`,
  }));
  if (root === undefined && problems.length === 0) {
    problems.push({ location: locate(0), message: 'not valid JSON: the file is empty' });
  }
  throwIfAny(problems);
  return { root: root as Node, locate };
}

/**
 * The items of the document's one list, `{ "$schema"?, "<key>": [ … ] }`, after checking the
 * document is that object (every deviation a problem); none when the list is missing or wrong.
 */
export function documentList(document: JsonDocument, key: string, problems: ConfigProblem[]): Node[] {
  const shape: JsonObjectShape = { $schema: { type: 'string' }, [key]: { type: 'array', required: true } };
  return checkObject(document.root, shape, 'the document', document, problems).get(key)?.children ?? [];
}

/**
 * Checks that `node` is an object with the keys of `shape` (each at most once, required ones
 * present, of the right type), adding a problem for each deviation.
 * @param what names the object in messages ("an integration")
 * @returns the value of each allowed key with the right type and not null (the first, if repeated)
 */
export function checkObject(
  node: Node,
  shape: JsonObjectShape,
  what: string,
  document: JsonDocument,
  problems: ConfigProblem[],
): Map<string, Node> {
  const values = new Map<string, Node>();
  if (node.type !== 'object') {
    problems.push({ location: document.locate(node.offset), message: `${what} must be an object, not ${describeType(node)}` });
    return values;
  }
  const allowed = Object.keys(shape);
  const given = new Set<string>();
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode === undefined) continue;
    const key = String(keyNode.value);
    const rule = shape[key];
    if (rule === undefined) {
      problems.push({
        location: document.locate(keyNode.offset),
        message: `key "${shown(key)}" is not allowed in ${what}; allowed: ${allowed.join(', ')}`,
      });
      continue;
    }
    if (given.has(key)) {
      problems.push({ location: document.locate(keyNode.offset), message: `key "${shown(key)}" is given twice in ${what}` });
      continue;
    }
    given.add(key);
    if (valueNode === undefined) continue;
    if (valueNode.type === 'null' && rule.nullable === true) continue;
    if (!hasType(valueNode, rule.type)) {
      problems.push({
        location: document.locate(valueNode.offset),
        message: `"${key}" must be ${describeRuleType(rule)}, not ${describeType(valueNode)}`,
      });
      continue;
    }
    values.set(key, valueNode);
  }
  for (const [key, rule] of Object.entries(shape)) {
    if (rule.required === true && !given.has(key)) {
      problems.push({ location: document.locate(node.offset), message: `${what} has no "${key}"; it is required` });
    }
  }
  return values;
}

function hasType(node: Node, type: JsonValueRule['type']): boolean {
  if (type === 'integer') return node.type === 'number' && Number.isInteger(node.value);
  return node.type === type;
}

function describeRuleType(rule: JsonValueRule): string {
  const article = rule.type === 'integer' || rule.type === 'array' || rule.type === 'object' ? `an ${rule.type}` : `a ${rule.type}`;
  return rule.nullable === true ? `${article} or null` : article;
}

function describeType(node: Node): string {
  if (node.type === 'number') return Number.isInteger(node.value) ? 'an integer' : 'a number with a fraction';
  if (node.type === 'null') return 'null';
  if (node.type === 'boolean') return 'a boolean';
  return node.type === 'array' || node.type === 'object' ? `an ${node.type}` : `a ${node.type}`;
}

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { type RouteAccess, type RouteDeclaration, RouteTable, type RouteTableOptions } from '../../application/guard/route-table';

/** Magento's pseudo-resources (`Magento\Integration\Api\AuthorizationServiceInterface`). */
const ANONYMOUS = 'anonymous';
const SELF = 'self';

type XmlElement = Readonly<Record<string | symbol, unknown>>;

/** One webapi.xml file's text and the name its errors and declarations use (its relative path). */
export interface WebapiXmlFile {
  readonly name: string;
  readonly xml: string;
}

/** A webapi.xml file that cannot be read: `file`, `line` and `column` (1-based) say where. */
export class MagentoWebapiXmlError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}, line ${line}, column ${column}: ${problem}`, options);
    this.name = 'MagentoWebapiXmlError';
  }
}

/**
 * Reads one Magento `etc/webapi.xml` into route declarations: each
 * `<routes><route url method><resources><resource ref/>…` becomes `{ method, url, access }` with
 * `source` = `file:line:column` of its `<route>`. `<service>`, `<data>` and `secure="true"` are
 * not Portcullis's concern (HTTPS is the gateway's) and are ignored.
 *
 * Access follows what Magento enforces, not a shortcut: Magento allows a route when every listed
 * resource is allowed (`Framework\Webapi\Authorization::isAllowed`), and `anonymous` (the
 * `GuestAuthorization` plugin) or `self` (`CustomerAuthorization`) only ever allow themselves. So:
 * - only `anonymous` refs -> `'anonymous'`; only `self` refs (or `self` + `anonymous`) -> `'self'`;
 * - `anonymous` or `self` beside ACL resources -> those resources: listing `anonymous` next to
 *   `Magento_X::y` does not open the route, Magento still requires `Magento_X::y` (none of the
 *   upstream files mixes them).
 * Every declaration is checked as `RouteTable.of` would (method, url, duplicates in the file).
 * @throws MagentoWebapiXmlError when the XML is malformed, has no `<routes>` root, or a route has
 *   no url or method, no `<resources>`/`<resource>`, or a `<resource>` with an empty `ref`
 * @throws InvalidRouteDeclarationError / ConflictingRouteDeclarationError (from RouteTable.of),
 *   whose message names `file:line:column`
 */
export function readMagentoWebapiXml(xml: string, file: string): RouteDeclaration[] {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    throw new MagentoWebapiXmlError(file, validation.err.line, validation.err.col, `not well-formed XML: ${validation.err.msg}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    captureMetaData: true,
    isArray: (tagName) => tagName === 'route' || tagName === 'resources' || tagName === 'resource',
  });
  const document: unknown = parser.parse(xml);
  const locate = locator(xml, file);
  const routes = isElement(document) ? document.routes : undefined;
  if (routes === undefined) throw locate(0, 'the root element is not <routes>');

  // Offsets of tags in a copy of the text where comments, CDATA, PIs and the DOCTYPE are blanked:
  // an empty element (`<route/>`, `<resource/>`) parses to '' and carries no metadata of its own.
  const text = blankNonElements(xml);
  const routesStart = startOf(routes) ?? 0;
  const routeOffsets = tagOffsets(text, 'route', routesStart, endOf(routes) ?? text.length);

  const declarations: RouteDeclaration[] = [];
  childArray(routes, 'route').forEach((route, i) => {
    const at = startOf(route) ?? routeOffsets[i] ?? routesStart;
    const url = attribute(route, 'url')?.trim();
    const method = attribute(route, 'method')?.trim();
    if (!url) throw locate(at, 'the <route> has no url attribute (or an empty one)');
    if (!method) throw locate(at, `the <route url="${url}"> has no method attribute (or an empty one)`);
    const refs = resourceRefs(route, at, text, locate, `<route url="${url}" method="${method}">`);
    const [line, column] = lineAndColumn(xml, at);
    declarations.push({ method, url, access: accessOf(refs), source: `${file}:${line}:${column}` });
  });
  RouteTable.of(declarations);
  return declarations;
}

/**
 * Reads several webapi.xml files into one table, as Magento merges all modules' files. A route
 * may be declared again (in the same or a later file) only with the same access: a later file
 * that contradicts an earlier one is an error naming both places.
 * @throws MagentoWebapiXmlError, InvalidRouteDeclarationError (see readMagentoWebapiXml)
 * @throws ConflictingRouteDeclarationError naming both files, lines and columns
 */
export function loadMagentoWebapiRouteTable(files: readonly WebapiXmlFile[], options: RouteTableOptions = {}): RouteTable {
  return RouteTable.of(
    files.flatMap((file) => readMagentoWebapiXml(file.xml, file.name)),
    options,
  );
}

function accessOf(refs: readonly string[]): RouteAccess {
  const resources = [...new Set(refs.filter((ref) => ref !== ANONYMOUS && ref !== SELF))];
  if (resources.length > 0) return resources;
  return refs.includes(SELF) ? 'self' : 'anonymous';
}

function resourceRefs(
  route: unknown,
  routeAt: number,
  text: string,
  locate: (offset: number, problem: string) => MagentoWebapiXmlError,
  what: string,
): string[] {
  const refs: string[] = [];
  for (const resources of childArray(route, 'resources')) {
    const start = startOf(resources);
    const offsets = start === undefined ? [] : tagOffsets(text, 'resource', start, endOf(resources) ?? text.length);
    childArray(resources, 'resource').forEach((resource, i) => {
      const ref = attribute(resource, 'ref')?.trim();
      if (!ref) throw locate(startOf(resource) ?? offsets[i] ?? start ?? routeAt, `a <resource> of ${what} has no ref (or an empty one)`);
      refs.push(ref);
    });
  }
  if (refs.length === 0) throw locate(routeAt, `${what} has no <resources><resource ref="…"/></resources>`);
  return refs;
}

/** Builds errors at an offset of the file. */
function locator(xml: string, file: string): (offset: number, problem: string) => MagentoWebapiXmlError {
  return (offset, problem) => {
    const [line, column] = lineAndColumn(xml, offset);
    return new MagentoWebapiXmlError(file, line, column, problem);
  };
}

function lineAndColumn(text: string, offset: number): [number, number] {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return [line, offset - lineStart + 1];
}

/** Comments, CDATA sections, processing instructions and DOCTYPE replaced by spaces (newlines kept). */
function blankNonElements(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>/g, (match) => match.replace(/[^\n]/g, ' '));
}

/** Offsets of the `<name` start tags in [from, to) of the blanked text, in document order. */
function tagOffsets(text: string, name: string, from: number, to: number): number[] {
  const pattern = new RegExp(`<${name}(?=[\\s/>])`, 'g');
  pattern.lastIndex = from;
  const offsets: number[] = [];
  for (let match = pattern.exec(text); match !== null && match.index < to; match = pattern.exec(text)) offsets.push(match.index);
  return offsets;
}

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

function startOf(node: unknown): number | undefined {
  return isElement(node) ? (node[META] as { startIndex?: number } | undefined)?.startIndex : undefined;
}

function endOf(node: unknown): number | undefined {
  return isElement(node) ? (node[META] as { endIndex?: number } | undefined)?.endIndex : undefined;
}

/** The `name` children of an element; an empty child element (`<x/>`) is '' here. */
function childArray(element: unknown, name: string): unknown[] {
  const children = isElement(element) ? element[name] : undefined;
  return Array.isArray(children) ? (children as unknown[]) : [];
}

function attribute(element: unknown, name: string): string | undefined {
  const value = isElement(element) ? element[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { shown, type ConfigProblem, type SourceLocation } from '../../application/config-sync/config-declarations';
import { ConfigFilesError } from '../../application/config-sync/config-sync.errors';
import { locatorFor, type ConfigFileReader } from './source-text';

/* A small read-only XML tree with the place of every element and attribute, and the schema checks
   the Magento readers share (they implement the XSDs by hand, collecting every problem). */

export interface XmlAttribute {
  readonly value: string;
  /** Where the attribute's name starts. */
  readonly location: SourceLocation;
}

export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, XmlAttribute>;
  readonly children: readonly XmlElement[];
  /** The element's own character data (text and CDATA, entities decoded), concatenated and trimmed. */
  readonly text: string;
  /** Where the element's `<` is. */
  readonly location: SourceLocation;
  /** Where its first non-blank character data starts; undefined when it has none. */
  readonly textLocation?: SourceLocation;
}

interface ElementUnderConstruction {
  readonly name: string;
  readonly attributes: Map<string, XmlAttribute>;
  readonly children: ElementUnderConstruction[];
  readonly textParts: string[];
  readonly location: SourceLocation;
  textLocation?: SourceLocation;
}

/**
 * Parses a whole XML document (namespaces are not processed: `xsi:foo` is a plain attribute name;
 * the DTD is not read, so entities other than the predefined ones are errors).
 * @throws ConfigFilesError with one problem, at the parser's line and column, when the text is not
 *   well-formed XML
 */
export function parseXmlDocument(text: string, file: string): XmlElement {
  const locate = locatorFor(text, file);
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const open: ElementUnderConstruction[] = [];
  let root: ElementUnderConstruction | undefined;

  parser.on('error', (error) => {
    // The first error stops the parse: what follows a well-formedness error is mostly its echo.
    const message = error.message.replace(/^\d+:\d+: /, '');
    throw new ConfigFilesError([
      { location: { file, line: parser.line, column: Math.max(1, parser.column) }, message: `not well-formed XML: ${shown(message, 200)}` },
    ]);
  });
  parser.on('opentag', (tag) => {
    // `position` is just after the tag's `>`; a `<` cannot occur inside a tag, so the last one is its start.
    const end = parser.position;
    const start = text.lastIndexOf('<', end - 1);
    const element: ElementUnderConstruction = {
      name: tag.name,
      attributes: attributesOf(tag, text.slice(start, end), start, locate),
      children: [],
      textParts: [],
      location: locate(start),
    };
    const parent = open.at(-1);
    if (parent === undefined) root = element;
    else parent.children.push(element);
    open.push(element);
  });
  parser.on('closetag', () => {
    open.pop();
  });
  parser.on('text', (data) => {
    // `position` is just after the `<` that ends the text; the text starts after the previous `>`.
    const end = parser.position - 1;
    addText(open.at(-1), data, () => firstNonBlank(text, text.lastIndexOf('>', end - 1) + 1, end), locate);
  });
  parser.on('cdata', (data) => {
    addText(open.at(-1), data, () => text.lastIndexOf('<![CDATA[', parser.position), locate);
  });
  parser.write(text).close();

  if (root === undefined) {
    // saxes reports a missing root as an error; this only keeps the compiler sure of it.
    throw new ConfigFilesError([{ location: { file, line: 1, column: 1 }, message: 'not well-formed XML: the document has no root element' }]);
  }
  return freeze(root);
}

/**
 * The reader of an XML file's text made of the reader of its parsed document: every XML reader has
 * this shape, and its document reader serves loaders that look at the root element first.
 */
export function xmlFileReader<T>(readDocument: (root: XmlElement) => T): ConfigFileReader<T> {
  return (text, file) => readDocument(parseXmlDocument(text, file));
}

function attributesOf(
  tag: SaxesTagPlain,
  source: string,
  offset: number,
  locate: (offset: number) => SourceLocation,
): Map<string, XmlAttribute> {
  const starts = new Map<string, number>();
  const pattern = /([^\s=]+)\s*=\s*(["'])[\s\S]*?\2/g;
  pattern.lastIndex = 1 + tag.name.length;
  for (let match = pattern.exec(source); match !== null; match = pattern.exec(source)) {
    starts.set(match[1] ?? '', offset + match.index);
  }
  const attributes = new Map<string, XmlAttribute>();
  for (const [name, value] of Object.entries(tag.attributes)) {
    attributes.set(name, { value, location: locate(starts.get(name) ?? offset) });
  }
  return attributes;
}

function addText(
  element: ElementUnderConstruction | undefined,
  data: string,
  start: () => number,
  locate: (offset: number) => SourceLocation,
): void {
  if (element === undefined) return;
  element.textParts.push(data);
  if (element.textLocation === undefined && data.trim() !== '') element.textLocation = locate(start());
}

function firstNonBlank(text: string, from: number, to: number): number {
  for (let i = from; i < to; i += 1) if (!/\s/.test(text.charAt(i))) return i;
  return from;
}

function freeze(element: ElementUnderConstruction): XmlElement {
  return {
    name: element.name,
    attributes: element.attributes,
    children: element.children.map(freeze),
    text: element.textParts.join('').trim(),
    location: element.location,
    ...(element.textLocation === undefined ? {} : { textLocation: element.textLocation }),
  };
}

/** How often a child element may appear. */
export type Occurs = 'one' | 'optional' | 'one or more' | 'any number';

/** What an element may hold, as its XSD type says. */
export interface ElementShape {
  /** The attributes it may have (none when absent). */
  readonly attributes?: Readonly<Record<string, 'required' | 'optional'>>;
  /** The child elements it may have, in the schema's order (none when absent). */
  readonly children?: Readonly<Record<string, Occurs>>;
  /** xs:sequence: the children must come in the order of `children` (else xs:all / one kind). */
  readonly ordered?: boolean;
  /** Whether it holds text (a simple value); elements that hold elements may hold only blanks. */
  readonly text?: boolean;
  /** The document's root: `xmlns`, `xmlns:*` and `xsi:*` attributes are allowed too. */
  readonly root?: boolean;
}

/**
 * Adds to `problems` everything in `element` itself that `shape` does not allow: unknown, missing
 * or repeated children, children out of order, unknown or missing attributes, stray text. The
 * children's own content is the caller's to check.
 */
export function checkElement(element: XmlElement, shape: ElementShape, problems: ConfigProblem[]): void {
  const attributes = shape.attributes ?? {};
  const children = shape.children ?? {};
  const childNames = Object.keys(children);
  const attributeNames = Object.keys(attributes);

  for (const [name, attribute] of element.attributes) {
    if (name in attributes || (shape.root === true && isNamespaceAttribute(name))) continue;
    problems.push({
      location: attribute.location,
      message: `attribute ${shown(name)} is not allowed on <${shown(element.name)}>; ${attributeNames.length > 0 ? `allowed: ${attributeNames.join(', ')}` : 'it has no attributes'}`,
    });
  }
  for (const [name, use] of Object.entries(attributes)) {
    if (use === 'required' && !element.attributes.has(name)) {
      problems.push({ location: element.location, message: `<${shown(element.name)}> has no ${name} attribute; it is required` });
    }
  }

  const counts = new Map<string, number>();
  let furthest = -1;
  for (const child of element.children) {
    const occurs = children[child.name];
    if (occurs === undefined) {
      problems.push({
        location: child.location,
        message: `element <${shown(child.name)}> is not allowed in <${shown(element.name)}>; ${childNames.length > 0 ? `allowed: ${childNames.join(', ')}` : 'it holds no elements'}`,
      });
      continue;
    }
    const count = (counts.get(child.name) ?? 0) + 1;
    counts.set(child.name, count);
    if (count === 2 && (occurs === 'one' || occurs === 'optional')) {
      problems.push({ location: child.location, message: `element <${shown(child.name)}> appears more than once in <${shown(element.name)}>; at most one is allowed` });
    }
    const index = childNames.indexOf(child.name);
    if (shape.ordered === true && index < furthest) {
      problems.push({
        location: child.location,
        message: `element <${shown(child.name)}> must come before <${childNames[furthest] ?? ''}> in <${shown(element.name)}>; order: ${childNames.join(', ')}`,
      });
    }
    furthest = Math.max(furthest, index);
  }
  for (const [name, occurs] of Object.entries(children)) {
    if ((occurs === 'one' || occurs === 'one or more') && !counts.has(name)) {
      problems.push({
        location: element.location,
        message: `<${shown(element.name)}> has no <${name}> element; ${occurs === 'one' ? 'it is required' : 'at least one is required'}`,
      });
    }
  }

  if (shape.text !== true && element.text !== '') {
    problems.push({
      location: element.textLocation ?? element.location,
      message: `text "${shown(element.text)}" is not allowed in <${shown(element.name)}>; it holds only elements`,
    });
  }
}

/** The children named `name`, in document order. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** Adds a problem unless the root element is one of `names`. @returns whether it is. */
export function checkRoot(root: XmlElement, names: readonly string[], problems: ConfigProblem[]): boolean {
  if (names.includes(root.name)) return true;
  problems.push({
    location: root.location,
    message: `the root element is <${shown(root.name)}>; expected ${names.map((name) => `<${name}>`).join(' or ')}`,
  });
  return false;
}

function isNamespaceAttribute(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:') || name.startsWith('xsi:');
}

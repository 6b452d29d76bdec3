import { ConfigFilesError } from '../../../../src/application/config-sync/config-sync.errors';
import { type ConfigProblem } from '../../../../src/application/config-sync/config-declarations';
import { checkElement, checkRoot, childrenNamed, parseXmlDocument, xmlFileReader, type ElementShape, type XmlElement } from '../../../../src/adapters/config-files/xml-document';
import { errorFrom } from '../../../support/errors';

const FILE = 'Vendor_Module/etc/thing.xml';

function at(line: number, column: number): { file: string; line: number; column: number } {
  return { file: FILE, line, column };
}

function problemsOf(fn: () => unknown): readonly ConfigProblem[] {
  const error = errorFrom(fn);
  if (!(error instanceof ConfigFilesError)) throw error;
  return error.problems;
}

function child(element: XmlElement, ...path: number[]): XmlElement {
  let current = element;
  for (const index of path) {
    const next = current.children[index];
    if (next === undefined) throw new Error(`no child ${index} in <${current.name}>`);
    current = next;
  }
  return current;
}

function check(xml: string, shape: ElementShape): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  checkElement(parseXmlDocument(xml, FILE), shape, problems);
  return problems;
}

describe('parseXmlDocument', () => {
  it('locates every element at its "<" (1-based line and column)', () => {
    const root = parseXmlDocument(
      ['<?xml version="1.0"?>', '<config>', '    <acl>', '\t<resources/><resource', '        id="x"/>', '    </acl>', '</config>'].join('\n'),
      FILE,
    );

    expect(root.location).toEqual(at(2, 1));
    expect(child(root, 0).location).toEqual(at(3, 5));
    expect(child(root, 0, 0).location).toEqual(at(4, 2));
    expect(child(root, 0, 1).location).toEqual(at(4, 14));
    expect(root.children.map((element) => element.name)).toEqual(['acl']);
    expect(child(root, 0).children.map((element) => element.name)).toEqual(['resources', 'resource']);
  });

  it('locates every attribute at its name, also across lines and with spaces around "="', () => {
    const root = parseXmlDocument('<a x="1"\n   yy = \'2>3\'\n><b z="&lt;&amp;"/></a>', FILE);

    expect(root.attributes.get('x')).toEqual({ value: '1', location: at(1, 4) });
    expect(root.attributes.get('yy')).toEqual({ value: '2>3', location: at(2, 4) });
    expect(child(root, 0).attributes.get('z')).toEqual({ value: '<&', location: at(3, 5) });
  });

  it('counts lines ended by CRLF or a lone CR once, and columns in characters (not UTF-16 units)', () => {
    const root = parseXmlDocument('<a>\r\n<b/>\r<c/>\n  <é/><d é="1" 𝒳="2"/></a>', FILE);

    expect(child(root, 0).location).toEqual(at(2, 1));
    expect(child(root, 1).location).toEqual(at(3, 1));
    expect(child(root, 2).location).toEqual(at(4, 3));
    expect(child(root, 3).location).toEqual(at(4, 7));
    expect(child(root, 3).attributes.get('𝒳')?.location).toEqual(at(4, 16));
  });

  it('does not count a byte order mark as a column', () => {
    expect(parseXmlDocument('\uFEFF<a/>', FILE).location).toEqual(at(1, 1));
  });

  it('gives the character data of an element concatenated and trimmed, entities and CDATA decoded', () => {
    const root = parseXmlDocument('<a>\n  <b> x &amp; <!-- note --> y<![CDATA[<z>]]>\n </b><c/><d>   </d></a>', FILE);

    expect(child(root, 0).text).toBe('x &  y<z>');
    expect(child(root, 0).textLocation).toEqual(at(2, 7));
    expect(child(root, 1)).toEqual({ name: 'c', attributes: new Map(), children: [], text: '', location: at(3, 6) });
    expect(child(root, 2).text).toBe('');
    expect(child(root, 2).textLocation).toBeUndefined();
    expect(root.text).toBe('');
  });

  it('locates text that starts with CDATA at the CDATA section', () => {
    const root = parseXmlDocument('<a>\n  <![CDATA[ x ]]></a>', FILE);

    expect(root.text).toBe('x');
    expect(root.textLocation).toEqual(at(2, 3));
  });

  it.each([
    ['an unclosed tag', '<config>\n  <acl>\n</config>', 3, 9, 'unexpected close tag'],
    ['text that is not XML', 'not xml', 1, 7, 'text data outside of root node'],
    ['an empty document', '', 1, 1, 'document must contain a root element'],
    ['two roots', '<a/>\n<b/>', 2, 3, 'documents may contain only one root'],
    ['a repeated attribute', '<a x="1" x="2"/>', 1, 16, 'duplicate attribute: x'],
    ['an undefined entity', '<a>&nbsp;</a>', 1, 9, 'undefined entity'],
    // The parser reports where it noticed the error: the character it had just read.
  ])('rejects malformed XML (%s) with the parser\'s line, column and message', (_case, xml, line, column, message) => {
    expect(problemsOf(() => parseXmlDocument(xml, FILE))).toEqual([{ location: at(line, column), message: `not well-formed XML: ${message}.` }]);
  });
});

describe('checkElement', () => {
  const integration: ElementShape = {
    attributes: { name: 'required' },
    children: { email: 'optional', endpoint_url: 'optional', identity_link_url: 'optional', resources: 'optional' },
  };

  it('accepts what the shape allows, in any order unless ordered', () => {
    expect(check('<integration name="x"><resources/><email>a</email></integration>', integration)).toEqual([]);
  });

  it('reports every unknown element, naming the allowed ones', () => {
    expect(check('<integration name="x">\n  <emial>a</emial>\n  <email>a</email><url/>\n</integration>', integration)).toEqual([
      { location: at(2, 3), message: 'element <emial> is not allowed in <integration>; allowed: email, endpoint_url, identity_link_url, resources' },
      { location: at(3, 19), message: 'element <url> is not allowed in <integration>; allowed: email, endpoint_url, identity_link_url, resources' },
    ]);
    expect(check('<email><b/></email>', { text: true })).toEqual([
      { location: at(1, 8), message: 'element <b> is not allowed in <email>; it holds no elements' },
    ]);
  });

  it('reports unknown attributes at the attribute and missing required ones at the element', () => {
    expect(check('<integration\n    nmae="x" other="y"/>', integration)).toEqual([
      { location: at(2, 5), message: 'attribute nmae is not allowed on <integration>; allowed: name' },
      { location: at(2, 14), message: 'attribute other is not allowed on <integration>; allowed: name' },
      { location: at(1, 1), message: '<integration> has no name attribute; it is required' },
    ]);
    expect(check('<email kind="work">a</email>', { text: true })).toEqual([
      { location: at(1, 8), message: 'attribute kind is not allowed on <email>; it has no attributes' },
    ]);
  });

  it('allows xmlns, xmlns:* and xsi:* attributes on the root only', () => {
    const xml = '<config xmlns="urn:x" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:y"/>';

    expect(check(xml, { root: true })).toEqual([]);
    expect(check(xml, {}).map((problem) => problem.message)).toEqual([
      'attribute xmlns is not allowed on <config>; it has no attributes',
      'attribute xmlns:xsi is not allowed on <config>; it has no attributes',
      'attribute xsi:noNamespaceSchemaLocation is not allowed on <config>; it has no attributes',
    ]);
  });

  it('reports an element given more than once where at most one is allowed, at each repeat', () => {
    expect(check('<integration name="x"><email>a</email>\n<email>b</email><email>c</email></integration>', integration)).toEqual([
      { location: at(2, 1), message: 'element <email> appears more than once in <integration>; at most one is allowed' },
    ]);
  });

  it('reports missing required elements ("one" and "one or more")', () => {
    expect(check('<integration name="x"/>', { attributes: { name: 'required' }, children: { email: 'one', resources: 'one or more' } })).toEqual([
      { location: at(1, 1), message: '<integration> has no <email> element; it is required' },
      { location: at(1, 1), message: '<integration> has no <resources> element; at least one is required' },
    ]);
  });

  it('reports children out of the order of an xs:sequence', () => {
    const shape: ElementShape = { children: { email: 'one', endpoint_url: 'optional', identity_link_url: 'optional' }, ordered: true };

    expect(check('<i><email>a</email><endpoint_url>b</endpoint_url><identity_link_url>c</identity_link_url></i>', shape)).toEqual([]);
    expect(check('<i><identity_link_url>c</identity_link_url>\n<email>a</email><endpoint_url>b</endpoint_url></i>', shape)).toEqual([
      { location: at(2, 1), message: 'element <email> must come before <identity_link_url> in <i>; order: email, endpoint_url, identity_link_url' },
      { location: at(2, 17), message: 'element <endpoint_url> must come before <identity_link_url> in <i>; order: email, endpoint_url, identity_link_url' },
    ]);
  });

  it('reports non-blank text in an element that holds only elements, at the text', () => {
    expect(check('<resources>\n   oops <resource/></resources>', { children: { resource: 'any number' } })).toEqual([
      { location: at(2, 4), message: 'text "oops" is not allowed in <resources>; it holds only elements' },
    ]);
    expect(check('<resources>  \n  <resource/>\n</resources>', { children: { resource: 'any number' } })).toEqual([]);
  });
});

describe('checkRoot and childrenNamed', () => {
  it('names the expected root elements', () => {
    const problems: ConfigProblem[] = [];

    expect(checkRoot(parseXmlDocument('\n <routes/>', FILE), ['config', 'integrations'], problems)).toBe(false);
    expect(problems).toEqual([{ location: at(2, 2), message: 'the root element is <routes>; expected <config> or <integrations>' }]);
    expect(checkRoot(parseXmlDocument('<config/>', FILE), ['config'], problems)).toBe(true);
  });

  it('gives the children of one name in document order', () => {
    const root = parseXmlDocument('<a><b n="1"/><c/><b n="2"/></a>', FILE);

    expect(childrenNamed(root, 'b').map((element) => element.attributes.get('n')?.value)).toEqual(['1', '2']);
  });
});

describe('xmlFileReader', () => {
  const rootName = xmlFileReader((root) => `${root.name} at ${root.location.file}:${root.location.line}:${root.location.column}`);

  it('reads a file\'s text with the reader of its parsed document, locating in the file it names', () => {
    expect(rootName('<?xml version="1.0"?>\n<routes/>', FILE)).toBe(`routes at ${FILE}:2:1`);
  });

  it('reports malformed XML as the document reader would never see it: one problem, in the file', () => {
    expect(problemsOf(() => rootName('<routes>', FILE))).toEqual([{ location: { file: FILE, line: 1, column: expect.any(Number) as number }, message: expect.stringMatching(/^not well-formed XML: /) as string }]);
  });
});

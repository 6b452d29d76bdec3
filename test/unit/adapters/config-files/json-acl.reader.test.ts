import { readJsonAclTree } from '../../../../src/adapters/config-files/json-acl.reader';
import { type ConfigProblem } from '../../../../src/application/config-sync/config-declarations';
import { ConfigFilesError } from '../../../../src/application/config-sync/config-sync.errors';
import { AclResourceTree } from '../../../../src/domain/acl/acl-resource-tree';
import { errorFrom } from '../../../support/errors';

const FILE = 'config/acl.json';

function at(line: number, column: number): { file: string; line: number; column: number } {
  return { file: FILE, line, column };
}

function problemsOf(text: string): readonly ConfigProblem[] {
  const error = errorFrom(() => readJsonAclTree(text, FILE));
  if (!(error instanceof ConfigFilesError)) throw error;
  return error.problems;
}

/** A document whose "resources" array starts on line 2: `resources` is put on line 3 onwards. */
function document(resources: string): string {
  return `{\n  "resources": [\n${resources}\n  ]\n}`;
}

describe('readJsonAclTree', () => {
  it('reads nested resources with titles, sort orders and origins (file:line:column of each object)', () => {
    const text = `{
  // The catalog API of the host application.
  "$schema": "https://example.com/acl.schema.json",
  "resources": [
    {
      "id": "Vendor_Catalog::catalog",
      "title": "  Catalog  ",
      "sortOrder": 10,
      "children": [
        { "id": "Vendor_Catalog::products", "title": "Products" },
        { "id": "Vendor_Catalog::categories", "title": "Categories", "sortOrder": -1, "children": [] }
      ]
    },
    { "id": "Magento_Sales::sales" }
  ]
}`;

    expect(readJsonAclTree(text, FILE)).toEqual({
      name: FILE,
      resources: [
        {
          id: 'Vendor_Catalog::catalog',
          title: 'Catalog',
          sortOrder: 10,
          origin: 'config/acl.json:5:5',
          children: [
            { id: 'Vendor_Catalog::products', title: 'Products', children: [], origin: 'config/acl.json:10:9' },
            { id: 'Vendor_Catalog::categories', title: 'Categories', sortOrder: -1, children: [], origin: 'config/acl.json:11:9' },
          ],
        },
        { id: 'Magento_Sales::sales', children: [], origin: 'config/acl.json:14:5' },
      ],
    });
  });

  it('gives a source the tree builds from, re-opening a resource without a title', () => {
    const own = readJsonAclTree(document('{ "id": "Vendor_Catalog::catalog", "title": "Catalog" }'), 'a.json');
    const more = readJsonAclTree(document('{ "id": "Vendor_Catalog::catalog", "children": [{ "id": "Vendor_Catalog::extra", "title": "Extra" }] }'), 'b.json');

    const tree = AclResourceTree.build([own, more]);

    expect(tree.get('Vendor_Catalog::extra')).toMatchObject({ parentId: 'Vendor_Catalog::catalog', depth: 2 });
  });

  it('reads an empty resource list', () => {
    expect(readJsonAclTree('{ "resources": [] }', FILE)).toEqual({ name: FILE, resources: [] });
  });

  it.each([
    ['a trailing comma', '{ "resources": [], }', 1, 20, 'a key in double quotes is expected'],
    ['a missing comma', '{\n  "resources": []\n  "$schema": "x"\n}', 3, 3, 'a comma is expected'],
    ['an unclosed array', '{ "resources": [', 1, 17, 'a closing bracket ] is expected'],
    ['an empty file', '', 1, 1, 'a value is expected'],
    ['single quotes', "{ 'resources': [] }", 1, 3, 'unexpected character'],
  ])('rejects a file that is not JSON (%s), at the line and column of the error', (_case, text, line, column, message) => {
    expect(problemsOf(text)[0]).toEqual({ location: at(line, column), message: `not valid JSON: ${message}` });
  });

  it('rejects a document that is not an object or has no resources', () => {
    expect(problemsOf('[]')).toEqual([{ location: at(1, 1), message: 'the document must be an object, not an array' }]);
    expect(problemsOf('{}')).toEqual([{ location: at(1, 1), message: 'the document has no "resources"; it is required' }]);
    expect(problemsOf('{ "resources": {} }')).toEqual([{ location: at(1, 16), message: '"resources" must be an array, not an object' }]);
  });

  it('rejects unknown and repeated keys, at the key', () => {
    expect(problemsOf(document('    { "id": "Vendor_Module::a", "titel": "A", "id": "Vendor_Module::b" }'))).toEqual([
      { location: at(3, 33), message: 'key "titel" is not allowed in a resource; allowed: id, title, sortOrder, children' },
      { location: at(3, 47), message: 'key "id" is given twice in a resource' },
    ]);
    expect(problemsOf('{ "resources": [], "resources": [] }')).toEqual([{ location: at(1, 20), message: 'key "resources" is given twice in the document' }]);
  });

  it('rejects a resource that is not an object or has no id', () => {
    expect(problemsOf(document('    "Vendor_Module::a",\n    { "title": "No id" }'))).toEqual([
      { location: at(3, 5), message: 'a resource must be an object, not a string' },
      { location: at(4, 5), message: 'a resource has no "id"; it is required' },
    ]);
  });

  it.each([
    ['an id that is not a string', '{ "id": 12 }', 13, '"id" must be a string, not an integer'],
    ['a title that is not a string', '{ "id": "Vendor_Module::a", "title": true }', 42, '"title" must be a string, not a boolean'],
    ['a fractional sortOrder', '{ "id": "Vendor_Module::a", "sortOrder": 1.5 }', 46, '"sortOrder" must be an integer, not a number with a fraction'],
    ['a sortOrder as a string', '{ "id": "Vendor_Module::a", "sortOrder": "1" }', 46, '"sortOrder" must be an integer, not a string'],
    ['a sortOrder out of the xs:int range', '{ "id": "Vendor_Module::a", "sortOrder": 2147483648 }', 46, 'sortOrder 2147483648 is out of range; allowed: -2147483648 to 2147483647'],
    ['children that are not an array', '{ "id": "Vendor_Module::a", "children": {} }', 45, '"children" must be an array, not an object'],
    ['a null title', '{ "id": "Vendor_Module::a", "title": null }', 42, '"title" must be a string, not null'],
  ])('rejects %s, at the value', (_case, resource, column, message) => {
    expect(problemsOf(document(`    ${resource}`))).toEqual([{ location: at(3, column), message }]);
  });

  it.each([
    ['no ::', 'Vendor_Module_a'],
    ['a dash', 'Vendor-Module::a'],
    ['two ::', 'Vendor::Module::a'],
    ['blanks', ' Vendor_Module::a'],
  ])('rejects an id of the wrong form (%s)', (_case, id) => {
    expect(problemsOf(document(`    { "id": "${id}" }`))).toEqual([
      { location: at(3, 13), message: `resource id "${id}" is not valid; expected Vendor_Module::resource (letters, digits and _, with :: once)` },
    ]);
  });

  it.each([
    ['blank', '   ', '', 0],
    // Long values are cut in messages.
    ['longer than 50 characters', 'x'.repeat(51), 'x'.repeat(51), 51],
  ])('rejects a title that is %s', (_case, title, quoted, length) => {
    expect(problemsOf(document(`    { "id": "Vendor_Module::a", "title": "${title}" }`))).toEqual([
      { location: at(3, 42), message: `title "${quoted}" has ${length} characters (trimmed); allowed: 1 to 50` },
    ]);
  });

  it('rejects an id given twice in the file, at any depth', () => {
    expect(problemsOf(document('    { "id": "Vendor_Module::a", "children": [\n      { "id": "Vendor_Module::a" }\n    ] }'))).toEqual([
      { location: at(4, 15), message: 'resource id "Vendor_Module::a" is given twice in this file (first at line 3, column 13); ids are unique within a file' },
    ]);
  });

  it('reports every problem of the file at once, in reading order', () => {
    const text = document(`    { "id": "bad id", "title": "", "sortOrder": "first" },
    { "id": "Vendor_Module::a", "colour": "red", "children": [ { "title": "Orphan" } ] }`);

    expect(problemsOf(text)).toEqual([
      { location: at(3, 13), message: 'resource id "bad id" is not valid; expected Vendor_Module::resource (letters, digits and _, with :: once)' },
      { location: at(3, 32), message: 'title "" has 0 characters (trimmed); allowed: 1 to 50' },
      { location: at(3, 49), message: '"sortOrder" must be an integer, not a string' },
      { location: at(4, 33), message: 'key "colour" is not allowed in a resource; allowed: id, title, sortOrder, children' },
      { location: at(4, 64), message: 'a resource has no "id"; it is required' },
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonIntegrations } from '../../../../src/adapters/config-files/json-integrations.reader';
import { type ConfigProblem } from '../../../../src/application/config-sync/config-declarations';
import { ConfigFilesError } from '../../../../src/application/config-sync/config-sync.errors';
import { errorFrom } from '../../../support/errors';

const FIXTURE = 'integrations.json';
const FILE = 'config/integrations.json';

function at(line: number, column: number, file = FILE): { file: string; line: number; column: number } {
  return { file, line, column };
}

function located(value: string, line: number, column: number, file = FILE): { value: string; location: ReturnType<typeof at> } {
  return { value, location: at(line, column, file) };
}

function problemsOf(text: string): readonly ConfigProblem[] {
  const error = errorFrom(() => readJsonIntegrations(text, FILE));
  if (!(error instanceof ConfigFilesError)) throw error;
  return error.problems;
}

/** A document whose integrations are written from line 3 on. */
function document(integrations: string): string {
  return `{\n  "integrations": [\n${integrations}\n  ]\n}`;
}

describe('readJsonIntegrations', () => {
  it('reads the fixture: the name at its object, every other value at itself; null means not given', () => {
    const text = readFileSync(join(__dirname, '../../../fixtures/magento-integration', FIXTURE), 'utf8');

    expect(readJsonIntegrations(text, FIXTURE)).toEqual([
      {
        format: 'json',
        name: located('JsonIntegration', 5, 5, FIXTURE),
        email: located('json@example.com', 7, 16, FIXTURE),
        endpoint: located('https://json.example.com/endpoint', 8, 22, FIXTURE),
        resources: [located('Magento_Customer::manage', 10, 21, FIXTURE), located('Magento_Sales::capture', 10, 49, FIXTURE)],
      },
    ]);
  });

  it('trims values, keeps an empty resource list and leaves out what is not given', () => {
    const text = document('    { "name": " Bare " },\n    { "name": "Nothing", "resources": [], "endpointUrl": null, "identityLinkUrl": " https://x.y/i " }');

    expect(readJsonIntegrations(text, FILE)).toEqual([
      { format: 'json', name: located('Bare', 3, 5) },
      { format: 'json', name: located('Nothing', 4, 5), identityLinkUrl: located('https://x.y/i', 4, 83), resources: [] },
    ]);
  });

  it('reads an empty list of integrations', () => {
    expect(readJsonIntegrations('{ "integrations": [] }', FILE)).toEqual([]);
  });

  it('rejects a file that is not JSON, at the line and column of each error (one per place)', () => {
    expect(problemsOf('{\n  "integrations": [\n    { "name": "A", },\n  ]\n}')).toEqual([
      { location: at(3, 20), message: 'not valid JSON: a key in double quotes is expected' },
      { location: at(4, 3), message: 'not valid JSON: a value is expected' },
    ]);
  });

  it('rejects a document without integrations, and unknown or repeated keys at the key', () => {
    expect(problemsOf('{ "integration": [] }')).toEqual([
      { location: at(1, 3), message: 'key "integration" is not allowed in the document; allowed: $schema, integrations' },
      { location: at(1, 1), message: 'the document has no "integrations"; it is required' },
    ].sort((a, b) => a.location.column - b.location.column));
    expect(problemsOf(document('    { "name": "Test", "emial": "a@b.cd", "name": "Other" }'))).toEqual([
      { location: at(3, 23), message: 'key "emial" is not allowed in an integration; allowed: name, email, endpointUrl, identityLinkUrl, resources' },
      { location: at(3, 42), message: 'key "name" is given twice in an integration' },
    ]);
  });

  it('rejects an integration that is not an object or has no name', () => {
    expect(problemsOf(document('    "Test",\n    { "email": "a@b.cd" }'))).toEqual([
      { location: at(3, 5), message: 'an integration must be an object, not a string' },
      { location: at(4, 5), message: 'an integration has no "name"; it is required' },
    ]);
  });

  it.each([
    ['a name shorter than 2 characters', '"name": " x "', 15, 'integration name "x" is too short; it needs at least 2 characters'],
    ['a name that is not a string', '"name": 42', 15, '"name" must be a string, not an integer'],
    ['an email without @', '"name": "Test", "email": "nobody"', 32, 'email "nobody" is not an email address (expected name@domain.tld)'],
    ['a null email', '"name": "Test", "email": null', 32, '"email" must be a string, not null'],
    ['a short endpointUrl', '"name": "Test", "endpointUrl": "x:y"', 38, 'endpointUrl "x:y" is too short; it needs at least 4 characters'],
    ['a short identityLinkUrl', '"name": "Test", "identityLinkUrl": ""', 42, 'identityLinkUrl "" is too short; it needs at least 4 characters'],
    ['resources that are not an array', '"name": "Test", "resources": "Magento_Sales::sales"', 36, '"resources" must be an array, not a string'],
    ['a resource that is not a string', '"name": "Test", "resources": [1]', 37, 'a resource name must be a string, not a number'],
    ['a resource name of the wrong form', '"name": "Test", "resources": ["Sales::sales"]', 37, 'resource name "Sales::sales" is not valid; expected Vendor_Module::resource (or Portcullis::resource)'],
  ])('rejects %s, at the value', (_case, members, column, message) => {
    expect(problemsOf(document(`    { ${members} }`))).toEqual([{ location: at(3, column), message }]);
  });

  it("accepts Portcullis's own resources (Portcullis::integrations), which have no Vendor_Module", () => {
    const parts = readJsonIntegrations(document('    { "name": "Admin Bot", "resources": ["Portcullis::integrations"] }'), FILE);
    expect(parts[0]?.resources).toEqual([located('Portcullis::integrations', 3, 42)]);
  });

  it('refuses a list of more than 5000 resources (the API cap) as one problem at the list', () => {
    const many = JSON.stringify(Array.from({ length: 5001 }, (_, i) => `Vendor_Module::r${i}`));
    expect(problemsOf(document(`    { "name": "Big", "resources": ${many} }`))).toEqual([
      {
        location: at(3, 35),
        message: '5001 resources are listed; at most 5000 may be (as in the API). List a parent instead of its children where it grants what you mean.',
      },
    ]);
  });

  it('rejects an integration name given twice in the file', () => {
    expect(problemsOf(document('    { "name": "Test" },\n    { "name": "Test " }'))).toEqual([
      { location: at(4, 15), message: 'integration "Test" is declared twice in this file (first at line 3, column 5)' },
    ]);
  });

  it('reports every problem of the file at once, in reading order', () => {
    const text = document(`    { "name": "T", "email": "x", "resources": ["Magento_Sales::sales", "bad"] },
    { "name": "Second", "colour": "blue", "endpointUrl": 7 }`);

    expect(problemsOf(text)).toEqual([
      { location: at(3, 15), message: 'integration name "T" is too short; it needs at least 2 characters' },
      { location: at(3, 29), message: 'email "x" is not an email address (expected name@domain.tld)' },
      { location: at(3, 72), message: 'resource name "bad" is not valid; expected Vendor_Module::resource (or Portcullis::resource)' },
      { location: at(4, 25), message: 'key "colour" is not allowed in an integration; allowed: name, email, endpointUrl, identityLinkUrl, resources' },
      { location: at(4, 58), message: '"endpointUrl" must be a string or null, not an integer' },
    ]);
  });
});

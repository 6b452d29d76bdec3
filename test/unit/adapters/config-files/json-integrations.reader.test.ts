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
      { location: at(3, 23), message: 'key "emial" is not allowed in an integration; allowed: name, email, endpointUrl, identityLinkUrl, resources, readOnly, expiresAt, allowedIps, rateLimit' },
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
      { location: at(4, 25), message: 'key "colour" is not allowed in an integration; allowed: name, email, endpointUrl, identityLinkUrl, resources, readOnly, expiresAt, allowedIps, rateLimit' },
      { location: at(4, 58), message: '"endpointUrl" must be a string or null, not an integer' },
    ]);
  });
  describe('the credential policy', () => {
    it('reads readOnly, expiresAt, allowedIps (canonical) and rateLimit, each at its value; null means not given', () => {
      const text = document(`    { "name": "Policy", "readOnly": true, "expiresAt": "2027-01-31T01:00:00+01:00",
      "allowedIps": [" 203.0.113.0/24 ", "2001:DB8::/32"], "rateLimit": { "limit": 600, "windowSeconds": 60 } },
    { "name": "Open", "readOnly": false, "expiresAt": null, "allowedIps": [], "rateLimit": null }`);

      expect(readJsonIntegrations(text, FILE)).toEqual([
        {
          format: 'json',
          name: located('Policy', 3, 5),
          readOnly: { value: true, location: at(3, 37) },
          expiresAt: { value: new Date('2027-01-31T00:00:00.000Z'), location: at(3, 56) },
          allowedIps: { value: ['203.0.113.0/24', '2001:db8::/32'], location: at(4, 21) },
          rateLimit: { value: { limit: 600, windowSeconds: 60 }, location: at(4, 73) },
        },
        { format: 'json', name: located('Open', 5, 5), readOnly: { value: false, location: at(5, 35) }, allowedIps: { value: [], location: at(5, 75) } },
      ]);
    });

    it.each([
      ['readOnly that is not a boolean', '"readOnly": "yes"', 35, '"readOnly" must be a boolean, not a string'],
      ['a date without a time', '"expiresAt": "2027-01-31"', 36, 'expiresAt "2027-01-31" is not a date and time; expected ISO 8601 with Z or an offset, such as 2027-01-31T00:00:00Z'],
      ['a time without Z or an offset', '"expiresAt": "2027-01-31T00:00:00"', 36, 'expiresAt "2027-01-31T00:00:00" is not a date and time; expected ISO 8601 with Z or an offset, such as 2027-01-31T00:00:00Z'],
      ['an impossible date', '"expiresAt": "2027-02-31T25:00:00Z"', 36, 'expiresAt "2027-02-31T25:00:00Z" is not a date and time; expected ISO 8601 with Z or an offset, such as 2027-01-31T00:00:00Z'],
      ['expiresAt as a number', '"expiresAt": 1800000000', 36, '"expiresAt" must be a string or null, not an integer'],
      ['allowedIps that are not an array', '"allowedIps": "10.0.0.0/8"', 37, '"allowedIps" must be an array, not a string'],
      ['an allowed IP that is not a string', '"allowedIps": [10]', 38, 'an allowed IP must be a string, not a number'],
      ['a malformed address', '"allowedIps": ["10.0.0.0/8", "300.1.2.3"]', 52, '"300.1.2.3" in "allowedIps" is not an IPv4 or IPv6 address or CIDR range (such as 203.0.113.0/24 or 2001:db8::/32).'],
      ['a range with host bits', '"allowedIps": ["10.0.0.1/8"]', 38, '"10.0.0.1/8" in "allowedIps" is not a network: the address has bits set past its /8 prefix. Did you mean 10.0.0.0/8? (A single address is written without a prefix: 10.0.0.1.)'],
      ['a prefix too long', '"allowedIps": ["10.0.0.0/33"]', 38, '"10.0.0.0/33" in "allowedIps" has a prefix longer than an IPv4 address; write /0 to /32.'],
      ['a rate limit that is not an object', '"rateLimit": "600/min"', 36, '"rateLimit" must be an object or null, not a string'],
      ['a rate limit without its window', '"rateLimit": { "limit": 600 }', 36, 'a rate limit has no "windowSeconds"; it is required'],
      ['an unknown key in a rate limit', '"rateLimit": { "limit": 6, "windowSeconds": 1, "burst": 2 }', 70, 'key "burst" is not allowed in a rate limit; allowed: limit, windowSeconds'],
      ['a limit of 0', '"rateLimit": { "limit": 0, "windowSeconds": 60 }', 47, '"limit" must be from 1 to 1,000,000 requests, not 0'],
      ['a fractional limit', '"rateLimit": { "limit": 1.5, "windowSeconds": 60 }', 47, '"limit" must be an integer, not a number with a fraction'],
      ['a window over a day', '"rateLimit": { "limit": 10, "windowSeconds": 86401 }', 68, '"windowSeconds" must be from 1 to 86,400 seconds (a day), not 86401'],
    ])('rejects %s, at the value', (_case, members, column, message) => {
      expect(problemsOf(document(`    { "name": "Test", ${members} }`))).toEqual([{ location: at(3, column), message }]);
    });

    it('refuses more than 100 distinct ranges as one problem at the list', () => {
      const many = JSON.stringify(Array.from({ length: 101 }, (_, i) => `10.0.${i}.0/24`));
      expect(problemsOf(document(`    { "name": "Test", "allowedIps": ${many} }`))).toEqual([
        { location: at(3, 37), message: '"allowedIps" holds at most 100 addresses or ranges; join neighbouring ones into wider CIDR ranges (such as 203.0.113.0/24).' },
      ]);
    });
  });
});

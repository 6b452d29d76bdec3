import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadAclSources, loadIntegrationDeclarations, loadWebapiRouteTable } from '../../../../src/adapters/config-files/config-file-set';
import { ConfigFilesError } from '../../../../src/application/config-sync/config-sync.errors';
import { resolveDeclarations } from '../../../../src/application/config-sync/declared-integrations';
import { AclResourceTree } from '../../../../src/domain/acl/acl-resource-tree';
import { SHOP_ACL } from '../../../support/acl-fixtures';
import { errorFrom } from '../../../support/errors';

/*
 * Values from configuration files come back in error messages (terminal, logs, CI output): every
 * message escapes control and bidirectional characters and quotes at most ~80 characters of a
 * value, whichever reader or check reports it (issue 16.4, config files).
 */

const ESC = '\u001b';
const RLO = '\u202e';
/** Raw characters that must never reach a message: C0, DEL, C1, bidi controls, zero-width, separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u2028\u2029]/;
const HUGE = 100_000;
/** The longest line a problem may take: a path, a position, the wording and two quoted values. */
const LINE_LIMIT = 600;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'portcullis-echo-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(relative: string, text: string): void {
  mkdirSync(dirname(join(dir, relative)), { recursive: true });
  writeFileSync(join(dir, relative), text);
}

const aclXml = (resource: string): string => `<config>\n  <acl>\n    <resources>\n      ${resource}\n    </resources>\n  </acl>\n</config>\n`;
const integrationXml = (body: string): string => `<config>\n  ${body}\n</config>\n`;
const webapiRoute = (url: string, method: string, ref = 'Vendor_Module::a'): string => `<route url="${url}" method="${method}"><resources><resource ref="${ref}"/></resources></route>`;

type Kind = 'acl' | 'integrations' | 'routes';

/** The error a load (and, for declarations, the check against the tree) ends in. */
function failureOf(kind: Kind): ConfigFilesError {
  const error = errorFrom(() => {
    if (kind === 'acl') loadAclSources(['*'], dir);
    else if (kind === 'routes') loadWebapiRouteTable(['*'], dir);
    else resolveDeclarations(loadIntegrationDeclarations(['*'], dir).parts, AclResourceTree.build([SHOP_ACL]));
  });
  if (!(error instanceof ConfigFilesError)) throw error;
  return error;
}

describe('values from configuration files quoted in error messages', () => {
  it.each<[string, Kind, string, string, RegExp]>([
    ['an acl.xml resource id', 'acl', 'acl.xml', aclXml(`<resource id="Vendor_Module::${RLO}${'x'.repeat(HUGE)}" title="Title"/>`), /resource id "Vendor_Module::\\u202ex+…" is not valid/],
    ['an acl.xml title', 'acl', 'acl.xml', aclXml(`<resource id="Vendor_Module::a" title="${RLO}${'t'.repeat(HUGE)}"/>`), /title "\\u202et+…" has 100001 characters/],
    ['an acl.xml sortOrder', 'acl', 'acl.xml', aclXml(`<resource id="Vendor_Module::a" title="Title" sortOrder="${RLO}1"/>`), /sortOrder "\\u202e1" is not an integer/],
    ['an acl.xml element name', 'acl', 'acl.xml', aclXml(`<${'e'.repeat(HUGE)}/>`), /element <e+…> is not allowed in <resources>/],
    ['an acl.xml attribute name', 'acl', 'acl.xml', aclXml(`<resource id="Vendor_Module::a" title="Title" ${'a'.repeat(HUGE)}="1"/>`), /attribute a+… is not allowed on <resource>/],
    ['an acl.xml root element', 'acl', 'acl.xml', `<${'r'.repeat(HUGE)}/>`, /the root element is <r+…>/],
    ['a malformed acl.xml', 'acl', 'acl.xml', `<config><${'u'.repeat(HUGE)}>`, /not well-formed XML: .*u+…/],
    ['a JSON tree id', 'acl', 'acl.json', JSON.stringify({ resources: [{ id: `${ESC}[2J${ESC}[H${'i'.repeat(HUGE)}`, title: 'T' }] }), /resource id "\\x1b\[2J\\x1b\[Hi+…" is not valid/],
    ['a JSON tree key', 'acl', 'acl.json', JSON.stringify({ resources: [{ id: 'Vendor_Module::a', title: 'T', [`${ESC}]0;owned${'k'.repeat(HUGE)}`]: 1 }] }), /key "\\x1b\]0;ownedk+…" is not allowed/],
    ['a JSON integration name given twice', 'integrations', 'i.json', JSON.stringify({ integrations: [{ name: `${RLO}${'n'.repeat(200)}` }, { name: `${RLO}${'n'.repeat(200)}` }] }), /integration "\\u202en+…" is declared twice/],
    ['a JSON integration name that is too long', 'integrations', 'i.json', JSON.stringify({ integrations: [{ name: `Big${'n'.repeat(10 * 1024 * 1024)}`, email: 'a@b.example' }] }), /integration name "Bign+…" is too long; it may have at most 255 characters/],
    ['an integration.xml email that is too long', 'integrations', 'integration.xml', integrationXml(`<integration name="Test"><email>${RLO}${'m'.repeat(HUGE)}@v.example</email></integration>`), /email "\\u202em+…" is too long; it may have at most 254 characters/],
    ['an integration.xml email', 'integrations', 'integration.xml', integrationXml(`<integration name="Test"><email>${RLO}${'m'.repeat(200)}</email></integration>`), /email "\\u202em+…" is not an email address/],
    ['an integration.xml resource name', 'integrations', 'integration.xml', integrationXml(`<integration name="Test"><email>t@v.example</email><resources><resource name="${RLO}${'r'.repeat(HUGE)}"/></resources></integration>`), /resource name "\\u202er+…" is too long/],
    ['a name the core refuses', 'integrations', 'i.json', JSON.stringify({ integrations: [{ name: `Evil${RLO}name`, email: 't@v.example' }] }), /integration "Evil\\u202ename": "name" must not contain control, invisible or bidirectional characters/],
    ['an integration.xml unknown resource', 'integrations', 'integration.xml', integrationXml(`<integration name="Test"><email>t@v.example</email><resources><resource name="Vendor_Module::${RLO}evil"/></resources></integration>`), /lists the resource "Vendor_Module::\\u202eevil", which no ACL file defines/],
    ['integration.xml stray text', 'integrations', 'integration.xml', `<config>${RLO}${'s'.repeat(HUGE)}<integration name="Test"><email>t@v.example</email></integration></config>`, /text "\\u202es+…" is not allowed in <config>/],
    ['a JSON callback URL', 'integrations', 'i.json', JSON.stringify({ integrations: [{ name: 'Test', email: 't@v.example', endpointUrl: `${ESC}x` }] }), /endpointUrl "\\x1bx" is too short/],
    ['a webapi.xml url without method', 'routes', 'webapi.xml', `<routes><route url="/V1/${RLO}${'u'.repeat(HUGE)}"/></routes>`, /the <route url="\/V1\/\\u202eu+…"> has no method attribute/],
    ['a webapi.xml method', 'routes', 'webapi.xml', `<routes>${webapiRoute('/V1/a', `G${RLO}${'m'.repeat(HUGE)}`)}</routes>`, /invalid route declaration G\\u202em+… \/V1\/a: the method must be an HTTP method/],
    ['a webapi.xml url declared twice', 'routes', 'webapi.xml', `<routes>${webapiRoute(`/V1/${RLO}${'u'.repeat(HUGE)}`, 'GET')}${webapiRoute(`/V1/${RLO}${'u'.repeat(HUGE)}`, 'GET', `Vendor_Module::${'r'.repeat(HUGE)}`)}</routes>`, /route GET \/V1\/\\u202eu+… is declared with access Vendor_Module::r+… here but Vendor_Module::a at /],
    ['a webapi.xml root element', 'routes', 'webapi.xml', `<${'r'.repeat(HUGE)}/>`, /the root element is <r+…>; expected <routes>/],
  ])('escapes and cuts %s', (_case, kind, file, text, expected) => {
    write(file, text);
    const error = failureOf(kind);
    expect(error.message).toMatch(expected);
    for (const line of error.message.split('\n')) {
      expect(line).not.toMatch(UNSAFE);
      expect(line.length).toBeLessThan(LINE_LIMIT);
    }
    // The structured copy (error parameters, the CLI's --json, HTTP) is as safe.
    for (const problem of error.parameters.problems as readonly string[]) {
      expect(problem).not.toMatch(UNSAFE);
      expect(problem.length).toBeLessThan(LINE_LIMIT);
    }
  });

  it('escapes two conflicting values of one integration, each quoted short', () => {
    write('a.json', JSON.stringify({ integrations: [{ name: 'Test', email: 't@v.example' }] }));
    write('b.json', JSON.stringify({ integrations: [{ name: 'Test', email: `${RLO}${'e'.repeat(200)}@v.example` }] }));
    const error = failureOf('integrations');
    expect(error.message).toMatch(/declared with email "\\u202ee+…" here but "t@v\.example"/);
    for (const line of error.message.split('\n')) expect(line).not.toMatch(UNSAFE);
  });

  it('escapes a file name that holds a control character', () => {
    write(`bad${ESC}[31mname.json`, '{ "integrations": [ { "name": "T" } ] }');
    const error = failureOf('integrations');
    expect(error.message).toContain(`bad\\x1b[31mname.json:1:`);
    for (const line of error.message.split('\n')) expect(line).not.toMatch(UNSAFE);
  });
});

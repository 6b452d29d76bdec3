import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  expandFilePatterns,
  loadAclSources,
  loadIntegrationDeclarations,
  loadWebapiRouteTable,
} from '../../../../src/adapters/config-files/config-file-set';
import { type ConfigProblem } from '../../../../src/application/config-sync/config-declarations';
import { ConfigFilesError } from '../../../../src/application/config-sync/config-sync.errors';
import { errorFrom } from '../../../support/errors';

const FIXTURES = join(__dirname, '../../../fixtures');

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'portcullis-config-files-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `text` to `relative` under the temp dir (creating folders); returns the absolute path. */
function write(relative: string, text: string): string {
  const file = join(dir, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function copy(fixture: string, relative: string): string {
  const file = join(dir, relative);
  mkdirSync(dirname(file), { recursive: true });
  copyFileSync(join(FIXTURES, fixture), file);
  return file;
}

function problemsOf(fn: () => unknown): readonly ConfigProblem[] {
  const error = errorFrom(fn);
  if (!(error instanceof ConfigFilesError)) throw error;
  return error.problems;
}

function aclXml(id: string, title = 'A title'): string {
  return `<config>\n  <acl>\n    <resources>\n      <resource id="${id}" title="${title}"/>\n    </resources>\n  </acl>\n</config>\n`;
}

describe('expandFilePatterns', () => {
  it('expands globs to absolute files, each sorted, in pattern order, without repeats', () => {
    const b = write('modules/B/etc/acl.xml', '');
    const a = write('modules/A/etc/acl.xml', '');
    const extra = write('extra.json', '');
    write('modules/A/etc/other.xml', '');
    mkdirSync(join(dir, 'modules/C/etc/acl.xml'), { recursive: true }); // a directory the glob also names

    expect(expandFilePatterns(['extra.json', 'modules/*/etc/acl.xml', 'modules/A/etc/acl.xml', `${dir}/modules/**/acl.xml`], dir)).toEqual({
      files: [extra, a, b],
      problems: [],
    });
  });

  it('reports a literal path that names nothing and a glob that matches no file (a typo, or a file caught between delete and create)', () => {
    const kept = write('kept.xml', '');
    mkdirSync(join(dir, 'only-folders/etc.xml'), { recursive: true });

    expect(expandFilePatterns(['missing/acl.xml', 'kept.xml/inside.xml', 'none/**/*.xml', 'only-folders/*.xml', `${dir}/gone/*.json`, 'kept.xml'], dir)).toEqual({
      files: [kept],
      problems: [
        { location: { file: 'missing/acl.xml' }, message: `no such file (relative to ${dir})` },
        { location: { file: 'kept.xml/inside.xml' }, message: `no such file (relative to ${dir})` },
        { location: { file: 'none/**/*.xml' }, message: `matches no file (relative to ${dir})` },
        { location: { file: 'only-folders/*.xml' }, message: `matches no file (relative to ${dir})` },
        { location: { file: `${dir}/gone/*.json` }, message: 'matches no file' },
      ],
    });
  });
});

describe('loadAclSources', () => {
  it('reads acl.xml files and JSON trees, each source named by its absolute path', () => {
    const sales = write('Vendor_Sales/etc/acl.xml', aclXml('Vendor_Sales::sales', 'Sales'));
    const catalog = write('Vendor_Catalog/etc/acl.xml', aclXml('Vendor_Catalog::catalog', 'Catalog'));
    const json = write('host/acl.json', '{ "resources": [ { "id": "Host_App::orders", "title": "Orders" } ] }');

    const { sources, files } = loadAclSources(['*/etc/acl.xml', 'host/acl.json'], dir);

    expect(sources.map((source) => [source.name, source.resources.map((resource) => resource.id)])).toEqual([
      [catalog, ['Vendor_Catalog::catalog']],
      [sales, ['Vendor_Sales::sales']],
      [json, ['Host_App::orders']],
    ]);
    expect(sources[1]?.resources[0]?.origin).toBe(`${sales}:4:7`);
    expect(files).toEqual([catalog, sales, json]);
  });

  it('refuses a glob that matches no file (PORTCULLIS_ACL_FILES): the tree would silently lack its resources', () => {
    write('Vendor_Sales/etc/acl.xml', aclXml('Vendor_Sales::sales', 'Sales'));

    expect(problemsOf(() => loadAclSources(['*/etc/acl.xml', 'vendr/*/etc/acl.xml'], dir))).toEqual([
      { location: { file: 'vendr/*/etc/acl.xml' }, message: `matches no file (relative to ${dir})` },
    ]);
  });

  it('refuses an empty file (0 bytes, or blanks only): what a file being written over looks like', () => {
    const empty = write('a/etc/acl.xml', '');
    const blank = write('b/acl.json', '\uFEFF \n\t\n');

    expect(problemsOf(() => loadAclSources(['a/etc/acl.xml', 'b/acl.json'], dir))).toEqual([
      { location: { file: empty }, message: 'the file is empty (0 bytes): caught while it was being written? Try again once it is complete' },
      { location: { file: blank }, message: 'the file is empty (blanks only): caught while it was being written? Try again once it is complete' },
    ]);
  });

  it('reads the 18 Magento files through a glob', () => {
    expect(loadAclSources([join(FIXTURES, 'magento-acl/*/etc/acl.xml')], dir).sources).toHaveLength(18);
  });

  it('gathers the problems of every file into one error: missing, unreadable, malformed, invalid', () => {
    const malformed = write('a/etc/acl.xml', '<config><acl>');
    const invalid = write('b/etc/acl.xml', aclXml('not an id', 'ab'));
    const json = write('c/acl.json', '{ "resources": [ { "id": "X_Y::z", "extra": 1 } ] }');
    const folder = join(dir, 'folder.xml');
    mkdirSync(folder);

    expect(problemsOf(() => loadAclSources(['gone.xml', '*/etc/acl.xml', 'c/acl.json', 'folder.xml'], dir))).toEqual([
      { location: { file: 'gone.xml' }, message: `no such file (relative to ${dir})` },
      { location: { file: malformed, line: 1, column: 13 }, message: 'not well-formed XML: unclosed tag: acl' },
      { location: { file: invalid, line: 4, column: 17 }, message: `resource id "not an id" is not valid; expected Vendor_Module::resource: letters and digits, each part starting with a capital, and letters, digits and _ after ::` },
      { location: { file: invalid, line: 4, column: 32 }, message: 'title "ab" has 2 characters; allowed: 3 to 50' },
      { location: { file: json, line: 1, column: 36 }, message: 'key "extra" is not allowed in a resource; allowed: id, title, sortOrder, children' },
      { location: { file: folder }, message: 'cannot be read (EISDIR)' },
    ]);
  });
});

describe('loadIntegrationDeclarations', () => {
  it('reads integration.xml, the legacy config.xml + api.xml pair and JSON, choosing the reader by root element and name', () => {
    const sample = copy('magento-integration/Vendor_Sample/etc/integration.xml', 'app/code/Vendor/Sample/etc/integration.xml');
    const config = copy('magento-integration/Vendor_Legacy/etc/integration/config.xml', 'app/code/Vendor/Legacy/etc/integration/config.xml');
    const api = copy('magento-integration/Vendor_Legacy/etc/integration/api.xml', 'app/code/Vendor/Legacy/etc/integration/api.xml');
    const json = copy('magento-integration/integrations.json', 'integrations.json');

    const { parts, files } = loadIntegrationDeclarations(['app/code/*/*/etc/integration.xml', 'app/code/*/*/etc/integration/*.xml', 'integrations.json'], dir);

    expect(files).toEqual([sample, api, config, json]);
    expect(parts.map((part) => [part.format, part.name.value, part.name.location.file])).toEqual([
      ['integration.xml', 'TestIntegration1', sample],
      ['integration.xml', 'TestIntegration2', sample],
      ['api.xml', 'LegacyIntegration', api],
      ['config.xml', 'LegacyIntegration', config],
      ['json', 'JsonIntegration', json],
    ]);
    expect(parts[2]?.resources?.map((resource) => resource.value)).toEqual(['Magento_Sales::sales', 'Magento_Sales::capture']);
    expect(parts[3]?.email).toEqual({ value: 'legacy@example.com', location: { file: config, line: 4, column: 9 } });
  });

  it('refuses a glob that matches no file and an empty declaration file, rather than reading them as "no integrations"', () => {
    copy('magento-integration/Vendor_Sample/etc/integration.xml', 'app/code/Vendor/Sample/etc/integration.xml');
    const truncated = write('config/integrations.json', '');
    const blank = write('app/code/Vendor/Blank/etc/integration.xml', '\n\n');

    expect(problemsOf(() => loadIntegrationDeclarations(['app/code/*/*/etc/integration.xml', 'app/design/**/*.xml', 'config/*.json'], dir))).toEqual([
      { location: { file: 'app/design/**/*.xml' }, message: `matches no file (relative to ${dir})` },
      { location: { file: blank }, message: 'the file is empty (blanks only): caught while it was being written? Try again once it is complete' },
      { location: { file: truncated }, message: 'the file is empty (0 bytes): caught while it was being written? Try again once it is complete' },
    ]);
  });

  it('gathers the problems of every file into one error, naming the allowed root elements and file types', () => {
    const routes = write('etc/webapi.xml', '<?xml version="1.0"?>\n<routes/>');
    const text = write('etc/integrations.txt', 'name=Test');
    const badApi = write('legacy/api.xml', '<integrations>\n  <integration name="Test"/>\n</integrations>');
    const badJson = write('integrations.json', '{ "integrations": [ { "name": "Test", "email": "nope" } ] }');

    expect(problemsOf(() => loadIntegrationDeclarations(['etc/*', 'legacy/api.xml', 'integrations.json', 'missing.xml'], dir))).toEqual([
      { location: { file: 'missing.xml' }, message: `no such file (relative to ${dir})` },
      { location: { file: text }, message: 'not an integration file; expected a .json or .xml file' },
      {
        location: { file: routes, line: 2, column: 1 },
        message: 'the root element is <routes>; expected <config> or <integrations> (integration.xml, or the legacy config.xml and api.xml)',
      },
      { location: { file: badApi, line: 2, column: 3 }, message: '<integration> has no <resources> element; it is required' },
      { location: { file: badJson, line: 1, column: 48 }, message: 'email "nope" is not an email address (expected name@domain.tld)' },
    ]);
  });
});

describe('loadWebapiRouteTable', () => {
  const webapiXml = (routes: string): string => `<?xml version="1.0"?>\n<routes>\n${routes}\n</routes>\n`;
  const route = (url: string, method: string, ref: string): string =>
    `    <route url="${url}" method="${method}">\n        <resources><resource ref="${ref}"/></resources>\n    </route>`;

  it('reads the files the paths and globs name into one table, with the files read', () => {
    const a = write('Vendor_A/etc/webapi.xml', webapiXml(route('/V1/a', 'GET', 'Vendor_A::a')));
    const b = write('Vendor_B/etc/webapi.xml', webapiXml(`${route('/V1/a', 'GET', 'Vendor_A::a')}\n${route('/V1/b', 'POST', 'anonymous')}`));

    const { table, files } = loadWebapiRouteTable(['*/etc/webapi.xml', b], dir);

    expect(files).toEqual([a, b]);
    expect(table.size).toBe(2);
    expect(table.match('GET', '/rest/V1/a')).toMatchObject({ access: ['Vendor_A::a'], declaration: { source: `${a}:3:5` } });
    expect(table.match('POST', '/rest/default/V1/b')?.access).toBe('anonymous');
  });

  it('reads the Magento files through a glob, with the table options', () => {
    const { table } = loadWebapiRouteTable([join(FIXTURES, 'magento-webapi/*/etc/webapi.xml')], dir, { prefix: '/api' });
    expect(table.size).toBe(151);
    expect(table.match('GET', '/api/V1/orders/42')?.access).toEqual(['Magento_Sales::actions_view']);
  });

  it('gathers the problems of every file into one error, then the routes a later file contradicts', () => {
    const first = write('a/etc/webapi.xml', webapiXml(route('/V1/orders', 'GET', 'Vendor_A::orders')));
    const malformed = write('b/etc/webapi.xml', '<routes><route>');
    const wrong = write('c/etc/webapi.xml', webapiXml('    <route url="/V1/x"><resources><resource ref="A"/></resources></route>'));
    const empty = write('d/etc/webapi.xml', '');
    const later = write('e/etc/webapi.xml', webapiXml(route('/V1/orders', 'get', 'Vendor_E::orders')));

    expect(problemsOf(() => loadWebapiRouteTable(['gone.xml', '*/etc/webapi.xml', 'vendor/*/webapi.xml'], dir))).toEqual([
      { location: { file: 'gone.xml' }, message: `no such file (relative to ${dir})` },
      { location: { file: 'vendor/*/webapi.xml' }, message: `matches no file (relative to ${dir})` },
      { location: { file: malformed, line: 1, column: 15 }, message: 'not well-formed XML: unclosed tag: route' },
      { location: { file: wrong, line: 3, column: 5 }, message: 'the <route url="/V1/x"> has no method attribute (or an empty one)' },
      { location: { file: empty }, message: 'the file is empty (0 bytes): caught while it was being written? Try again once it is complete' },
      {
        location: { file: later, line: 3, column: 5 },
        message: `route GET /V1/orders is declared with access Vendor_E::orders here but Vendor_A::orders at ${first}:3:5; a route may be declared again only with the same access`,
      },
    ]);
  });
});

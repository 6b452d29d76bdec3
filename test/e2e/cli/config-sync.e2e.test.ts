import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { jsonOf, runCli, sqliteBackend, type CliBackend, type CliEnv } from './cli-harness';

jest.setTimeout(120_000);

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const ACL_GLOB = join(FIXTURES, 'magento-acl', '*', 'etc', 'acl.xml');

const declaration = (name: string, email: string, resources: readonly string[]): string => `<?xml version="1.0"?>
<config>
    <integration name="${name}">
        <email>${email}</email>
        <resources>
${resources.map((id) => `            <resource name="${id}"/>`).join('\n')}
        </resources>
    </integration>
</config>
`;

interface SummaryJson {
  dryRun: boolean;
  created: string[];
  updated: Array<{ name: string; changes: string[] }>;
  reset: Array<{ name: string; reason: string }>;
  unchanged: string[];
  orphaned: string[];
  deleted: string[];
  files: string[];
}

describe('portcullis config:sync (SQLite)', () => {
  let backend: CliBackend;
  let root: string;
  let env: CliEnv;
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const glob = (): string => join(root, 'app', 'code', '*', 'etc', 'integration.xml');

  beforeEach(() => {
    backend = sqliteBackend();
    root = mkdtempSync(join(tmpdir(), 'portcullis-cli-config-'));
    env = { ...backend.env, PORTCULLIS_ACL_FILES: ACL_GLOB };
  });
  afterEach(() => {
    backend.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('explains itself in --help', async () => {
    const run = await runCli(['config:sync', '--help'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: portcullis config:sync [options] [files...]');
    expect(run.stdout).toContain('--dry-run');
    expect(run.stdout).toContain('--prune');
    expect(run.stdout).toContain('status reset, tokens revoked');
    expect(run.stdout).toContain('--allow-no-declarations');
  });

  it('refuses a glob that matches no file (exit 78, naming it) and orphans nothing', async () => {
    write('app/code/Vendor_Erp/etc/integration.xml', declaration('Vendor ERP', 'erp@vendor.example', ['Magento_Sales::capture']));
    expect((await runCli(['config:sync', glob()], env)).code).toBe(0);
    // The module is being redeployed: its directory is gone for a moment.
    rmSync(join(root, 'app', 'code', 'Vendor_Erp'), { recursive: true });
    for (const args of [[glob()], [glob(), '--prune']]) {
      const run = await runCli(['config:sync', ...args], env);
      expect(run.code).toBe(78);
      expect(run.stderr).toContain(`${glob()}: matches no file`);
    }
    const listed = jsonOf<{ items: Array<{ name: string; orphaned: boolean }> }>(await runCli(['integration:list', '--json'], env));
    expect(listed.items.map((item) => [item.name, item.orphaned])).toEqual([['Vendor ERP', false]]);
  });

  it('refuses an ACL glob that matches no file (exit 78, naming it) instead of running without those resources', async () => {
    write('app/code/Vendor_Erp/etc/integration.xml', declaration('Vendor ERP', 'erp@vendor.example', ['Magento_Sales::capture']));
    const typo = join(FIXTURES, 'magento-acl', '*', 'etc', 'acl.xlm');
    const run = await runCli(['config:sync', glob()], { ...env, PORTCULLIS_ACL_FILES: typo });
    expect(run.code).toBe(78);
    expect(run.stderr).toContain(`${typo}: matches no file`);
  });

  it('refuses files that declare no integration at all unless --allow-no-declarations (exit 78, nothing changed)', async () => {
    write('app/code/Vendor_Erp/etc/integration.xml', declaration('Vendor ERP', 'erp@vendor.example', ['Magento_Sales::capture']));
    expect((await runCli(['config:sync', glob()], env)).code).toBe(0);
    write('config/none.json', '{ "integrations": [] }\n');
    const none = join(root, 'config', 'none.json');

    const refused = await runCli(['config:sync', none, '--prune'], env);
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('would delete all 1 config integration(s) ("Vendor ERP"); nothing was changed');
    expect(refused.stderr).toContain('--allow-no-declarations');
    expect(jsonOf<{ total: number }>(await runCli(['integration:list', '--json'], env)).total).toBe(1);

    expect(jsonOf<SummaryJson>(await runCli(['config:sync', none, '--allow-no-declarations', '--json'], env))).toMatchObject({ orphaned: ['Vendor ERP'] });
  });

  it('needs files: named, or PORTCULLIS_INTEGRATION_FILES (exit 78)', async () => {
    const run = await runCli(['config:sync'], env);
    expect(run.code).toBe(78);
    expect(run.stderr).toContain('No integration files to sync');
  });

  it('dry-runs, syncs from PORTCULLIS_INTEGRATION_FILES, then prunes', async () => {
    write('app/code/Vendor_Erp/etc/integration.xml', declaration('Vendor ERP', 'erp@vendor.example', ['Magento_Customer::manage', 'Magento_Sales::capture']));
    write('app/code/Vendor_Feed/etc/integration.xml', declaration('Order Feed', 'feed@vendor.example', ['Magento_Sales::sales_order']));
    const withFiles = { ...env, PORTCULLIS_INTEGRATION_FILES: glob() };

    const dry = jsonOf<SummaryJson>(await runCli(['config:sync', '--dry-run', '--json'], withFiles));
    expect(dry).toMatchObject({ dryRun: true, created: ['Order Feed', 'Vendor ERP'] });
    expect(dry.files).toHaveLength(2);
    expect(jsonOf<{ total: number }>(await runCli(['integration:list', '--json'], withFiles)).total).toBe(0);

    const text = await runCli(['config:sync'], withFiles);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('2 integration(s) declared in 2 file(s).');
    expect(text.stdout).toMatch(/created\s+2\s+Order Feed, Vendor ERP/);
    const listed = jsonOf<{ items: Array<{ name: string; setupType: string; status: string }> }>(await runCli(['integration:list', '--json'], withFiles));
    expect(listed.items.map((item) => [item.name, item.setupType, item.status])).toEqual([
      ['Order Feed', 'config', 'inactive'],
      ['Vendor ERP', 'config', 'inactive'],
    ]);

    const check = await runCli(['acl:check', 'Vendor ERP', 'Magento_Sales::capture', 'Magento_Sales::cancel', '--json'], withFiles);
    expect(check.code).toBe(1); // cancel is not listed: exact import
    rmSync(join(root, 'app', 'code', 'Vendor_Feed'), { recursive: true });
    expect(jsonOf<SummaryJson>(await runCli(['config:sync', '--json'], withFiles))).toMatchObject({ unchanged: ['Vendor ERP'], orphaned: ['Order Feed'] });
    expect(jsonOf<SummaryJson>(await runCli(['config:sync', glob(), '--prune', '--json'], env))).toMatchObject({ deleted: ['Order Feed'] });
  });

  it('reports every problem with file, line and column, exits 78, and changes nothing', async () => {
    write('app/code/Vendor_Erp/etc/integration.xml', declaration('Vendor ERP', 'erp@vendor.example', ['Magento_Sales::nope']));
    write('app/code/Vendor_Bad/etc/integration.xml', '<config>\n  <integration name="Bad">\n    <email>bad@vendor.example</email>\n    <colour>red</colour>\n  </integration>\n</config>\n');
    const run = await runCli(['config:sync', glob()], env);
    expect(run.code).toBe(78);
    expect(run.stderr).toContain(`${join(root, 'app/code/Vendor_Bad/etc/integration.xml')}:4:5: element <colour> is not allowed in <integration>`);
    expect(jsonOf<{ total: number }>(await runCli(['integration:list', '--json'], env)).total).toBe(0);

    write('app/code/Vendor_Bad/etc/integration.xml', declaration('Bad', 'bad@vendor.example', ['Magento_Sales::sales']));
    const unknown = await runCli(['config:sync', glob()], env);
    expect(unknown.code).toBe(78);
    expect(unknown.stderr).toContain(
      `${join(root, 'app/code/Vendor_Erp/etc/integration.xml')}:6:13: integration "Vendor ERP" lists the resource "Magento_Sales::nope", which no ACL file defines.`,
    );
  });
});

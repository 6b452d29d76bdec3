import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Integration } from '../../../src/domain/integration/integration.aggregate';
import { findRefusedCharacter } from '../../../src/domain/kernel/text';
import { describeMysql } from '../../integration/persistence/backends';
import { jsonOf, mysqlBackend, runCli, sqliteBackend, withPersistence, type CliBackend } from './cli-harness';

/*
 * Issue 16, point 4, with the built CLI as a child process: a name holding terminal escape
 * sequences (stored before names were checked) prints escaped in tables and in --json, and a name
 * of 128 × İ syncs from a config file on every backend.
 */

// Each test runs the built CLI several times as child processes.
jest.setTimeout(120_000);

const ACL_GLOB = join(__dirname, '..', '..', 'fixtures', 'magento-acl', '*', 'etc', 'acl.xml');
/** Sets the window title, clears the screen, turns text red (C1 CSI), then reverses the rest. */
const EVIL_NAME = 'ERP\u001b]0;owned\u0007\u001b[2J\u009b31m\u202ecod.exe\u200b';
const EVIL_ESCAPED = 'ERP\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202ecod.exe\\u200b';
const EVIL_EMAIL = 'ops\u2066@partner.example';

/** No control, bidi or invisible character anywhere but the line breaks. */
const expectPrintable = (text: string): void => expect(findRefusedCharacter(text.replace(/\n/g, ''))).toBeNull();

function textOutputSuite(open: () => Promise<CliBackend>): void {
  let backend: CliBackend;
  beforeEach(async () => {
    backend = await open();
  });
  afterEach(() => backend.close());

  it('integration:list and :show print a name with escape sequences escaped, in a table and in --json', async () => {
    const id = await withPersistence(backend, async (persistence) => {
      const clean = Integration.create({
        id: 'legacy-1',
        name: 'placeholder',
        email: 'ops@partner.example',
        setupType: 'manual',
        credentials: [{ kind: 'oauth1', key: 'k'.repeat(32), secret: 's'.repeat(32) }],
        now: new Date('2026-01-01T00:00:00.000Z'),
      });
      // As stored before the text rule: restore() does not check again.
      await persistence.integrations.save(Integration.restore({ ...clean.toSnapshot(), name: EVIL_NAME, email: EVIL_EMAIL }));
      return clean.id;
    });

    const table = await runCli(['integration:list'], backend.env);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(EVIL_ESCAPED);
    expect(table.stdout).toContain('ops\\u2066@partner.example');
    expectPrintable(table.stdout);

    const json = await runCli(['integration:list', '--json'], backend.env);
    expectPrintable(json.stdout);
    expect(json.stdout).toContain('\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202ecod.exe\\u200b');
    expect(jsonOf<{ items: Array<{ name: string; email: string }> }>(json).items).toEqual([expect.objectContaining({ name: EVIL_NAME, email: EVIL_EMAIL })]);

    const show = await runCli(['integration:show', id], backend.env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(EVIL_ESCAPED);
    expectPrintable(show.stdout);
  });

  it('integration:create refuses a control character by code point (exit 1), echoing nothing raw', async () => {
    const run = await runCli(['integration:create', '--name', 'ERP\u001b[2J', '--email', 'ops@partner.example', '--all'], backend.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: "name" must not contain control, invisible or bidirectional characters; it has U+001B (a control character) at character 4.\n');
    expect(jsonOf<{ total: number }>(await runCli(['integration:list', '--json'], backend.env)).total).toBe(0);
  });

  it('config:sync creates an integration named 128 × İ (it exited 70 on MariaDB), then finds it unchanged', async () => {
    const root = mkdtempSync(join(tmpdir(), 'portcullis-cli-text-'));
    try {
      const name = '\u0130'.repeat(128);
      mkdirSync(join(root, 'etc'));
      const file = join(root, 'etc', 'integration.xml');
      writeFileSync(
        file,
        `<?xml version="1.0"?>\n<config>\n    <integration name="${name}">\n        <email>dotted@vendor.example</email>\n        <resources>\n            <resource name="Magento_Sales::sales"/>\n        </resources>\n    </integration>\n</config>\n`,
      );
      const env = { ...backend.env, PORTCULLIS_ACL_FILES: ACL_GLOB };
      const first = await runCli(['config:sync', file, '--json'], env);
      expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
      expect(jsonOf<{ created: string[] }>(first).created).toEqual([name]);
      expect(jsonOf<{ unchanged: string[] }>(await runCli(['config:sync', file, '--json'], env)).unchanged).toEqual([name]);
      const listed = jsonOf<{ items: Array<{ name: string }> }>(await runCli(['integration:list', '--json', '--name', 'i'.repeat(128)], env));
      expect(listed.items.map((item) => item.name)).toEqual([name]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

describe('CLI text output (SQLite)', () => textOutputSuite(() => Promise.resolve(sqliteBackend())));
describeMysql('CLI text output (MariaDB)', () => textOutputSuite(() => mysqlBackend('portcullis_test_e2e_cli_text')));

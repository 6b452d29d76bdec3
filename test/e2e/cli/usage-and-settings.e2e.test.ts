import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeMysql } from '../../integration/persistence/backends';
import { CLI_MAIN, expectFailure, jsonOf, mysqlBackend, outcomeOf, runCli, sqliteBackend, type CliBackend } from './cli-harness';

// Each test runs the built CLI several times as child processes (~0.2 s each, more on a busy CI
// machine with parallel workers): far beyond Jest's 5 s default.
jest.setTimeout(120_000);

/** The migrations this version ships, in the order they run. */
const SHIPPED_MIGRATIONS = [/^Initial\d+$/, /^IntegrationSyncState\d+$/, /^NameKeys\d+$/, /^HashedOAuthTokens\d+$/, /^IntegrationUsage\d+$/, /^AuditTrail\d+$/, /^CredentialPolicies\d+$/].map((name) => expect.stringMatching(name) as unknown);

describe('portcullis: help, usage errors, settings, db:*', () => {
  let backend: CliBackend;
  beforeAll(() => {
    backend = sqliteBackend();
  });
  afterAll(() => backend.close());

  it('--help lists the command groups with examples and exit codes; --version prints the version', async () => {
    const [help, commandHelp, version] = await Promise.all([
      runCli(['--help'], backend.env),
      runCli(['integration:create', '--help'], backend.env),
      runCli(['--version'], backend.env),
    ]);
    expect(help.code).toBe(0);
    const headings = ['Integrations:', 'ACL:', 'Roles:', 'Admin users:', 'Database:', 'Server:', 'Examples:'];
    for (const heading of headings) expect(help.stdout).toContain(`\n${heading}\n`);
    // In this order.
    expect(headings.map((heading) => help.stdout.indexOf(`\n${heading}\n`))).toEqual([...headings.map((heading) => help.stdout.indexOf(`\n${heading}\n`))].sort((a, b) => a - b));
    const commands = ['integration:list', 'integration:credentials', 'acl:tree', 'acl:check', 'acl:explain', 'role:list', 'role:show', 'role:create', 'role:update', 'role:delete'];
    for (const command of [...commands, 'admin:create', 'admin:list', 'admin:passwd', 'admin:deactivate', 'admin:unlock', 'db:migrate', 'db:status', 'serve']) {
      expect(help.stdout).toContain(`  ${command}`);
    }
    expect(help.stdout).toContain('$ portcullis acl:check "ERP sync"');
    expect(help.stdout).toContain('--password-stdin');
    expect(help.stdout).toContain('$ portcullis integration:create --name "ERP sync"');
    expect(help.stdout).toContain('Exit codes: 0 ok, 1 refused');
    expect(commandHelp.stdout).toMatch(/--resources <ids>/);
    expect(commandHelp.stdout).toMatch(/--json/);
    expect(version).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('usage errors exit 2 with one line, without opening the database', async () => {
    const runs = await Promise.all([
      runCli([], backend.env),
      runCli(['integration:lst'], backend.env),
      runCli(['integration:list', '--page', 'x'], backend.env),
      runCli(['integration:list', '--page-size', '500'], backend.env),
      runCli(['integration:list', '--status', 'sleeping'], backend.env),
      runCli(['integration:create', '--email', 'a@example.com', '--all'], backend.env),
      runCli(['integration:create', '--name', 'A', '--email', 'a@example.com'], backend.env),
      runCli(['integration:create', '--name', 'A', '--email', 'a@example.com', '--all', '--resources', 'Portcullis::acl'], backend.env),
      runCli(['integration:update', 'A', '--exclude', 'Portcullis::acl'], backend.env),
      runCli(['integration:show'], backend.env),
      runCli(['integration:list', '--bogus', '--json'], backend.env),
    ]);
    const [bare, unknownCommand, badPage, bigPage, badStatus, noName, noAccess, conflicting, excludeAlone, noRef, unknownJson] = runs;
    expect(bare?.code).toBe(2);
    expect(bare?.stderr).toContain('Usage: portcullis');
    expectFailure(unknownCommand, 2, "unknown command 'integration:lst' (Did you mean integration:list?) See portcullis --help.");
    expectFailure(badPage, 2, "option '--page <n>' argument 'x' is invalid. Expected a whole number from 1 up.");
    expectFailure(bigPage, 2, "option '--page-size <n>' argument '500' is invalid. Expected a whole number from 1 to 200.");
    expectFailure(badStatus, 2, "option '--status <status>' argument 'sleeping' is invalid. Allowed choices are inactive, active, reset.");
    expectFailure(noName, 2, "required option '--name <name>' not specified.");
    expectFailure(noAccess, 2, 'integration:create needs --all or --resources <ids> (comma-separated resource ids).');
    expectFailure(conflicting, 2, "option '--all' cannot be used with option '--resources <ids>'.");
    expectFailure(excludeAlone, 2, '--exclude needs --resources (the resources it is excluded from).');
    expectFailure(noRef, 2, "missing required argument 'name|id'.");
    expect(unknownJson?.code).toBe(2);
    expect(JSON.parse(unknownJson?.stderr ?? '')).toEqual({ error: { code: 'CLI.USAGE', message: "unknown option '--bogus'. See portcullis --help.", exitCode: 2 } });
    // Nothing was opened: the data directory is still empty.
    expect(readdirSync(backend.env.PORTCULLIS_DATA_DIR ?? '')).toEqual([]);
  });

  it('db:status and db:migrate on a new SQLite database, text and JSON', async () => {
    const before = jsonOf<{ database: string; applied: string[]; pending: string[]; upToDate: boolean }>(await runCli(['db:status', '--json'], backend.env));
    expect(before).toEqual({ database: 'sqlite', applied: [], pending: SHIPPED_MIGRATIONS, upToDate: false });
    const statusText = await runCli(['db:status'], backend.env);
    expect(statusText.stdout).toMatch(/^Database: sqlite\nMIGRATION +STATE\nInitial\d+ +pending\nIntegrationSyncState\d+ +pending\nNameKeys\d+ +pending\nHashedOAuthTokens\d+ +pending\nIntegrationUsage\d+ +pending\nAuditTrail\d+ +pending\nCredentialPolicies\d+ +pending\n7 pending: run portcullis db:migrate/);

    const migrated = jsonOf<{ applied: string[] }>(await runCli(['db:migrate', '--json'], backend.env));
    expect(migrated).toEqual({ applied: before.pending });
    const again = await runCli(['db:migrate'], backend.env);
    expect(again).toEqual({ code: 0, stdout: 'No pending migration: the database is up to date.\n', stderr: '' });
    const after = await runCli(['db:status'], backend.env);
    expect(after.stdout).toMatch(/\nInitial\d+ +applied\nIntegrationSyncState\d+ +applied\nNameKeys\d+ +applied\nHashedOAuthTokens\d+ +applied\nIntegrationUsage\d+ +applied\nAuditTrail\d+ +applied\nCredentialPolicies\d+ +applied\nUp to date\.\n$/);
    expect(existsSync(join(backend.env.PORTCULLIS_DATA_DIR ?? '', 'portcullis.sqlite'))).toBe(true);
  });

  it('a data directory under a file exits 78 (settings) with one line naming the path, not 70', async () => {
    const base = join(backend.env.PORTCULLIS_DATA_DIR ?? '', 'settings-case');
    mkdirSync(base, { recursive: true });
    writeFileSync(join(base, 'a-file'), 'not a directory\n');
    const under = await runCli(['integration:list'], { PORTCULLIS_DATA_DIR: join(base, 'a-file', 'data') });
    expectFailure(under, 78, /^error: Cannot mkdir .*a-file\/data \(ENOTDIR: a part of the path is a file, not a directory\)\. Check PORTCULLIS_DATA_DIR/);
    const isFile = await runCli(['integration:list'], { PORTCULLIS_DATA_DIR: join(base, 'a-file') });
    expect(isFile.code).toBe(78);
  });

  it('--password-stdin with a gigabyte on one line refuses the password (exit 1, one line) instead of crashing', async () => {
    expect((await runCli(['role:create', '--name', 'Stdin Admins', '--all'], backend.env)).code).toBe(0);
    const child = spawn(process.execPath, [CLI_MAIN, 'admin:create', '--username', 'huge', '--email', 'h@example.com', '--first-name', 'H', '--last-name', 'Uge', '--role', 'Stdin Admins', '--password-stdin'], {
      env: { PATH: process.env.PATH ?? '', ...backend.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const outcome = outcomeOf(child);
    // 1 GiB of "a1" with no line end, written as fast as the CLI reads; it may stop reading early.
    const chunk = Buffer.alloc(1024 * 1024, 'a1');
    let left = 1024;
    let stopped = false;
    child.stdin.on('error', () => (stopped = true));
    child.on('close', () => (stopped = true));
    const pump = (): void => {
      while (!stopped && left > 0) {
        left -= 1;
        if (!child.stdin.write(chunk)) {
          child.stdin.once('drain', pump);
          return;
        }
      }
      if (!stopped) child.stdin.end();
    };
    pump();
    const run = await outcome;
    expectFailure(run, 1, 'The password is too weak: it must be at most 256 characters long.');
  });

  it('wrong settings exit 78 and an unreachable database 69, each with one line and no password', async () => {
    const key = '0'.repeat(64);
    const [badUrl, noKey, badConfigFile, unreachable, unreachableDb] = await Promise.all([
      runCli(['integration:list'], { ...backend.env, DATABASE_URL: 'postgres://u:secretpw@h/db' }),
      runCli(['integration:list'], { ...backend.env, DATABASE_URL: 'mysql://u:secretpw@127.0.0.1:1/db' }),
      runCli(['integration:list', '--config', '/nonexistent/portcullis.json'], backend.env),
      runCli(['integration:list', '--json'], { ...backend.env, DATABASE_URL: 'mysql://u:secretpw@127.0.0.1:1/db', PORTCULLIS_SECRET_KEY: key }),
      runCli(['db:status'], { ...backend.env, DATABASE_URL: 'mysql://u:secretpw@127.0.0.1:1/db' }),
    ]);
    expectFailure(badUrl, 78, 'DATABASE_URL is invalid: the scheme "postgres" is not supported.');
    expectFailure(noKey, 78, 'PORTCULLIS_SECRET_KEY is required with a MySQL database');
    expectFailure(badConfigFile, 78, /^error: .*\/nonexistent\/portcullis\.json/);
    expect(unreachable.code).toBe(69);
    expect(JSON.parse(unreachable.stderr)).toEqual({
      error: {
        code: 'SERVICE.DATABASE_UNAVAILABLE',
        message: 'The database is unavailable (ECONNREFUSED). Check DATABASE_URL and that the database server is running, then try again.',
        exitCode: 69,
      },
    });
    expectFailure(unreachableDb, 69, 'The database is unavailable (ECONNREFUSED).');
    for (const run of [badUrl, noKey, unreachable, unreachableDb]) expect(run?.stderr).not.toContain('secretpw');
  });
});

describeMysql('portcullis db:* on MariaDB/MySQL', () => {
  let backend: CliBackend;
  beforeAll(async () => {
    backend = await mysqlBackend('portcullis_test_e2e_cli_db');
  });
  afterAll(() => backend.close());

  it('db:status and db:migrate on a new database', async () => {
    const before = jsonOf<{ database: string; applied: string[]; pending: string[]; upToDate: boolean }>(await runCli(['db:status', '--json'], backend.env));
    expect(before).toEqual({ database: expect.stringMatching(/^(mariadb|mysql)$/) as unknown, applied: [], pending: SHIPPED_MIGRATIONS, upToDate: false });
    expect(jsonOf(await runCli(['db:migrate', '--json'], backend.env))).toEqual({ applied: before.pending });
    expect(jsonOf(await runCli(['db:status', '--json'], backend.env))).toEqual({ ...before, applied: before.pending, pending: [], upToDate: true });
    // The database refuses an unknown database name: a settings problem, not an outage.
    const missing = await runCli(['db:status'], { ...backend.env, DATABASE_URL: backend.env.DATABASE_URL!.replace(/\/[^/]*$/, '/portcullis_no_such_db') });
    expectFailure(missing, 78, 'The database named in DATABASE_URL does not exist. Create it first.');
  });
});

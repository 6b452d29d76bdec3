import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { openPersistence, type Persistence } from '../../../src/adapters/persistence/persistence';
import { resolveSecretCipher } from '../../../src/infrastructure/secret-key';
import { recreateMysqlDatabase } from '../../../src/infrastructure/tools/migration-tool';

/** The built CLI (test/global-setup.js builds dist/ once per run). */
export const CLI_MAIN = join(__dirname, '..', '..', '..', 'dist', 'infrastructure', 'cli', 'main.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Settings for the child process; everything else of the environment is left out on purpose. */
export type CliEnv = Readonly<Record<string, string>>;

/**
 * Runs `portcullis <args>` as a child process; stdin is not a terminal: closed, or a pipe that
 * receives `input` (for `--password-stdin`).
 */
export function runCli(args: readonly string[], env: CliEnv, input?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    // The CLI may exit before reading everything: a closed pipe is not the test's failure.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
    outcomeOf(child).then(resolve, reject);
  });
}

/** What a child process printed on stdout and stderr, and its exit code, once it has closed. */
export function outcomeOf(child: ChildProcess): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Parses the one JSON document a `--json` run prints, failing with its output otherwise. */
export function jsonOf<T = Record<string, unknown>>(run: CliRun): T {
  if (run.code !== 0) throw new Error(`exit ${String(run.code)}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** A database for one suite: a temp SQLite data directory, or a fresh MariaDB/MySQL database. */
export interface CliBackend {
  readonly kind: 'sqlite' | 'mysql';
  readonly env: CliEnv;
  close(): void;
}

export function sqliteBackend(): CliBackend {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-cli-'));
  return { kind: 'sqlite', env: { PORTCULLIS_DATA_DIR: dir }, close: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function mysqlBackend(database: string): Promise<CliBackend> {
  const base = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test';
  const url = base.replace(/\/[^/]*$/, `/${database}`);
  await recreateMysqlDatabase(url);
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-cli-mysql-'));
  return {
    kind: 'mysql',
    env: { DATABASE_URL: url, PORTCULLIS_SECRET_KEY: AesGcmSecretCipher.generateKey().toString('hex'), PORTCULLIS_DATA_DIR: dir },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Works directly on a backend's database (as a server process would), with the CLI's secret key. */
export async function withPersistence<T>(backend: CliBackend, work: (persistence: Persistence) => Promise<T>): Promise<T> {
  const dataDir = backend.env.PORTCULLIS_DATA_DIR ?? '';
  const cipher = resolveSecretCipher({ configuredKey: backend.env.PORTCULLIS_SECRET_KEY, dataDir, allowKeyFile: backend.kind === 'sqlite' });
  const persistence = await openPersistence({ url: backend.env.DATABASE_URL ?? `sqlite:${join(dataDir, 'portcullis.sqlite')}`, cipher, poolSize: 1 });
  try {
    return await work(persistence);
  } finally {
    await persistence.close();
  }
}

/** An error run: the exit code, and exactly one line on stderr (no stack), nothing on stdout. */
export function expectFailure(run: CliRun, code: number, message: string | RegExp): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code, stdout: '' });
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(typeof message === 'string' ? new RegExp(`^error: ${escape(message)}`) : message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

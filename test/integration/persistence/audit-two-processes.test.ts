import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createPortcullis } from '../../../src/infrastructure/create-portcullis';
import { mysqlAuditDatabase, sqliteAuditDatabase, type AuditDatabase } from './audit-databases';
import { describeMysql } from './backends';

/** The built library (test/global-setup.js builds dist/ once per run). */
const LIBRARY = join(__dirname, '..', '..', '..', 'dist', 'index.js');
const PER_PROCESS = 20;

/**
 * One writer process: opens Portcullis on the database, writes once, says `ready`, waits for `go` on stdin,
 * then creates its integrations one after the other. A transaction the database ended for a
 * concurrent one (SQLite: another process committed first) is tried again, as a host would.
 */
const WRITER = `
const { createPortcullis } = require(process.env.LIBRARY);
let retries = 0;
async function create(portcullis, name) {
  for (;;) {
    try {
      return await portcullis.integrations.create({ name, email: 'ops@example.com', resourceAccess: 'all' });
    } catch (error) {
      if (error.code !== 'SERVICE.TRANSACTION_CONFLICT') throw error;
      retries += 1;
    }
  }
}
(async () => {
  const portcullis = await createPortcullis({ database: { url: process.env.DATABASE_URL }, dataDir: process.env.DATA_DIR, secretKey: process.env.SECRET_KEY });
  // Warmed up (connections open, code compiled), so that both start writing at full speed on go.
  await create(portcullis, process.env.PREFIX + ' warm-up');
  process.stdout.write('ready\\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  for (let n = 0; n < Number(process.env.COUNT); n += 1) await create(portcullis, process.env.PREFIX + ' ' + n);
  await portcullis.close();
  process.stdout.write('done, ' + retries + ' conflicts tried again\\n');
})().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + '\\n');
  process.exit(1);
});
`;

interface Writer {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startWriter(database: AuditDatabase, prefix: string): Writer {
  const child = spawn(process.execPath, ['-e', WRITER], {
    env: { PATH: process.env.PATH ?? '', LIBRARY, DATABASE_URL: database.url, DATA_DIR: database.dataDir, SECRET_KEY: database.secretKey, PREFIX: prefix, COUNT: String(PER_PROCESS) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let announce: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (announce = resolve));
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.includes('ready\n')) announce();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, ready: Promise.race([ready, exited.then(({ stderr: text }) => Promise.reject(new Error(`a writer exited before it was ready: ${text}`)))]), exited };
}

function twoProcessScenario(open: () => Promise<AuditDatabase>): void {
  let database: AuditDatabase;
  beforeAll(async () => {
    database = await open();
    // Migrated once, before the writers open it.
    await (await createPortcullis({ database: { url: database.url }, dataDir: database.dataDir, secretKey: database.secretKey })).close();
  });
  afterAll(() => database.close());

  it('two processes writing at once keep one valid chain with every entry of both', async () => {
    const writers = [startWriter(database, 'First'), startWriter(database, 'Second')];
    let outcomes: Array<{ code: number | null; stdout: string; stderr: string }>;
    try {
      await Promise.all(writers.map((writer) => writer.ready));
      for (const writer of writers) writer.child.stdin?.end('go\n');
      outcomes = await Promise.all(writers.map((writer) => writer.exited));
    } finally {
      // A writer that failed must not leave the other waiting for its go forever.
      for (const writer of writers) if (writer.child.exitCode === null && writer.child.signalCode === null) writer.child.kill('SIGKILL');
    }
    for (const outcome of outcomes) expect({ code: outcome.code, stderr: outcome.stderr }).toEqual({ code: 0, stderr: '' });

    const portcullis = await createPortcullis({ database: { url: database.url }, dataDir: database.dataDir, secretKey: database.secretKey });
    try {
      const entries = [];
      for await (const entry of portcullis.audit.export()) entries.push(entry);
      const total = 2 * 2 * (PER_PROCESS + 1);
      expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: total }, (_, n) => n + 1));
      const created = entries
        .filter((entry) => entry.action === 'integration.created' && !(entry.target.name ?? '').endsWith('warm-up'))
        .map((entry) => entry.target.name ?? '');
      expect([...created].sort()).toEqual(
        [...Array.from({ length: PER_PROCESS }, (_, n) => `First ${n}`), ...Array.from({ length: PER_PROCESS }, (_, n) => `Second ${n}`)].sort(),
      );
      // Interleaved: the two processes really wrote at the same time (one after the other would switch once).
      const order = created.map((name) => name.split(' ')[0]);
      const switches = order.filter((writer, index) => index > 0 && writer !== order[index - 1]).length;
      expect(switches).toBeGreaterThan(1);
      await expect(portcullis.audit.verify()).resolves.toMatchObject({ valid: true, entries: total, problem: null });
    } finally {
      await portcullis.close();
    }
  });
}

// Two Node processes start and write on a busy machine: well past Jest's default.
jest.setTimeout(120_000);

describe('the audit chain with two writer processes on one SQLite file', () => {
  twoProcessScenario(sqliteAuditDatabase);
});

describeMysql('the audit chain with two writer processes on one MariaDB/MySQL database', () => {
  twoProcessScenario(() => mysqlAuditDatabase('audit_two_processes'));
});

import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../support/free-port';
import { Gate } from '../../support/gate';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { type PasswordHasher } from '../../../src/application/ports/password-hasher.port';
import { fastPasswordHasher } from '../../support/deterministic-ports';
import { startTestServer } from './server-harness';

const ROOT = join(__dirname, '..', '..', '..');
const TOKEN_URL = '/rest/V1/integration/admin/token';

/** Collects what pino writes, line by line. */
class LogCollector extends Writable {
  private text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
  get all(): string {
    return this.text;
  }
  get lines(): string[] {
    return this.text.split('\n').filter((line) => line.trim() !== '');
  }
}

/** The real hasher, whose `verify` can be held at a gate: sign-ins then stay in flight until released. */
class GatedHasher extends Gate implements PasswordHasher {
  private readonly inner = fastPasswordHasher();

  hash(password: string): Promise<string> {
    return this.inner.hash(password);
  }
  async verify(password: string, digest: string): Promise<boolean> {
    await this.pass();
    return this.inner.verify(password, digest);
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The promise's value, or `null` when it takes longer than `ms` (the timer never outlives the race). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

/** Resolves with the connect error code, or null when a TCP connection was accepted. */
function tcpConnectError(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(null);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'ERROR'));
  });
}

/** A new HTTP request on a new connection (no keep-alive pool); resolves with the status or the error code. */
function freshRequest(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'ERROR'));
    req.end();
  });
}

async function signInOverHttp(url: string, username: string, password: string): Promise<{ status: number; token: string }> {
  const response = await fetch(`${url}${TOKEN_URL}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body: unknown = await response.json();
  return { status: response.status, token: typeof body === 'string' ? body : '' };
}

/**
 * A sign-in over a raw socket that sends everything but the last byte of its body until
 * `release()`: the server has the request (and logs it) but cannot answer before then.
 */
function heldBackSignIn(url: string, username: string, password: string): { release(): void; answer: Promise<{ status: number; body: string }> } {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({ username, password });
  const socket = connect({ host: hostname, port: Number(port) });
  socket.write(`POST ${TOKEN_URL} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, -1)}`);
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = received.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), body: rest.join('\r\n\r\n') });
    });
  });
  return { release: () => void socket.write(body.slice(-1)), answer };
}

describe('structured logs', () => {
  it('are JSON lines with request ids, and never carry passwords, bearer tokens or OAuth credentials', async () => {
    const logs = new LogCollector();
    const t = await startTestServer('sqlite', { logStream: logs });
    const url = t.server.url;
    const secrets: Array<[string, string]> = [['initial admin password', t.adminPassword]];
    let integrationId = '';
    try {
      // A failed sign-in (its wrong password must not be logged either), then a good one with a caller's id.
      const wrongPassword = 'Wrong-Passw0rd-for-logs';
      secrets.push(['wrong password', wrongPassword]);
      expect((await signInOverHttp(url, 'admin', wrongPassword)).status).toBe(401);
      const signIn = await fetch(`${url}${TOKEN_URL}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'caller-trace-0042' },
        body: JSON.stringify({ username: 'admin', password: t.adminPassword }),
      });
      expect(signIn.status).toBe(200);
      expect(signIn.headers.get('x-request-id')).toBe('caller-trace-0042');
      const token = (await signIn.json()) as string;
      secrets.push(['bearer token', token]);
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

      const created = await fetch(`${url}/rest/V1/integrations`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: 'Logged', email: 'ops@shop.example', resourceAccess: 'all', activate: true, currentPassword: t.adminPassword }),
      });
      expect(created.status).toBe(201);
      const saved = (await created.json()) as {
        integration: { id: string };
        activation: { credentials: { consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string } };
      };
      integrationId = saved.integration.id;
      const issued = saved.activation.credentials;
      secrets.push(['consumer secret', issued.consumerSecret], ['access token', issued.accessToken], ['access token secret', issued.accessTokenSecret]);

      const reauthorized = await fetch(`${url}/rest/V1/integrations/${integrationId}/reauthorize`, { method: 'POST', headers: { authorization: auth.authorization } });
      expect(reauthorized.status).toBe(200);
      const renewed = ((await reauthorized.json()) as { activation: { credentials: { accessToken: string; accessTokenSecret: string } } }).activation.credentials;
      secrets.push(['reauthorized access token', renewed.accessToken], ['reauthorized token secret', renewed.accessTokenSecret]);
      const credentials = await fetch(`${url}/rest/V1/integrations/${integrationId}/credentials`, { headers: { authorization: auth.authorization } });
      expect(credentials.status).toBe(200);
      // A wrong "Your Password" on a save, a bad token, and a sign-out.
      const badSave = await fetch(`${url}/rest/V1/integrations/${integrationId}`, {
        method: 'PUT',
        headers: auth,
        body: JSON.stringify({ name: 'Renamed', currentPassword: 'Not-the-Passw0rd' }),
      });
      expect(badSave.status).toBe(400);
      secrets.push(['wrong current password', 'Not-the-Passw0rd']);
      const badToken = 'b'.repeat(31) + '7';
      secrets.push(['unknown bearer token', badToken]);
      expect((await fetch(`${url}/rest/V1/integrations`, { headers: { authorization: `Bearer ${badToken}` } })).status).toBe(401);
      expect((await fetch(`${url}${TOKEN_URL}`, { method: 'DELETE', headers: { authorization: auth.authorization } })).status).toBe(200);
    } finally {
      await t.close();
    }

    const entries = logs.lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`a log line is not JSON: ${line}`);
      }
    });
    const requestEntries = entries.filter((entry) => entry.req !== undefined || entry.res !== undefined);
    // Two lines per request (incoming, completed) for the 8 requests above.
    expect(requestEntries.length).toBeGreaterThanOrEqual(16);
    for (const entry of requestEntries) expect(entry.reqId).toEqual(expect.any(String));
    const ids = new Set(requestEntries.map((entry) => entry.reqId));
    expect(ids.size).toBeGreaterThanOrEqual(8);
    expect(ids).toContain('caller-trace-0042');
    for (const entry of entries) {
      expect([typeof entry.level, typeof entry.time, typeof entry.msg]).toEqual(['number', 'number', 'string']);
    }

    const leaked = secrets.filter(([, value]) => value !== '' && logs.all.includes(value)).map(([name]) => name);
    expect(leaked).toEqual([]);
    expect(logs.all).not.toMatch(/Bearer\s+[0-9a-z]{32}/);
  });
});

describe('graceful shutdown', () => {
  it('finishes in-flight requests, refuses new connections, then closes the database', async () => {
    const hasher = new GatedHasher();
    const t = await startTestServer('sqlite', { overrides: { passwordHasher: hasher } });
    const url = t.server.url;
    const port = Number(new URL(url).port);
    const databaseFile = join(t.dataDir, 'portcullis.sqlite');
    try {
      expect(await freshRequest(`${url}/health`)).toBe(200);

      // Three sign-ins held in flight, each past the admin lookup and waiting in the password check.
      hasher.hold();
      const inFlight = [1, 2, 3].map(() => signInOverHttp(url, 'admin', t.adminPassword));
      await until('three sign-ins in flight', () => hasher.waiting === 3);

      let closed = false;
      const closing = t.server.close().then(() => {
        closed = true;
      });
      // The listener goes away at once, while the sign-ins are still held.
      await until('the port to refuse connections', async () => (await tcpConnectError(port)) === 'ECONNREFUSED');
      expect(await freshRequest(`${url}/health`)).toBe('ECONNREFUSED');
      await delay(100);
      expect(closed).toBe(false);

      hasher.release();
      const answers = await Promise.all(inFlight);
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.token).toMatch(/^[0-9a-z]{32}$/);
      }
      // Their keep-alive connections must not hold the server open (Fastify's keepAliveTimeout is 72 s).
      expect(await within(closing.then(() => 'closed'), 5000)).toBe('closed');
      expect(closed).toBe(true);
      expect(await tcpConnectError(port)).toBe('ECONNREFUSED');

      // The database was closed cleanly (its WAL checkpointed away), with the three sign-ins' tokens written.
      expect(existsSync(`${databaseFile}-wal`)).toBe(false);
      const reopened = new DataSource({ type: 'better-sqlite3', database: databaseFile });
      await reopened.initialize();
      try {
        expect(await reopened.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        expect(await reopened.query('SELECT COUNT(*) AS count FROM admin_token')).toEqual([{ count: 3 }]);
        // Nobody else holds the file: an exclusive lock is granted at once.
        await reopened.query('BEGIN EXCLUSIVE');
        await reopened.query('COMMIT');
      } finally {
        await reopened.destroy();
      }
    } finally {
      hasher.release();
      t.server.app.server.closeAllConnections();
      await t.close();
    }
  }, 20_000);
});


interface StartedProcess {
  readonly child: ChildProcess;
  readonly url: string;
  stdout(): string;
  output(): string;
  /** Sends the signal and resolves with the exit code and how long the exit took. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** The environment of a server started by a test: its port and data dir, no settings from outside. */
function serverEnv(port: number, dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PORTCULLIS_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    DATABASE_URL: '',
    PORTCULLIS_SECRET_KEY: '',
    PORTCULLIS_CONFIG: '',
  };
}

/**
 * The server as an operator starts it: `node scripts/start.js` (what `npm start` runs; it compiles
 * dist/ first when it is stale), or `npm start` itself (npm → node, in the package directory).
 */
async function startEntrypoint(dataDir: string, options: { readonly port?: number; readonly via?: 'node' | 'npm' } = {}): Promise<StartedProcess> {
  const port = options.port ?? (await freePort());
  const child =
    options.via === 'npm'
      ? spawn('npm', ['start'], { cwd: ROOT, env: serverEnv(port, dataDir), stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, [join(ROOT, 'scripts', 'start.js')], { cwd: dirname(dataDir), env: serverEnv(port, dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  return watchStart(child, port);
}

/** Waits for the "listening" log line of a started server process. */
async function watchStart(child: ChildProcess, port: number): Promise<StartedProcess> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const output = (): string => `--- stdout\n${stdout}\n--- stderr\n${stderr}`;
  const deadline = Date.now() + 80_000;
  while (!/"msg":"Portcullis listening on /.test(stdout)) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`no "listening" log line within 80 s:\n${output()}`);
    }
    await delay(50);
  }
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    stdout: () => stdout,
    output,
    stop: async (signal) => {
      const sent = Date.now();
      child.kill(signal);
      const result = await within(exited, 10_000);
      if (result === null) {
        child.kill('SIGKILL');
        throw new Error(`the server did not exit within 10 s of ${signal}:\n${output()}`);
      }
      return { ...result, ms: Date.now() - sent };
    },
  };
}

describe('the real entrypoint (npm start)', () => {
  let dataDir: string;
  let running: StartedProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'portcullis-entrypoint-'));
  });
  afterEach(() => {
    if (running?.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
    running = undefined;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('first start: prints the admin banner, writes the password file (0600), signs in, stops on SIGTERM with exit code 0', async () => {
    running = await startEntrypoint(dataDir);
    const stdout = running.stdout();
    const listening = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; url?: string; startupMs?: number })
      .find((entry) => entry.msg.startsWith('Portcullis listening on '));
    expect(listening?.url).toBe(running.url);
    expect(stdout).toContain('Portcullis first start: an administrator was created.');
    expect(stdout).toContain('username: admin');
    const password = /^\s+password: (\S+)$/m.exec(stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(12);

    const passwordFile = join(dataDir, 'initial-admin-password');
    expect(stdout).toContain(passwordFile);
    expect(readFileSync(passwordFile, 'utf8')).toBe(`${password}\n`);
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);

    const signIn = await signInOverHttp(running.url, 'admin', password);
    expect(signIn.status).toBe(200);
    const list = await fetch(`${running.url}/rest/V1/integrations`, { headers: { authorization: `Bearer ${signIn.token}` } });
    expect(list.status).toBe(200);

    const exit = await running.stop('SIGTERM');
    expect([exit.code, exit.signal]).toEqual([0, null]);
    expect(exit.ms).toBeLessThan(5000);
    expect(running.stdout()).toContain('SIGTERM: finishing in-flight requests, then closing the database');
    expect(existsSync(join(dataDir, 'portcullis.sqlite-wal'))).toBe(false);
  }, 90_000);

  it('second start on the same data: no banner, the same password still signs in, SIGINT stops it with exit code 0', async () => {
    const password = readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim();
    running = await startEntrypoint(dataDir);
    expect(running.stdout()).not.toContain('an administrator was created');
    expect(running.stdout()).not.toContain(password);
    expect((await signInOverHttp(running.url, 'admin', password)).status).toBe(200);
    const exit = await running.stop('SIGINT');
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(5000);
  }, 90_000);

  it('SIGTERM while sign-ins are in flight (real scrypt cost): they all answer 200, then it exits with code 0', async () => {
    const password = readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim();
    running = await startEntrypoint(dataDir);
    const server = running;
    const incoming = (): number => (server.stdout().match(/"url":"\/rest\/V1\/integration\/admin\/token"[^\n]*"msg":"incoming request"|"msg":"incoming request"[^\n]*"url":"\/rest\/V1\/integration\/admin\/token"/g) ?? []).length;
    // Eight concurrent sign-ins, each a real scrypt verification (2^15). Each sends its headers and
    // holds the last byte of its body back: in flight for certain (no race with a fast machine)
    // until the signal has been handled.
    const signIns = Array.from({ length: 8 }, () => heldBackSignIn(server.url, 'admin', password));
    await until('eight sign-ins received', () => incoming() === 8, 20_000);
    const exit = server.stop('SIGTERM');
    await until('the signal handled', () => server.stdout().includes('SIGTERM: finishing in-flight requests'), 20_000);
    for (const signIn of signIns) signIn.release();
    const answers = await Promise.all(signIns.map((signIn) => signIn.answer));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    expect(answers.every((answer) => /^"[0-9a-z]{32}"$/.test(answer.body))).toBe(true);
    expect((await exit).code).toBe(0);
    // Every one completed after the signal line, and the server said it closed.
    const lines = server.stdout().split('\n');
    const signal = lines.findIndex((line) => line.includes('SIGTERM: finishing in-flight requests'));
    const completed = lines.flatMap((line, index) => (line.includes('"msg":"request completed"') ? [index] : []));
    expect(signal).toBeGreaterThan(-1);
    expect(completed.filter((index) => index > signal)).toHaveLength(8);
  }, 90_000);

  /** Starts the server with one sign-in held in flight (its body's last byte not sent). */
  async function startWithSignInHeld(): Promise<{ server: StartedProcess; signIn: ReturnType<typeof heldBackSignIn> }> {
    const password = readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim();
    const server = await startEntrypoint(dataDir);
    running = server;
    const signIn = heldBackSignIn(server.url, 'admin', password);
    const received = (): boolean => server.stdout().split('\n').some((line) => line.includes('"msg":"incoming request"') && line.includes(`"url":"${TOKEN_URL}"`));
    await until('the sign-in received', received, 20_000);
    return { server, signIn };
  }

  it('a second signal within a second is the same request (Ctrl-C reaches the server from the terminal and from npm): it still finishes, exit 0', async () => {
    const { server, signIn } = await startWithSignInHeld();
    const exit = server.stop('SIGTERM');
    await until('the signal handled', () => server.stdout().includes('SIGTERM: finishing in-flight requests'), 20_000);
    server.child.kill('SIGINT');
    await delay(300);
    expect(server.child.exitCode).toBeNull();
    signIn.release();
    expect((await signIn.answer).status).toBe(200);
    expect((await exit).code).toBe(0);
    expect(server.stdout()).not.toContain('again: exiting without waiting');
    expect(server.stdout()).toContain('"msg":"Portcullis stopped: requests finished, port and database closed"');
  }, 90_000);

  it('a second signal a second or more after the first exits at once with code 1', async () => {
    const { server, signIn } = await startWithSignInHeld();
    const first = server.stop('SIGTERM');
    await until('the signal handled', () => server.stdout().includes('SIGTERM: finishing in-flight requests'), 20_000);
    await delay(1100);
    expect(server.child.exitCode).toBeNull();
    server.child.kill('SIGTERM');
    expect((await first).code).toBe(1);
    expect(server.stdout()).toContain('"msg":"SIGTERM again: exiting without waiting"');
    signIn.release();
    await signIn.answer.catch(() => undefined);
  }, 90_000);
});

/** Every descendant of `pid` (Linux /proc), children first. */
function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const visit = (parent: number): void => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** True while the process runs (a zombie waiting for its parent counts as gone). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The `pid` field of the server's "listening" log line. */
function serverPidOf(stdout: string): number {
  const line = stdout.split('\n').find((text) => text.includes('"msg":"Portcullis listening on '));
  return (JSON.parse(line ?? '{}') as { pid?: number }).pid ?? 0;
}

describe('npm start: signals and a port in use', () => {
  let dir: string;
  let leftovers: number[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-npm-start-'));
  });
  afterEach(() => {
    // Whatever a failed test left running: only the processes this test started.
    for (const pid of leftovers.filter(running)) process.kill(pid, 'SIGKILL');
    leftovers = [];
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM to the npm process stops the server cleanly: it logs that it stopped, the port closes, no process is left', async () => {
    const started = await startEntrypoint(join(dir, 'data'), { via: 'npm' });
    const npmPid = started.child.pid ?? 0;
    const serverPid = serverPidOf(started.stdout());
    const processes = descendantsOf(npmPid);
    leftovers = [npmPid, ...processes];
    expect(processes).toContain(serverPid);
    expect(serverPid).not.toBe(npmPid);
    const port = Number(new URL(started.url).port);
    expect(await freshRequest(`${started.url}/health`)).toBe(200);

    const exit = await started.stop('SIGTERM');
    // npm waits for the server it forwarded the signal to, which exits 0 after closing.
    expect([exit.code, exit.signal]).toEqual([0, null]);
    await until('every process of npm start to end', () => ![npmPid, ...processes].some(running), 10_000);
    expect(await tcpConnectError(port)).toBe('ECONNREFUSED');
    const stdout = started.stdout();
    const signalLine = stdout.indexOf('"msg":"SIGTERM: finishing in-flight requests, then closing the database"');
    const stoppedLine = stdout.indexOf('"msg":"Portcullis stopped: requests finished, port and database closed"');
    expect(signalLine).toBeGreaterThan(-1);
    expect(stoppedLine).toBeGreaterThan(signalLine);
    expect(stdout).not.toContain('again: exiting without waiting');
    expect(existsSync(join(dir, 'data', 'portcullis.sqlite-wal'))).toBe(false);
  }, 120_000);

  it('SIGINT to the whole process group (Ctrl-C: npm forwards it too) is one request: a clean stop, exit 0', async () => {
    const port = await freePort();
    // Its own process group, as a terminal gives a command line.
    const child = spawn('npm', ['start'], { cwd: ROOT, env: serverEnv(port, join(dir, 'data')), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const started = await watchStart(child, port);
    const npmPid = child.pid ?? 0;
    leftovers = [npmPid, ...descendantsOf(npmPid)];
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    process.kill(-npmPid, 'SIGINT');
    expect(await within(exited, 10_000)).toBe(0);
    await until('every process of npm start to end', () => !leftovers.some(running), 10_000);
    expect(started.stdout()).toContain('"msg":"Portcullis stopped: requests finished, port and database closed"');
    expect(started.stdout()).not.toContain('again: exiting without waiting');
  }, 120_000);

  it('a first start on a port in use creates nothing (no data dir, admin or password file) and says the port is in use; the next start is the real first start', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = join(dir, 'data');
    try {
      const failed = spawn(process.execPath, [join(ROOT, 'scripts', 'start.js')], { cwd: dir, env: serverEnv(port, dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      failed.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      failed.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => failed.once('close', (exitCode) => resolve(exitCode)));
      expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
      // One line (after "compiling the sources" when another change to src/ came first).
      expect(stderr).toMatch(new RegExp(`(^|\\n)Portcullis cannot start: the port is already in use \\(listen EADDRINUSE: address already in use 127\\.0\\.0\\.1:${port}\\)\\. Set PORT to another one\\.\\n$`));
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(dataDir)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }

    const started = await startEntrypoint(dataDir, { port });
    leftovers = [started.child.pid ?? 0];
    expect(started.stdout()).toContain('Portcullis first start: an administrator was created.');
    const password = /^\s+password: (\S+)$/m.exec(started.stdout())?.[1] ?? '';
    expect(readFileSync(join(dataDir, 'initial-admin-password'), 'utf8')).toBe(`${password}\n`);
    expect((await signInOverHttp(started.url, 'admin', password)).status).toBe(200);
    expect((await started.stop('SIGTERM')).code).toBe(0);
  }, 120_000);
});

/**
 * A MariaDB server of a test's own, to simulate a database outage and its return.
 *
 * `startPrivateMariaDb()` initialises a data directory in a fresh temporary directory
 * (mariadb-install-db), starts mariadbd on a free TCP port of 127.0.0.1 (never 3306) and creates a
 * database reachable as `mysql://root@127.0.0.1:<port>/<database>` (root, empty password).
 * `stop()` shuts the server down (SIGTERM, SIGKILL after a timeout) until the port refuses
 * connections; `start()` brings it back on the same port with the same data.
 *
 * No orphan server survives the test process: every instance has a small watchdog shell holding a
 * pipe from this process; when the process ends, however it ends (even SIGKILL), the pipe closes
 * and the watchdog kills mariadbd and removes the temporary directory. (A `process.on('exit')`
 * handler alone would not do: inside Jest, `process` is a sandbox copy whose 'exit' event never
 * fires, and a SIGKILLed process runs no handler at all.)
 *
 * Measured on the development VM (2 vCPU, shared): init (mariadb-install-db) 1.0–2.7 s (up to 5.8 s
 * under heavy load), start until `SELECT 1` answers 0.3–0.6 s, stop until the port refuses 0.02–0.16 s.
 */
import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { accessSync, constants as fsConstants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection as createTcpConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Readable } from 'node:stream';
import { createConnection as createMysqlConnection } from 'mysql2/promise';

export interface PrivateMariaDb {
  readonly port: number;
  /** `mysql://root@127.0.0.1:<port>/<database>` */
  readonly url: string;
  readonly database: string;
  /** The temporary directory (data directory, socket, pid file). */
  readonly directory: string;
  /** Whether the server is running (started and not stopped). */
  readonly running: boolean;
  /** Shuts the server down: when it resolves, the process is gone and the port refuses connections. */
  stop(): Promise<void>;
  /** Starts the server again on the same port and data; resolves once it answers `SELECT 1`. */
  start(): Promise<void>;
  /** Stops the server (if running) and deletes its temporary directory. Idempotent. */
  destroy(): Promise<void>;
  /** The last lines the server wrote to stderr (its error log), for diagnostics. */
  logTail(): string;
}

export interface PrivateMariaDbOptions {
  /** The database to create (default `portcullis_test`). */
  database?: string;
  /** How long start-up may take before it fails (default 30 s). */
  startTimeoutMs?: number;
  /** How long a SIGTERM shutdown may take before SIGKILL (default 10 s). */
  stopTimeoutMs?: number;
}

const MARIADBD_CANDIDATES = ['/usr/sbin/mariadbd', '/usr/bin/mariadbd', '/usr/local/bin/mariadbd', '/usr/sbin/mysqld'];
const INSTALL_DB_CANDIDATES = ['/usr/bin/mariadb-install-db', '/usr/local/bin/mariadb-install-db', '/usr/bin/mysql_install_db', '/usr/local/bin/mysql_install_db'];

/** Server options shared by mariadb-install-db (bootstrap) and mariadbd: small, fast, private. */
const SMALL_SERVER_OPTIONS = [
  '--innodb-buffer-pool-size=16M',
  '--innodb-log-file-size=4M',
  '--innodb-log-buffer-size=1M',
  '--innodb-data-file-path=ibdata1:12M:autoextend',
  '--innodb-buffer-pool-dump-at-shutdown=0',
  '--innodb-buffer-pool-load-at-startup=0',
  '--skip-log-bin',
  '--skip-name-resolve',
  '--performance-schema=OFF',
  '--character-set-server=utf8mb4',
  '--collation-server=utf8mb4_unicode_ci',
];

const LOG_TAIL_LINES = 40;

/** Instances alive in this process, killed on a normal exit (outside Jest's sandbox). */
const live = new Set<{ killNow(): void }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const instance of live) instance.killNow();
  });
}

function findExecutable(candidates: readonly string[], what: string): string {
  for (const candidate of candidates) {
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(`${what} not found (looked at ${candidates.join(', ')}): is MariaDB installed?`);
}

/** A bounded buffer of the last lines of a stream. */
class LineTail {
  private lines: string[] = [];
  private partial = '';
  constructor(private readonly max: number) {}

  push(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.max) this.lines = this.lines.slice(-this.max);
  }

  text(): string {
    return [...this.lines, ...(this.partial === '' ? [] : [this.partial])].join('\n');
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const value = Number(low);
    return Number.isInteger(value) && value > 1024 ? value : 32768;
  } catch {
    return 32768;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A free port below the ephemeral range, so that while the server is down the kernel does not hand
 * the port to an outgoing connection (which would keep the server from binding it again).
 */
async function findFreePort(exclude: ReadonlySet<number>): Promise<number> {
  const high = Math.min(ephemeralRangeStart() - 1, 65535);
  const low = Math.min(20000, high - 1000);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (port === 3306 || exclude.has(port)) continue;
    if (await canListen(port)) return port;
  }
  throw new Error(`no free TCP port found in ${low}-${high}`);
}

/** Resolves with the connect error code (ECONNREFUSED when nobody listens), or null if it connected. */
function probePort(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = createTcpConnection({ port, host: '127.0.0.1' });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(null);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve(error.code ?? 'ERROR');
    });
  });
}

function run(command: string, args: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const output = new LineTail(LOG_TAIL_LINES);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} failed (${signal ?? `exit code ${String(code)}`}):\n${output.text()}`));
    });
  });
}

/**
 * The watchdog: a shell reading commands on stdin ("run PID", "down", "done"). On end of input
 * (this process gone), it kills the running server and removes the directory.
 */
const WATCHDOG_SCRIPT = `
trap '' INT HUP TERM
pid=
while read -r cmd arg; do
  case "$cmd" in
    run) pid=$arg ;;
    down) pid= ;;
    done) exit 0 ;;
  esac
done
if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null; sleep 0.2; fi
rm -rf -- "$1"
`;

/** Owns the temporary directory from creation on, and the server process while it runs. */
class Watchdog {
  private readonly shell: ChildProcess;
  private released = false;

  constructor(directory: string) {
    this.shell = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'private-mariadb-watchdog', directory], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    this.shell.on('error', () => undefined);
    this.shell.stdin?.on('error', () => undefined);
    // Neither keeps this process alive: its end is precisely what the watchdog waits for.
    this.shell.unref();
    (this.shell.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }

  running(pid: number): void {
    this.tell(`run ${pid}`);
  }

  down(): void {
    this.tell('down');
  }

  /** The directory is taken care of (deleted or handed over): the watchdog exits without acting. */
  release(): void {
    if (this.released) return;
    this.tell('done');
    this.released = true;
    this.shell.stdin?.end();
  }

  private tell(line: string): void {
    if (!this.released && this.shell.stdin?.writable) this.shell.stdin.write(`${line}\n`);
  }
}

class Instance implements PrivateMariaDb {
  private child: ChildProcessByStdio<null, Readable, Readable> | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly stderr = new LineTail(LOG_TAIL_LINES);
  private destroyed = false;

  constructor(
    private readonly mariadbd: string,
    private readonly watchdog: Watchdog,
    readonly directory: string,
    readonly port: number,
    readonly database: string,
    private readonly startTimeoutMs: number,
    private readonly stopTimeoutMs: number,
  ) {}

  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}/${this.database}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  logTail(): string {
    return this.stderr.text();
  }

  /** Synchronous last resort (process exit): SIGKILL and remove the directory. */
  killNow(): void {
    try {
      this.child?.kill('SIGKILL');
    } catch {
      // already gone
    }
    try {
      rmSync(this.directory, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }

  async start(): Promise<void> {
    if (this.destroyed) throw new Error('private MariaDB: start() after destroy()');
    if (this.child !== null) return;
    const dir = this.directory;
    const child = spawn(
      this.mariadbd,
      [
        '--no-defaults',
        '--user=root',
        `--datadir=${join(dir, 'data')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(dir, 'sock')}`,
        `--pid-file=${join(dir, 'mariadbd.pid')}`,
        `--tmpdir=${dir}`,
        ...SMALL_SERVER_OPTIONS,
      ],
      // Its own process group: a Ctrl-C meant for Jest reaches the watchdog's cleanup, not mariadbd half-way.
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    this.child = child;
    child.unref();
    child.stdout.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    (child.stderr as unknown as { unref?: () => void }).unref?.();
    let exitInfo: string | null = null;
    this.exited = new Promise<void>((resolve) => {
      const finish = (info: string): void => {
        if (exitInfo !== null) return;
        exitInfo = info;
        if (this.child === child) this.child = null;
        this.watchdog.down();
        resolve();
      };
      child.once('exit', (code, signal) => finish(signal ?? `exit code ${String(code)}`));
      child.once('error', (error) => finish(error.message));
    });
    if (child.pid !== undefined) this.watchdog.running(child.pid);

    const deadline = Date.now() + this.startTimeoutMs;
    let lastError = '';
    while (true) {
      if (exitInfo !== null) {
        throw new Error(`mariadbd exited during start-up (${String(exitInfo)}) on port ${this.port}:\n${this.logTail()}`);
      }
      try {
        const connection = await createMysqlConnection({ host: '127.0.0.1', port: this.port, user: 'root', connectTimeout: 2000 });
        try {
          await connection.query('SELECT 1');
          await connection.query(`CREATE DATABASE IF NOT EXISTS \`${this.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
        } finally {
          await connection.end().catch(() => undefined);
        }
        return;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() > deadline) {
        await this.stop().catch(() => undefined);
        throw new Error(
          `mariadbd did not answer SELECT 1 on 127.0.0.1:${this.port} within ${this.startTimeoutMs} ms (last error: ${lastError}); its stderr:\n${this.logTail()}`,
        );
      }
      await delay(25);
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child !== null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), this.stopTimeoutMs);
      try {
        await this.exited;
      } finally {
        clearTimeout(timer);
      }
    }
    // The process is gone; make sure the listening socket is too.
    const deadline = Date.now() + this.stopTimeoutMs;
    while (true) {
      const code = await probePort(this.port);
      if (code === 'ECONNREFUSED') return;
      if (Date.now() > deadline) {
        throw new Error(`port ${this.port} still ${code === null ? 'accepts connections' : `answers ${code}`} after mariadbd stopped`);
      }
      await delay(25);
    }
  }

  /** Gives up this instance, stopped, without deleting the directory (a retry on another port reuses it). */
  abandon(): void {
    this.destroyed = true;
    live.delete(this);
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    try {
      await this.stop();
    } finally {
      live.delete(this);
      rmSync(this.directory, { recursive: true, force: true });
      this.watchdog.release();
    }
  }
}

/**
 * Initialises and starts a private MariaDB server. Call `destroy()` when done (e.g. in `afterAll`).
 */
export async function startPrivateMariaDb(options: PrivateMariaDbOptions = {}): Promise<PrivateMariaDb> {
  const database = options.database ?? 'portcullis_test';
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`invalid database name: ${database}`);
  const mariadbd = findExecutable(MARIADBD_CANDIDATES, 'mariadbd');
  const installDb = findExecutable(INSTALL_DB_CANDIDATES, 'mariadb-install-db');
  const directory = mkdtempSync(join(tmpdir(), 'private-mariadb-'));
  const watchdog = new Watchdog(directory);
  const fail = (error: unknown): never => {
    rmSync(directory, { recursive: true, force: true });
    watchdog.release();
    throw error;
  };
  try {
    await run(
      installDb,
      [
        '--no-defaults',
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        '--user=root',
        `--datadir=${join(directory, 'data')}`,
        ...SMALL_SERVER_OPTIONS,
      ],
      120_000,
    );
  } catch (error) {
    return fail(error);
  }

  installExitHook();
  const triedPorts = new Set<number>();
  for (let attempt = 1; ; attempt++) {
    let port: number;
    try {
      port = await findFreePort(triedPorts);
    } catch (error) {
      return fail(error);
    }
    triedPorts.add(port);
    const instance = new Instance(mariadbd, watchdog, directory, port, database, options.startTimeoutMs ?? 30_000, options.stopTimeoutMs ?? 10_000);
    live.add(instance);
    try {
      await instance.start();
      return instance;
    } catch (error) {
      // Someone took the port between the check and the bind: try another one.
      const portTaken = /Address already in use|Can't start server: Bind/i.test(instance.logTail());
      if (portTaken && attempt < 3) {
        await instance.stop().catch(() => undefined);
        instance.abandon();
        continue;
      }
      await instance.destroy().catch(() => undefined);
      throw error;
    }
  }
}

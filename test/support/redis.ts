/**
 * Redis for the tests: the shared server at TEST_REDIS_URL (default redis://127.0.0.1:6379, probed
 * once by test/global-setup.js), and private redis-server processes a test starts and kills.
 * Every test keeps its keys and channels under a random prefix; nothing is ever flushed.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Readable, type Writable } from 'node:stream';
import { freePort } from './free-port';

export const redisAvailable = (): boolean => process.env.PORTCULLIS_TEST_REDIS === 'up';
const redisRequired = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

/** The shared Redis of the tests. @throws when it did not answer the global setup's probe */
export function testRedisUrl(): string {
  if (!redisAvailable()) throw new Error(`Redis is required (CI=true) but did not answer: ${process.env.PORTCULLIS_TEST_REDIS_ERROR ?? 'unknown error'}`);
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/**
 * `describe` for a Redis suite: runs when Redis answers or CI requires it (then a missing Redis
 * fails); otherwise skipped, with the notice printed by test/global-setup.js.
 */
export const describeRedis: jest.Describe = redisAvailable() || redisRequired() ? describe : describe.skip;

/**
 * A prefix no other test (or test run) uses: `test:<random>:`, after TEST_REDIS_KEY_PREFIX when
 * set (so that runs sharing one Redis keep to a prefix of their own).
 */
export const randomKeyPrefix = (): string => `${process.env.TEST_REDIS_KEY_PREFIX ?? ''}test:${randomBytes(6).toString('hex')}:`;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a Redis answers PING on the port (one plain TCP exchange). */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) socket.end();
    });
    socket.once('close', () => resolve(answer.startsWith('+PONG')));
    socket.once('error', () => undefined);
  });
}

/** A redis-server of a test's own, on a free port of 127.0.0.1. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL, like a crash): when it resolves, the port refuses connections. */
  kill(): Promise<void>;
  /**
   * Starts it again on the same port; resolves once it answers PING. Empty, unless started
   * `persistent`: then with what it had written to its append-only file.
   */
  start(): Promise<void>;
  /** Kills it and deletes its data directory (persistent only). */
  dispose(): Promise<void>;
}

export interface PrivateRedisOptions {
  /**
   * Persistence as production should run it: `--appendonly yes --appendfsync always` in a
   * temporary directory, so a write Redis answered survives a kill. Default: none (`--save ""
   * --appendonly no`).
   */
  readonly persistent?: boolean;
  /** `--maxmemory-policy`; default Redis's own (`noeviction`). */
  readonly maxmemoryPolicy?: string;
}

/**
 * Starts `redis-server --port N` with the options' persistence. It runs under a small watchdog
 * shell holding a pipe from this process: `kill()` asks the shell, and when this process ends
 * however it ends, the pipe closes and the shell kills the server, so no server outlives the test.
 */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = options.persistent === true ? mkdtempSync(join(tmpdir(), 'portcullis-redis-')) : undefined;
  const persistence = dir !== undefined ? `--save "" --appendonly yes --appendfsync always --dir '${dir}'` : '--save "" --appendonly no';
  const policy = options.maxmemoryPolicy !== undefined ? ` --maxmemory-policy ${options.maxmemoryPolicy}` : '';
  let watchdog: ChildProcessByStdio<Writable, null, Readable> | null = null;
  let log = '';
  const start = async (): Promise<void> => {
    const script = `redis-server --port ${port} --bind 127.0.0.1 ${persistence}${policy} --daemonize no & pid=$!; read _; kill -9 $pid; wait $pid`;
    const child = spawn('sh', ['-c', script], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    watchdog = child;
    const deadline = Date.now() + 15_000;
    while (!(await pong(port))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}: ${log}`);
      await delay(50);
    }
  };
  const kill = async (): Promise<void> => {
    const child = watchdog;
    if (child === null) return;
    watchdog = null;
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end('\n');
      await exited;
    }
    while (await pong(port)) await delay(20);
  };
  const dispose = async (): Promise<void> => {
    await kill();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, kill, start, dispose };
}

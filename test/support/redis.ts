/**
 * Redis for the tests: the shared server at TEST_REDIS_URL (default redis://127.0.0.1:6379, probed
 * once by test/global-setup.js), and private redis-server processes a test starts and kills.
 * Every test keeps its keys and channels under a random prefix; nothing is ever flushed.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
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

/** A prefix no other test (or test run) uses: `test:<random>:`. */
export const randomKeyPrefix = (): string => `test:${randomBytes(6).toString('hex')}:`;

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

/** A redis-server of a test's own (no persistence), on a free port of 127.0.0.1. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL, like a crash): when it resolves, the port refuses connections. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty); resolves once it answers PING. */
  start(): Promise<void>;
}

/**
 * Starts `redis-server --port N --save "" --appendonly no`. It runs under a small watchdog shell
 * holding a pipe from this process: `kill()` asks the shell, and when this process ends however
 * it ends, the pipe closes and the shell kills the server, so no server outlives the test.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let watchdog: ChildProcessByStdio<Writable, null, Readable> | null = null;
  let log = '';
  const start = async (): Promise<void> => {
    const script = `redis-server --port ${port} --bind 127.0.0.1 --save "" --appendonly no --daemonize no & pid=$!; read _; kill -9 $pid; wait $pid`;
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
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, kill, start };
}

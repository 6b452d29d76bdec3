import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The server as an operator runs it, in a process of its own. */
export interface ChildServer {
  readonly origin: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node dist/infrastructure/server/main.js` (built by the test global setup) in a process of
 * its own, on a free port of 127.0.0.1, and waits until GET /health answers.
 */
export async function spawnServer(root: string, env: Record<string, string>, dataDir: string): Promise<ChildServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(root, 'dist', 'infrastructure', 'server', 'main.js')], {
    cwd: dataDir,
    // OUTBOUND_ALLOWED_NETWORKS only when a test asks: the default (nothing private reached) is what runs.
    env: { ...process.env, PORTCULLIS_CONFIG: '', OUTBOUND_ALLOWED_NETWORKS: '', ...env, PORT: String(port), HOST: '127.0.0.1', PORTCULLIS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output = (): string => `--- stdout\n${stdout}\n--- stderr\n${stderr}`;
  const origin = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    const healthy = await fetch(`${origin}/health`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer GET /health within 60 s:\n${output()}`);
    }
    await delay(100);
  }
  return { origin, output, stop };
}


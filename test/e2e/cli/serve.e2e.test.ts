import { spawn } from 'node:child_process';
import { CLI_MAIN, sqliteBackend, type CliBackend } from './cli-harness';

// Each test runs the built CLI several times as child processes (~0.2 s each, more on a busy CI
// machine with parallel workers): far beyond Jest's 5 s default.
jest.setTimeout(120_000);

describe('portcullis serve', () => {
  let backend: CliBackend;
  beforeAll(() => {
    backend = sqliteBackend();
  });
  afterAll(() => backend.close());

  it('starts the server as npm start does (first-start banner, /health) and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI_MAIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', ...backend.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not listen within 15 s: ${stdout}${stderr}`)), 15_000);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = /Portcullis listening on (http:\/\/[^"\s]+)/.exec(stdout);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    try {
      expect(stdout).toContain('Portcullis first start: an administrator was created.');
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port';

const ROOT = join(__dirname, '..', '..');
const README_URL = 'http://127.0.0.1:8080';

/** The shell blocks between the walkthrough markers of README.md, in order. */
function walkthroughBlocks(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = /<!-- walkthrough:start[^>]*-->([\s\S]*?)<!-- walkthrough:end -->/.exec(readme)?.[1];
  if (section === undefined) throw new Error('README.md has no walkthrough markers');
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}


async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 100_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server did not answer within 100 s:\n${output()}`);
}

describe('README walkthrough, replayed as a new user would run it', () => {
  let dir: string;
  let server: ChildProcess;
  let output = '';
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-readme-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // What `npm start` runs, from a directory of the user's choosing (data goes to ./data there).
    server = spawn(process.execPath, [join(ROOT, 'scripts', 'start.js')], {
      cwd: dir,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PORTCULLIS_SECRET_KEY: '', DATABASE_URL: '', PORTCULLIS_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForHealth(url, server, () => output);
  }, 120_000);

  afterAll(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the initial password once and keeps it in data/initial-admin-password (0600)', () => {
    const file = join(dir, 'data', 'initial-admin-password');
    const password = readFileSync(file, 'utf8').trim();
    expect(output).toContain(`password: ${password}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('runs every block of the walkthrough successfully, with the outcomes the README shows', async () => {
    const blocks = walkthroughBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const initialPassword = readFileSync(join(dir, 'data', 'initial-admin-password'), 'utf8').trim();
    const script = ['set -euo pipefail', ...blocks].join('\n').replaceAll(README_URL, url);
    const run = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });

    expect(run.stdout).toContain('"name":"ERP connector"');
    expect(run.stdout).toContain('"status":"active"');
    expect(run.stdout).toMatch(/"activation":\{"mode":"local","credentials":\{"consumerKey":"[0-9a-z]{32}"/);
    expect(run.stdout.trim().endsWith('true')).toBe(true); // the sign-out answer
    expect(existsSync(join(dir, 'data', 'initial-admin-password'))).toBe(false);

    // The walkthrough changed the password: the printed one no longer signs in.
    const stale = await fetch(`${url}/rest/V1/integration/admin/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: initialPassword }),
    });
    expect(stale.status).toBe(401);
  }, 90_000);

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});

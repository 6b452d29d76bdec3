import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_MAIN, outcomeOf, runCli, sqliteBackend, type CliBackend, type CliEnv, type CliRun } from './cli-harness';

// Each test runs the built CLI several times as child processes (~0.2 s each, more on a busy machine).
jest.setTimeout(120_000);

/** What a shell reports for a tool killed by SIGPIPE (128 + 13), and what the CLI exits with when its stdout closes. */
const CLOSED_PIPE_EXIT = 141;

/** `portcullis` as a shell function running the built CLI, so printed command lines run as they are. */
const PORTCULLIS_FUNCTION = `portcullis() { ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_MAIN)} "$@"; }`;

/** Runs `script` in `sh` (or `bash`) with `portcullis` defined, in the backend's settings. */
function runShell(script: string, env: CliEnv, shell: 'sh' | 'bash' = 'sh'): Promise<CliRun> {
  return outcomeOf(spawn(shell, ['-c', `${PORTCULLIS_FUNCTION}\n${script}`], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/**
 * Runs the CLI with stdout a pipe that this side closes once the first line has arrived, as
 * `| head -1` does; resolves with that line, stderr and the exit code.
 */
function runUntilFirstLine(args: readonly string[], env: CliEnv): Promise<{ code: number | null; signal: NodeJS.Signals | null; firstLine: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let received = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      received += chunk;
      if (received.includes('\n')) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, firstLine: received.split('\n')[0] ?? '', stderr }));
  });
}

/** An ACL file with `count` resources: the CLI's tree and explanations run to well over a pipe's 64 KiB buffer. */
function writeLargeAcl(file: string, count: number): void {
  const children = Array.from({ length: count }, (_, i) => ({ id: `Acme_Big::resource_${String(i).padStart(5, '0')}`, title: `Resource number ${i}` }));
  writeFileSync(file, JSON.stringify({ resources: [{ id: 'Acme_Big::root', title: 'Big tree', children }] }));
}

const bashAvailable = spawnSync('bash', ['-c', 'true']).status === 0;

describe('portcullis in shell pipelines and scripts', () => {
  let backend: CliBackend;
  let env: CliEnv;
  beforeAll(async () => {
    backend = sqliteBackend();
    const aclFile = join(backend.env.PORTCULLIS_DATA_DIR ?? '', 'big-acl.json');
    writeLargeAcl(aclFile, 20_000);
    env = { ...backend.env, PORTCULLIS_ACL_FILES: aclFile };
    const role = await runCli(['role:create', '--name', 'Everything', '--all'], env);
    expect({ code: role.code, stderr: role.stderr }).toEqual({ code: 0, stderr: '' });
  });
  afterAll(() => backend.close());

  describe('stdout closed by the reader (| head -1)', () => {
    it(`acl:explain and acl:tree stop quietly: the first line arrived, nothing on stderr, exit ${CLOSED_PIPE_EXIT}`, async () => {
      const [explain, tree, json] = await Promise.all([
        runUntilFirstLine(['acl:explain', 'Everything', '--role'], env),
        runUntilFirstLine(['acl:tree'], env),
        runUntilFirstLine(['acl:explain', 'Everything', '--role', '--json'], env),
      ]);
      expect(explain).toEqual({ code: CLOSED_PIPE_EXIT, signal: null, firstLine: expect.stringContaining('"Everything"') as unknown, stderr: '' });
      expect(tree).toEqual({ code: CLOSED_PIPE_EXIT, signal: null, firstLine: 'Big tree  Acme_Big::root', stderr: '' });
      expect(json).toEqual({ code: CLOSED_PIPE_EXIT, signal: null, firstLine: '{', stderr: '' });
    });

    (bashAvailable ? it : it.skip)(`in a real pipeline: head prints one line, the shell sees ${CLOSED_PIPE_EXIT} for portcullis and no stack trace`, async () => {
      const run = await runShell('portcullis acl:explain Everything --role | head -1; echo "status ${PIPESTATUS[0]} ${PIPESTATUS[1]}"', env, 'bash');
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(new RegExp(`^Admin role "Everything" \\([0-9a-f-]{36}\\)\\nstatus ${CLOSED_PIPE_EXIT} 0\\n$`));
    });

    it('a run whose reader takes everything is unchanged: exit 0, the whole output', async () => {
      const run = await runCli(['acl:tree'], env);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('Acme_Big::resource_02999');
    });
  });

  describe('command lines the CLI prints run as printed', () => {
    it('the --help example of admin:passwd is one line (in portcullis --help and admin:passwd --help), and running it sets the password', async () => {
      const [help, commandHelp] = await Promise.all([runCli(['--help'], env), runCli(['admin:passwd', '--help'], env)]);
      expect([help.code, commandHelp.code]).toEqual([0, 0]);
      const examples = help.stdout.split('\n').filter((line) => line.startsWith('  $ '));
      // No quote left open by a broken line.
      for (const line of examples) expect([line, (line.match(/'/g) ?? []).length % 2]).toEqual([line, 0]);
      const passwd = examples.find((line) => line.includes('admin:passwd'));
      expect(passwd).toBe(`  $ printf '%s\\n' "$NEW_PASSWORD" | portcullis admin:passwd jane --password-stdin`);
      expect(commandHelp.stdout.split('\n')).toContain(`  printf '%s\\n' "$NEW_PASSWORD" | portcullis admin:passwd jane --password-stdin`);

      const created = await runShell(
        "printf '%s\\n' 'Correct-horse-42' | portcullis admin:create --username jane --email jane@example.com --first-name Jane --last-name Doe --role Everything --password-stdin",
        env,
      );
      expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: '' });
      const changed = await runShell((passwd ?? '').replace(/^ {2}\$ /, ''), { ...env, NEW_PASSWORD: 'Battery-staple-77' });
      expect(changed).toEqual({ code: 0, stdout: 'Password of admin user "jane" changed; their sessions were signed out.\n', stderr: '' });
    });

    it.each([
      ['a name starting with "-"', '-x'],
      ['a name starting with "--" with a space and a quote', "--O'Brien feed"],
      ['a plain name', 'Plain sync'],
    ])('the "Activate it with" hint after integration:create works for %s', async (_case, name) => {
      const created = await runCli(['integration:create', `--name=${name}`, '--email', 'ops@example.com', '--all'], env);
      expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: '' });
      const hint = /^Activate it with: (portcullis .*)$/m.exec(created.stdout)?.[1] ?? '';
      expect(hint).toMatch(/^portcullis integration:activate /);

      const activated = await runShell(hint, env);
      expect({ code: activated.code, stderr: activated.stderr }).toEqual({ code: 0, stderr: '' });
      expect(activated.stdout).toContain(`Integration "${name}" activated.`);
    });
  });
});

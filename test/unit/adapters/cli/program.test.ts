import { type CliServices } from '../../../../src/adapters/cli/cli-services';
import { loadIntegrationDeclarations } from '../../../../src/adapters/config-files/config-file-set';
import { type CliIo } from '../../../../src/adapters/cli/output';
import { runCli, type CliDependencies } from '../../../../src/adapters/cli/program';
import { openRuntime, type PortcullisRuntime } from '../../../../src/infrastructure/create-portcullis';
import { cliFailureClassifier, useCasesFrom } from '../../../../src/infrastructure/cli/cli-services.factory';

/** The CLI in process on an in-memory Portcullis, with a scripted terminal. */
async function harness(answers: boolean[] = [], interactive = true, terminal: { secrets?: string[]; stdin?: string | null } = {}) {
  const runtime: PortcullisRuntime = await openRuntime();
  let stdout = '';
  let stderr = '';
  const questions: string[] = [];
  const secretPrompts: string[] = [];
  const secrets = [...(terminal.secrets ?? [])];
  let opened = 0;
  let closed = 0;
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    interactive,
    confirm: (question) => {
      questions.push(question);
      return Promise.resolve(answers.shift() ?? false);
    },
    readSecret: (question) => {
      secretPrompts.push(question);
      return Promise.resolve(secrets.shift() ?? '');
    },
    readLine: () => Promise.resolve(terminal.stdin ?? null),
  };
  const services: CliServices = {
    useCases: () => {
      opened++;
      return Promise.resolve(useCasesFrom(runtime));
    },
    declaredIntegrations: (patterns) => loadIntegrationDeclarations(patterns ?? [], process.cwd()),
    migrate: () => Promise.resolve([]),
    migrationStatus: () => Promise.resolve({ database: 'memory', applied: [], pending: [] }),
    serve: () => Promise.resolve(0),
    close: () => {
      closed++;
      return Promise.resolve();
    },
  };
  const configs: Array<string | undefined> = [];
  const deps: CliDependencies = {
    io,
    connect: (options) => {
      configs.push(options.config);
      return services;
    },
    classify: cliFailureClassifier,
    version: '9.9.9',
  };
  return {
    run: async (...argv: string[]) => {
      stdout = '';
      stderr = '';
      const code = await runCli(argv, deps);
      return { code, stdout, stderr };
    },
    questions,
    secretPrompts,
    configs,
    counts: () => ({ opened, closed }),
  };
}

describe('runCli', () => {
  it('asks before deleting on a terminal: "no" deletes nothing (exit 1), "yes" deletes', async () => {
    const cli = await harness([false, true]);
    expect((await cli.run('integration:create', '--name', 'A', '--email', 'a@example.com', '--all')).code).toBe(0);

    const declined = await cli.run('integration:delete', 'a');
    expect(declined).toEqual({ code: 1, stdout: '', stderr: 'error: Cancelled: nothing was deleted.\n' });
    expect(cli.questions[0]).toMatch(/^Delete integration "A" \([0-9a-f-]{36}\) with its credentials and tokens\? \[y\/N\] $/);
    expect((await cli.run('integration:show', 'A')).code).toBe(0);

    const confirmed = await cli.run('integration:delete', 'A');
    expect(confirmed).toEqual({ code: 0, stdout: 'Integration "A" deleted.\n', stderr: '' });
    expect(cli.questions).toHaveLength(2);
  });

  it('escapes what it echoes on stderr, cut short, in text and in --json (issue 16)', async () => {
    const cli = await harness();
    const ref = `x\u001b]0;owned\u0007\u001b[2J\u202e${'y'.repeat(100)}`;
    const text = await cli.run('integration:show', ref);
    expect(text).toEqual({ code: 1, stdout: '', stderr: `error: No integration has the ID or name "x\\x1b]0;owned\\x07\\x1b[2J\\u202e${'y'.repeat(10)}…".\n` });
    const json = await cli.run('integration:show', '\u202e\u0085', '--json');
    expect(json.stderr).toBe('{"error":{"code":"INTEGRATION.NOT_FOUND","message":"No integration has the ID or name \\"\\\\u202e\\\\x85\\".","exitCode":1}}\n');
    const refused = await cli.run('integration:create', '--name', 'A\u009b2J', '--email', 'a@example.com', '--all');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('error: "name" must not contain control, invisible or bidirectional characters; it has U+009B (a control character) at character 2.\n');
  });

  it('opens the services only for commands that need them, and closes them after', async () => {
    const cli = await harness();
    expect((await cli.run('--help')).code).toBe(0);
    expect((await cli.run('integration:list', '--page', '0')).code).toBe(2);
    expect(cli.counts()).toEqual({ opened: 0, closed: 0 });
    const listed = await cli.run('integration:list', '--json');
    expect(JSON.parse(listed.stdout)).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    expect(cli.counts()).toEqual({ opened: 1, closed: 1 });
  });

  it('accepts --config before or after the command, and --version', async () => {
    const cli = await harness();
    expect(await cli.run('--version')).toEqual({ code: 0, stdout: '9.9.9\n', stderr: '' });
    expect((await cli.run('--config', 'x.json', 'db:status')).code).toBe(0);
    expect((await cli.run('db:status', '--config', 'x.json', '--json')).stdout).toBe('{\n  "database": "memory",\n  "applied": [],\n  "pending": [],\n  "upToDate": true\n}\n');
    expect(cli.configs).toEqual(['x.json', 'x.json']);
  });

  it('asks for a new password twice without echo on a terminal, and never prints it', async () => {
    const cli = await harness([], true, { secrets: ['s3cret-pass', 's3cret-pass', 's3cret-pass', 'other-pass1'] });
    expect((await cli.run('role:create', '--name', 'Ops', '--all')).code).toBe(0);
    const created = await cli.run('admin:create', '--username', 'jane', '--email', 'jane@example.com', '--first-name', 'Jane', '--last-name', 'Doe', '--role', 'ops');
    expect(created).toEqual({ code: 0, stdout: expect.stringMatching(/^Admin user "jane" created \(active\) with role "Ops", ID [0-9a-f-]{36}\.\n$/) as unknown, stderr: '' });
    expect(cli.secretPrompts).toEqual(['New password: ', 'Repeat the new password: ']);

    const mismatch = await cli.run('admin:passwd', 'JANE');
    expect(mismatch).toEqual({ code: 1, stdout: '', stderr: 'error: The two passwords do not match: nothing was changed.\n' });
    for (const run of [created, mismatch]) expect(run.stdout + run.stderr).not.toMatch(/s3cret-pass|other-pass1/);
  });

  it('a weak password is refused with the domain message (exit 1); a script needs --password-stdin (exit 2)', async () => {
    const cli = await harness([], true, { secrets: ['short', 'short'] });
    expect((await cli.run('role:create', '--name', 'Ops', '--all')).code).toBe(0);
    const weak = await cli.run('admin:create', '--username', 'joe', '--email', 'joe@example.com', '--first-name', 'Joe', '--last-name', 'Doe', '--role', 'Ops');
    expect(weak).toEqual({ code: 1, stdout: '', stderr: 'error: The password is too weak: it must be at least 7 characters long.\n' });

    const script = await harness([], false, { stdin: null });
    const noPassword = await script.run('admin:passwd', 'joe');
    expect(noPassword).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: admin:passwd needs a password: type it at a terminal, or give it on stdin with --password-stdin.\n',
    });
    expect(script.counts().opened).toBe(0);
    expect(script.secretPrompts).toEqual([]);
  });

  it('asks before deleting a role on a terminal: "no" deletes nothing (exit 1), "yes" deletes', async () => {
    const cli = await harness([false, true]);
    expect((await cli.run('role:create', '--name', 'Temp', '--resources', 'Portcullis::roles')).code).toBe(0);
    expect(await cli.run('role:delete', 'temp')).toEqual({ code: 1, stdout: '', stderr: 'error: Cancelled: nothing was deleted.\n' });
    expect(cli.questions[0]).toMatch(/^Delete role "Temp" \([0-9a-f-]{36}\)\? Its users cannot act until given another role\. \[y\/N\] $/);
    expect(await cli.run('role:delete', 'Temp')).toEqual({ code: 0, stdout: 'Role "Temp" deleted.\n', stderr: '' });
  });
});

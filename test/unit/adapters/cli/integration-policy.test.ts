import { type CliServices } from '../../../../src/adapters/cli/cli-services';
import { type CliIo } from '../../../../src/adapters/cli/output';
import { runCli } from '../../../../src/adapters/cli/program';
import { expiresText, rateText } from '../../../../src/adapters/cli/commands/integration.presenter';
import { durationArgument, expiresAtArgument, rateLimitArgument } from '../../../../src/adapters/cli/commands/policy-options';
import { openRuntime } from '../../../../src/infrastructure/create-portcullis';
import { cliFailureClassifier, useCasesFrom } from '../../../../src/infrastructure/cli/cli-services.factory';
import { INTEGRATION_REPOSITORY, type IntegrationRepository } from '../../../../src/domain/integration/integration.repository';
import { FixedClock } from '../../../support/deterministic-ports';

/** The CLI in process on an in-memory Portcullis whose clock the test moves; stdin is not a terminal. */
async function harness(clock = new FixedClock(new Date())) {
  const runtime = await openRuntime({ clock });
  const useCases = useCasesFrom(runtime);
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    interactive: false,
    confirm: () => Promise.resolve(false),
    readSecret: () => Promise.resolve(''),
    readLine: () => Promise.resolve(null),
  };
  const services: CliServices = {
    useCases: () => Promise.resolve(useCases),
    declaredIntegrations: () => ({ parts: [], files: [] }),
    migrate: () => Promise.resolve([]),
    migrationStatus: () => Promise.resolve({ database: 'memory', applied: [], pending: [] }),
    serve: () => Promise.resolve(0),
    close: () => Promise.resolve(),
  };
  const run = async (...argv: string[]) => {
    stdout = '';
    stderr = '';
    const code = await runCli(argv, { io, connect: () => services, classify: cliFailureClassifier, version: '9.9.9' });
    return { code, stdout, stderr };
  };
  const json = async <T = Record<string, unknown>>(...argv: string[]): Promise<T> => {
    const result = await run(...argv, '--json');
    if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  };
  return { run, json, runtime };
}

interface Policy {
  readonly readOnly?: boolean;
  readonly expiresAt: string | null;
  readonly allowedIps: string[];
  readonly rateLimit: { limit: number; windowSeconds: number } | null;
}
type Saved = { integration: { id: string; policy: Policy } };

const OPEN: Policy = { readOnly: false, expiresAt: null, allowedIps: [], rateLimit: null };

describe('integration:create and integration:update policy options', () => {
  it('create sets every part; --json shows the policy as the REST view has it', async () => {
    const cli = await harness(new FixedClock(new Date('2026-12-04T10:00:00.000Z')));
    const saved = await cli.json<Saved>(
      'integration:create', '--name', 'Reports', '--email', 'bi@example.com', '--all',
      '--read-only', '--expires-in', '90d', '--allowed-ips', '203.0.113.0/24, 2001:DB8::/32', '--rate-limit', '600/min',
    );
    // --expires-in counts from the moment the command runs (the machine's clock, not the core's).
    const expiresAt = Date.parse(saved.integration.policy.expiresAt ?? '');
    expect(Math.abs(expiresAt - (Date.now() + 90 * 86_400_000))).toBeLessThan(60_000);
    expect(saved.integration.policy).toEqual({
      readOnly: true,
      expiresAt: saved.integration.policy.expiresAt,
      allowedIps: ['203.0.113.0/24', '2001:db8::/32'],
      rateLimit: { limit: 600, windowSeconds: 60 },
    });

    const plain = await cli.json<Saved>('integration:create', '--name', 'Plain', '--email', 'p@example.com', '--all');
    expect(plain.integration.policy).toEqual(OPEN);
  });

  it('update changes only the parts given, and never/any/none/--no-read-only clear them', async () => {
    const cli = await harness();
    await cli.json('integration:create', '--name', 'ERP', '--email', 'erp@example.com', '--all', '--read-only', '--expires-at', '2027-01-31T00:00:00Z', '--rate-limit', '10/s');

    const ips = await cli.json<Saved>('integration:update', 'ERP', '--allowed-ips', '192.0.2.7,10.0.0.0/8');
    expect(ips.integration.policy).toEqual({ readOnly: true, expiresAt: '2027-01-31T00:00:00.000Z', allowedIps: ['192.0.2.7', '10.0.0.0/8'], rateLimit: { limit: 10, windowSeconds: 1 } });

    const offset = await cli.json<Saved>('integration:update', 'ERP', '--expires-at', '2027-02-01T02:00:00+02:00', '--rate-limit', '5000/1h');
    expect(offset.integration.policy).toMatchObject({ expiresAt: '2027-02-01T00:00:00.000Z', rateLimit: { limit: 5000, windowSeconds: 3600 }, allowedIps: ['192.0.2.7', '10.0.0.0/8'] });

    const cleared = await cli.json<Saved>('integration:update', 'ERP', '--no-read-only', '--expires-at', 'never', '--allowed-ips', '', '--rate-limit', 'none');
    expect(cleared.integration.policy).toEqual(OPEN);

    await cli.json('integration:update', 'ERP', '--allowed-ips', '192.0.2.0/24');
    expect((await cli.json<Saved>('integration:update', 'ERP', '--allowed-ips', 'any')).integration.policy.allowedIps).toEqual([]);
    // No policy option: the policy stays.
    await cli.json('integration:update', 'ERP', '--read-only');
    expect((await cli.json<Saved>('integration:update', 'ERP', '--email', 'new@example.com')).integration.policy.readOnly).toBe(true);
  });

  it.each([
    [['--expires-at', '2027-01-31'], /^error: option '--expires-at <time>' argument '2027-01-31' is invalid\. Expected an ISO 8601 date and time with Z or an offset \(2027-01-31T00:00:00Z\), or never\. See portcullis --help\.\n$/],
    [['--expires-at', '2027-13-45T00:00:00Z'], /option '--expires-at <time>' argument .* is invalid\. Expected an ISO 8601 date and time/],
    [['--expires-in', '90'], /^error: option '--expires-in <duration>' argument '90' is invalid\. Expected a duration such as 90d, 12h or 30m/],
    [['--expires-in', '0d'], /option '--expires-in <duration>' argument '0d' is invalid/],
    [['--expires-in', '90d', '--expires-at', 'never'], /^error: option '--expires-at <time>' cannot be used with option '--expires-in <duration>'\. See portcullis --help\.\n$/],
    [['--rate-limit', '600'], /^error: option '--rate-limit <N\/window>' argument '600' is invalid\. Expected N\/window, such as 10\/s, 600\/min, 5000\/h or 600\/1m/],
    [['--rate-limit', '600/week'], /option '--rate-limit <N\/window>' argument '600\/week' is invalid/],
    [['--rate-limit', '-1/s'], /option '--rate-limit <N\/window>' argument '-1\/s' is invalid/],
  ])('refuses %j as a usage error (exit 2) naming the option and the expected form', async (options, message) => {
    const cli = await harness();
    const run = await cli.run('integration:create', '--name', 'Bad', '--email', 'b@example.com', '--all', ...options);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(message);
  });

  it('leaves the values the core refuses to the core: a bad CIDR range or a limit out of range (exit 1)', async () => {
    const cli = await harness();
    const badRange = await cli.run('integration:create', '--name', 'Bad', '--email', 'b@example.com', '--all', '--allowed-ips', '10.0.0.1/8');
    expect(badRange).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: "10.0.0.1/8" in "allowedIps" is not a network: the address has bits set past its /8 prefix. Did you mean 10.0.0.0/8? (A single address is written without a prefix: 10.0.0.1.)\n',
    });
    const zero = await cli.run('integration:create', '--name', 'Bad', '--email', 'b@example.com', '--all', '--rate-limit', '0/s', '--json');
    expect(zero.code).toBe(1);
    expect(JSON.parse(zero.stderr)).toMatchObject({ error: { code: 'VALIDATION.RATE_LIMIT' } });
    expect((await cli.run('integration:show', 'Bad')).code).toBe(1);
  });

  it('show prints the policy; list has an EXPIRES column', async () => {
    const clock = new FixedClock(new Date());
    const cli = await harness(clock);
    await cli.json('integration:create', '--name', 'Soon', '--email', 's@example.com', '--all', '--read-only', '--expires-in', '3d', '--allowed-ips', '203.0.113.0/24', '--rate-limit', '600/1m');
    await cli.json('integration:create', '--name', 'Gone', '--email', 'g@example.com', '--all', '--expires-at', '2020-01-01T00:00:00Z');
    await cli.json('integration:create', '--name', 'Open', '--email', 'o@example.com', '--all');

    const shown = await cli.run('integration:show', 'Soon');
    expect(shown.stdout).toMatch(/\nRead-only: +yes \(GET, HEAD and OPTIONS only\)\nExpires at: +\d{4}-\d\d-\d\dT[\d:.]+Z \(in 3 days\)\nAllowed IPs: +203\.0\.113\.0\/24\nRate limit: +600 per minute\n/);
    const open = await cli.run('integration:show', 'Open');
    expect(open.stdout).toMatch(/\nRead-only: +no\nExpires at: +never\nAllowed IPs: +any\nRate limit: +none\n/);

    const lines = (await cli.run('integration:list')).stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +STATUS +SETUP +EMAIL +ENDPOINT +CALLS 24H +EXPIRES +ID$/);
    const expiresColumn = (lines[0] ?? '').indexOf('EXPIRES');
    expect(lines.slice(1, 4).map((line) => line.slice(expiresColumn).split(/ {2,}/)[0])).toEqual(['expired', '-', 'in 3 days']);

    const listed = await cli.json<{ items: Array<{ name: string; policy: Policy }> }>('integration:list');
    expect(listed.items.map((item) => [item.name, Object.keys(item.policy).sort()])).toEqual([
      ['Gone', ['allowedIps', 'expiresAt', 'rateLimit']],
      ['Open', ['allowedIps', 'expiresAt', 'rateLimit']],
      ['Soon', ['allowedIps', 'expiresAt', 'rateLimit']],
    ]);
    expect(listed.items[0]?.policy).toEqual({ expiresAt: '2020-01-01T00:00:00.000Z', allowedIps: [], rateLimit: null });
  });

  it('documents every policy option with an example in --help', async () => {
    const cli = await harness();
    for (const command of ['integration:create', 'integration:update']) {
      const help = (await cli.run(command, '--help')).stdout;
      for (const text of ['--read-only', '--no-read-only', '--expires-at <time>', '--expires-in <duration>', '--allowed-ips <cidrs>', '--rate-limit <N/window>']) {
        expect(help).toContain(text);
      }
      for (const example of ['--expires-at 2027-01-31T00:00:00Z', '--expires-in 90d', '--allowed-ips 203.0.113.0/24', '--rate-limit 600/min', '--expires-at never', '--allowed-ips any', '--rate-limit none']) {
        expect(help).toContain(example);
      }
    }
    expect((await cli.run('integration:list', '--help')).stdout).toContain('portcullis integration:list --unused-for 90d');
  });
});

describe('integration:list --unused-for', () => {
  it('lists those not used for that long, never-used ones created before then included', async () => {
    const clock = new FixedClock(new Date('2026-01-01T00:00:00.000Z'));
    const cli = await harness(clock);
    const idOf = async (name: string): Promise<string> => (await cli.json<Saved>('integration:create', '--name', name, '--email', 'x@example.com', '--all')).integration.id;
    const [old, used] = [await idOf('Old never used'), await idOf('Used lately')];
    clock.advance(100 * 86_400);
    await idOf('New never used');
    // A call by "Used lately" 10 days ago.
    await cli.runtime.container.get<IntegrationRepository>(INTEGRATION_REPOSITORY).recordUse(used, new Date(clock.now().getTime() - 10 * 86_400_000), 0);

    const listed = await cli.json<{ items: Array<{ id: string; name: string }>; total: number }>('integration:list', '--unused-for', '90d');
    expect({ total: listed.total, ids: listed.items.map((item) => item.id) }).toEqual({ total: 1, ids: [old] });
    // "New never used" was created 0 days ago: not unused for 5 days yet.
    const names = (await cli.json<{ items: Array<{ name: string }> }>('integration:list', '--unused-for', '5d')).items.map((item) => item.name);
    expect(names).toEqual(['Old never used', 'Used lately']);
  });

  it.each(['90', '0d', '12h', 'ninety'])('refuses --unused-for %s (exit 2)', async (value) => {
    const cli = await harness();
    const run = await cli.run('integration:list', '--unused-for', value);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`option '--unused-for <days>' argument '${value}' is invalid. Expected whole days from 1 to 36500, such as 90d.`);
  });
});

describe('policy option parsers and texts', () => {
  it('read the forms of --expires-at, --expires-in and --rate-limit', () => {
    expect(expiresAtArgument(' NEVER ')).toBe('never');
    expect(expiresAtArgument('2027-01-31T00:00Z')).toEqual(new Date('2027-01-31T00:00:00.000Z'));
    expect([durationArgument('30m'), durationArgument('12h'), durationArgument('45s')]).toEqual([1_800_000, 43_200_000, 45_000]);
    expect(['10/s', '600/min', '5000/h', '600/1m', '100/30s', '1000/1d', 'None'].map(rateLimitArgument)).toEqual([
      { limit: 10, windowSeconds: 1 },
      { limit: 600, windowSeconds: 60 },
      { limit: 5000, windowSeconds: 3600 },
      { limit: 600, windowSeconds: 60 },
      { limit: 100, windowSeconds: 30 },
      { limit: 1000, windowSeconds: 86_400 },
      'none',
    ]);
  });

  it('write an expiry relative to now and a rate in words', () => {
    const now = new Date('2026-12-04T10:00:00Z');
    const later = (ms: number): Date => new Date(now.getTime() + ms);
    expect([null, now, later(-1), later(30_000), later(60_000), later(90 * 60_000), later(36 * 3_600_000), later(3 * 86_400_000 - 5)].map((at) => expiresText(at, now))).toEqual([
      '-',
      'expired',
      'expired',
      'in less than a minute',
      'in 1 minute',
      'in 2 hours',
      'in 2 days',
      'in 3 days',
    ]);
    expect([{ limit: 600, windowSeconds: 60 }, { limit: 10, windowSeconds: 1 }, { limit: 5000, windowSeconds: 7200 }, { limit: 7, windowSeconds: 90 }].map(rateText)).toEqual([
      '600 per minute',
      '10 per second',
      '5000 per 2 hours',
      '7 per 90 seconds',
    ]);
  });
});

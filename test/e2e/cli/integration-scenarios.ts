import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { expectFailure, jsonOf, runCli, type CliBackend, type CliRun } from './cli-harness';

const SUMMARY_KEYS = ['createdAt', 'email', 'endpoint', 'id', 'identityLinkUrl', 'lastUsedAt', 'name', 'notSecure', 'orphaned', 'policy', 'setupType', 'status', 'statusReason', 'updatedAt', 'usesTokenExchange'];
const VIEW_KEYS = [...SUMMARY_KEYS, 'access'].sort();
/** A row of the list: the summary and its allowed calls of the last 24 hours. */
const LIST_ITEM_KEYS = [...SUMMARY_KEYS, 'calls24h'].sort();
const CREDENTIAL_KEYS = ['accessToken', 'accessTokenSecret', 'consumerKey', 'consumerSecret'];

interface View {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly endpoint: string | null;
  readonly access: { readonly resourceAccess: string; readonly resources: string[]; readonly excluded: string[] };
}
interface Credentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
}
interface Saved {
  readonly integration: View;
  readonly activation?: { readonly mode: string; readonly credentials?: Credentials; readonly identityLinkUrl?: string; readonly consumerKey?: string };
}

/** A third party's callback URL: answers 200 and keeps what was posted to it. */
async function startCallback(): Promise<{ server: Server; url: string; posts: URLSearchParams[] }> {
  const posts: URLSearchParams[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      posts.push(new URLSearchParams(body));
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`, posts };
}

/** Every integration command, its text and `--json` output and its refusals, on one backend. */
export function integrationScenarios(open: () => Promise<CliBackend>): void {
  let backend: CliBackend;
  const cli = (...args: string[]): Promise<CliRun> => runCli(args, backend.env);

  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend.close());

  it('creates, lists, shows and updates integrations (text and JSON), and refuses what the core refuses', async () => {
    const created = await cli('integration:create', '--name', 'ERP sync', '--email', 'ops@example.com', '--all');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Integration "ERP sync" created \(inactive\), ID [0-9a-f-]{36}\.\nActivate it with: portcullis integration:activate 'ERP sync'\n$/);

    const custom = jsonOf<Saved>(
      await cli('integration:create', '--name', 'Shop', '--email', 'shop@example.com', '--resources', 'Portcullis::portcullis,Portcullis::roles', '--exclude', 'Portcullis::integrations', '--json'),
    );
    expect(Object.keys(custom)).toEqual(['integration']);
    expect(Object.keys(custom.integration).sort()).toEqual(VIEW_KEYS);
    expect(custom.integration).toMatchObject({
      name: 'Shop',
      status: 'inactive',
      access: { resourceAccess: 'custom', resources: ['Portcullis::portcullis', 'Portcullis::roles'], excluded: ['Portcullis::integrations'] },
    });

    const [taken, unknownResource, badEmail, unknownRef] = await Promise.all([
      cli('integration:create', '--name', 'ERP sync', '--email', 'x@example.com', '--all'),
      cli('integration:create', '--name', 'Other', '--email', 'x@example.com', '--resources', 'Nope::nothing'),
      cli('integration:create', '--name', 'Other', '--email', 'not-an-email', '--all', '--json'),
      cli('integration:show', 'no such thing'),
    ]);
    expectFailure(taken, 1, 'The integration with name "ERP sync" exists.');
    expectFailure(unknownResource, 1, 'The ACL resource "Nope::nothing" does not exist.');
    expect(badEmail.code).toBe(1);
    expect(JSON.parse(badEmail.stderr)).toEqual({ error: { code: expect.stringMatching(/^VALIDATION\./) as unknown, message: expect.any(String) as unknown, exitCode: 1 } });
    expectFailure(unknownRef, 1, 'No integration has the ID or name "no such thing".');

    const table = await cli('integration:list');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +STATUS +SETUP +EMAIL +ENDPOINT +CALLS 24H +EXPIRES +ID$/);
    expect(lines.slice(1, 3).map((line) => line.split(/ {2,}/).slice(0, 3))).toEqual([
      ['ERP sync', 'inactive', 'manual'],
      ['Shop', 'inactive', 'manual'],
    ]);
    // Columns line up: every row has its STATUS where the header has it.
    const statusColumn = (lines[0] ?? '').indexOf('STATUS');
    expect(lines.slice(1, 3).map((line) => line.slice(statusColumn, statusColumn + 8))).toEqual(['inactive', 'inactive']);
    expect(lines[3]).toBe('1-2 of 2 (page 1, 20 per page)');

    const page = jsonOf<{ items: Array<Record<string, unknown>>; total: number; page: number; pageSize: number }>(
      await cli('integration:list', '--status', 'inactive', '--name', 'S', '--page', '2', '--page-size', '1', '--json'),
    );
    expect({ total: page.total, page: page.page, pageSize: page.pageSize, names: page.items.map((item) => item.name) }).toEqual({
      total: 2,
      page: 2,
      pageSize: 1,
      names: ['Shop'],
    });
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual(LIST_ITEM_KEYS);

    const byName = jsonOf<View>(await cli('integration:show', 'erp SYNC', '--json'));
    expect(Object.keys(byName).sort()).toEqual(VIEW_KEYS);
    expect(byName).toMatchObject({ name: 'ERP sync', access: { resourceAccess: 'all', resources: [], excluded: [] } });
    const byId = await cli('integration:show', byName.id);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toContain(`ID:               ${byName.id}\n`);
    expect(byId.stdout).toMatch(/^Name: +ERP sync\n/);
    expect(byId.stdout).toMatch(/\nResource access: +all\n/);

    const updated = jsonOf<Saved>(
      await cli('integration:update', 'shop', '--name', 'Shop 2', '--endpoint', 'https://shop.example.com/cb', '--all', '--json'),
    );
    expect(updated.integration).toMatchObject({ id: custom.integration.id, name: 'Shop 2', endpoint: 'https://shop.example.com/cb', access: { resourceAccess: 'all' } });
    expect(updated.activation).toBeUndefined();
    const cleared = await cli('integration:update', 'Shop 2', '--endpoint', '');
    expect({ code: cleared.code, stdout: cleared.stdout }).toEqual({ code: 0, stdout: 'Integration "Shop 2" updated.\n' });
    expect(jsonOf<View>(await cli('integration:show', 'Shop 2', '--json')).endpoint).toBeNull();

    const [renameTaken, missingRef] = await Promise.all([
      cli('integration:update', 'Shop 2', '--name', 'erp sync'),
      cli('integration:update', 'Nobody', '--all'),
    ]);
    expectFailure(renameTaken, 1, /^error: The integration with name "erp sync" exists\.$/i);
    expectFailure(missingRef, 1, 'No integration has the ID or name "Nobody".');
  });

  it('sets, shows and clears the credential policy, and refuses bad forms (2) and bad ranges (1)', async () => {
    const created = jsonOf<Saved & { integration: { policy: unknown } }>(
      await cli('integration:create', '--name', 'Policy', '--email', 'p@example.com', '--all', '--read-only', '--expires-at', '2099-01-31T00:00:00Z', '--allowed-ips', '203.0.113.0/24', '--rate-limit', '600/min', '--json'),
    );
    const restricted = { readOnly: true, expiresAt: '2099-01-31T00:00:00.000Z', allowedIps: ['203.0.113.0/24'], rateLimit: { limit: 600, windowSeconds: 60 } };
    expect(created.integration.policy).toEqual(restricted);
    // Read back from the database by another process.
    expect(jsonOf<{ policy: unknown }>(await cli('integration:show', 'Policy', '--json')).policy).toEqual(restricted);
    const text = await cli('integration:show', 'Policy');
    expect(text.stdout).toMatch(/\nRead-only: +yes \(GET, HEAD and OPTIONS only\)\nExpires at: +2099-01-31T00:00:00\.000Z \(in \d+ days\)\nAllowed IPs: +203\.0\.113\.0\/24\nRate limit: +600 per minute\n/);
    const listed = jsonOf<{ items: Array<{ name: string; policy: unknown }> }>(await cli('integration:list', '--name', 'Policy', '--json'));
    expect(listed.items.map((item) => item.policy)).toEqual([{ expiresAt: '2099-01-31T00:00:00.000Z', allowedIps: ['203.0.113.0/24'], rateLimit: { limit: 600, windowSeconds: 60 } }]);
    expect((await cli('integration:list', '--name', 'Policy')).stdout).toMatch(/\n.*Policy.* in \d+ days +[0-9a-f-]{36}\n/);

    const renamed = jsonOf<{ integration: { policy: unknown } }>(await cli('integration:update', 'Policy', '--email', 'q@example.com', '--json'));
    expect(renamed.integration.policy).toEqual(restricted);
    await cli('integration:update', 'Policy', '--no-read-only', '--expires-at', 'never', '--allowed-ips', 'any', '--rate-limit', 'none');
    expect(jsonOf<{ policy: unknown }>(await cli('integration:show', 'Policy', '--json')).policy).toEqual({ readOnly: false, expiresAt: null, allowedIps: [], rateLimit: null });

    const [bothExpiries, badRate, badRange] = await Promise.all([
      cli('integration:update', 'Policy', '--expires-at', 'never', '--expires-in', '90d'),
      cli('integration:update', 'Policy', '--rate-limit', '600'),
      cli('integration:update', 'Policy', '--allowed-ips', '10.0.0.1/8'),
    ]);
    expectFailure(bothExpiries, 2, "option '--expires-at <time>' cannot be used with option '--expires-in <duration>'.");
    expectFailure(badRate, 2, "option '--rate-limit <N/window>' argument '600' is invalid. Expected N/window");
    expectFailure(badRange, 1, '"10.0.0.1/8" in "allowedIps" is not a network');
    await cli('integration:delete', 'Policy', '--yes');
  });

  it('lists the integrations unused for some days', async () => {
    // Every integration here was created moments ago: none is unused for a day yet.
    expect(jsonOf<{ total: number }>(await cli('integration:list', '--unused-for', '1d', '--json')).total).toBe(0);
    expectFailure(await cli('integration:list', '--unused-for', '12h'), 2, "option '--unused-for <days>' argument '12h' is invalid. Expected whole days from 1 to 36500, such as 90d.");
  });

  it('prints secrets only for activate, reauthorize, credentials and --activate; revoke stops them', async () => {
    const activated = await cli('integration:activate', 'ERP sync');
    expect(activated.code).toBe(0);
    const value = (label: string): string => new RegExp(`^${label}: +(\\S+)$`, 'm').exec(activated.stdout)?.[1] ?? '';
    const credentials: Credentials = {
      consumerKey: value('Consumer key'),
      consumerSecret: value('Consumer secret'),
      accessToken: value('Access token'),
      accessTokenSecret: value('Access token secret'),
    };
    expect(activated.stdout.split('\n')[0]).toBe('Integration "ERP sync" activated. Its credentials (keep them secret):');
    const secrets: string[] = [credentials.consumerKey, credentials.consumerSecret, credentials.accessToken, credentials.accessTokenSecret];
    expect(secrets.every((secret) => secret.length >= 32)).toBe(true);

    const shown = jsonOf<Credentials>(await cli('integration:credentials', 'erp sync', '--json'));
    expect(Object.keys(shown).sort()).toEqual(CREDENTIAL_KEYS);
    expect(shown).toEqual(credentials);
    const text = await cli('integration:credentials', 'ERP sync');
    expect(text.stdout).toContain(`Access token secret:  ${credentials.accessTokenSecret}\n`);

    const [again, show, list, listJson, showJson] = await Promise.all([
      cli('integration:activate', 'ERP sync'),
      cli('integration:show', 'ERP sync'),
      cli('integration:list'),
      cli('integration:list', '--json'),
      cli('integration:show', 'ERP sync', '--json'),
    ]);
    expectFailure(again, 1, /^error: .*ERP sync.*/);
    for (const run of [show, list, listJson, showJson, again]) {
      for (const secret of [credentials.consumerSecret, credentials.accessToken, credentials.accessTokenSecret]) {
        expect(run.stdout + run.stderr).not.toContain(secret);
      }
    }
    expect(jsonOf<View>(showJson).status).toBe('active');

    const reauthorized = jsonOf<Saved>(await cli('integration:reauthorize', 'ERP sync', '--json'));
    expect(Object.keys(reauthorized).sort()).toEqual(['activation', 'integration']);
    expect(reauthorized.activation?.mode).toBe('local');
    expect(reauthorized.activation?.credentials?.consumerKey).toBe(credentials.consumerKey);
    expect(reauthorized.activation?.credentials?.accessToken).not.toBe(credentials.accessToken);

    const revoked = jsonOf<{ integration: View }>(await cli('integration:revoke', 'ERP sync', '--json'));
    expect(revoked.integration.status).toBe('inactive');
    const revokedText = await cli('integration:revoke', 'ERP sync');
    expect(revokedText.stdout).toBe('Integration "ERP sync" revoked: its tokens no longer work; it is inactive until activated again.\n');
    expectFailure(await cli('integration:credentials', 'ERP sync'), 1, /^error: .*ERP sync/);
    expectFailure(await cli('integration:reauthorize', 'ERP sync'), 1, /^error: .*ERP sync/);

    const saveAndActivate = jsonOf<Saved>(await cli('integration:create', '--name', 'Quick', '--email', 'q@example.com', '--all', '--activate', '--json'));
    expect(saveAndActivate.integration.status).toBe('active');
    expect(Object.keys(saveAndActivate.activation?.credentials ?? {}).sort()).toEqual(CREDENTIAL_KEYS);
  });

  it('activation with an endpoint and identity link posts the consumer to the callback and prints the identity link', async () => {
    const callback = await startCallback();
    // The callback listens on loopback, which the CLI reaches only once allowed.
    const reaching = (...args: string[]): Promise<CliRun> => runCli(args, { ...backend.env, OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1' });
    try {
      const created = jsonOf<Saved>(
        await cli('integration:create', '--name', 'Exchange', '--email', 'x@example.com', '--endpoint', callback.url, '--identity-link', 'https://partner.example.com/login', '--all', '--json'),
      );
      expect(created.integration).toMatchObject({ usesTokenExchange: true, notSecure: true });
      const activated = await reaching('integration:activate', 'Exchange');
      expect(activated.code).toBe(0);
      const link = activated.stdout.trimEnd().split('\n').at(-1) ?? '';
      expect(link).toMatch(/^https:\/\/partner\.example\.com\/login\?oauth_consumer_key=\w+&success_call_back=/);
      expect(activated.stdout).toContain(`posted to ${callback.url}.`);
      expect(callback.posts).toHaveLength(1);
      const posted = callback.posts[0] ?? new URLSearchParams();
      expect(new URL(link).searchParams.get('oauth_consumer_key')).toBe(posted.get('oauth_consumer_key'));
      // The consumer secret goes to the third party only, never to the terminal.
      expect(activated.stdout).not.toContain(posted.get('oauth_consumer_secret') ?? '<none>');

      const again = jsonOf<Saved>(await reaching('integration:reauthorize', 'Exchange', '--json'));
      expect(again.activation).toEqual({ mode: 'exchange', identityLinkUrl: expect.stringContaining('https://partner.example.com/login?') as unknown, consumerKey: posted.get('oauth_consumer_key') });
    } finally {
      await new Promise((resolve) => callback.server.close(resolve));
    }
  });

  it('deletes only with --yes when not run from a terminal', async () => {
    const refused = await cli('integration:delete', 'Quick');
    expectFailure(refused, 2, 'integration:delete asks for confirmation: add --yes to delete "Quick" when not run from a terminal.');
    expect(jsonOf<View>(await cli('integration:show', 'Quick', '--json')).name).toBe('Quick');

    const deleted = jsonOf<{ deleted: { id: string; name: string } }>(await cli('integration:delete', 'quick', '--yes', '--json'));
    expect(deleted).toEqual({ deleted: { id: expect.any(String) as unknown, name: 'Quick' } });
    const text = await cli('integration:delete', 'Exchange', '-y');
    expect({ code: text.code, stdout: text.stdout }).toEqual({ code: 0, stdout: 'Integration "Exchange" deleted.\n' });
    expectFailure(await cli('integration:delete', 'Quick', '--yes'), 1, 'No integration has the ID or name "Quick".');
  });
}

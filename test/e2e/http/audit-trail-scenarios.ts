import { join } from 'node:path';
import { type LightMyRequestResponse } from 'fastify';
import { rawQueriesOn, siblingMysqlDatabase, siblingMysqlUrl } from '../../integration/persistence/audit-databases';
import { type PageJson, expectSafeError } from './admin-api-support';
import { startTestServer, type BackendKind, type TestServer } from './server-harness';

/** An entry as GET /rest/V1/audit answers it. */
export interface AuditEntryJson {
  seq: number;
  occurredAt: string;
  actor: { kind: string; id: string | null; name: string | null };
  action: string;
  target: { kind: string; id: string | null; name: string | null };
  source: { ip: string | null; userAgent: string | null; requestId: string | null } | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

const AUDIT = '/rest/V1/audit';
const USER_AGENT = 'audit-e2e/1.0 (test)';
const PASSWORD = 'Heron-2026-pass';
const ENTRY_KEYS = ['action', 'actor', 'details', 'hash', 'occurredAt', 'prevHash', 'seq', 'source', 'target'];

/**
 * The admin API records each change with the signed-in admin and the request it came in (address,
 * user agent, request id); sign-in facts with whoever signed in; and the trail reads back over
 * GET /rest/V1/audit and /integrations/{id}/history. One server per suite (SQLite or MariaDB).
 */
export function auditTrailHttpScenarios(kind: BackendKind): void {
  let t: TestServer;
  let token: string;
  let adminId: string;
  let requests = 0;
  /** Every secret this suite was given or issued: none may be stored in the trail. */
  const secrets: string[] = [PASSWORD];

  /** One admin API call, as a browser or script makes it: its own request id. */
  const call = async (method: string, url: string, body?: unknown, as: string | null = token): Promise<{ response: LightMyRequestResponse; requestId: string }> => {
    requests += 1;
    const requestId = `audit-req-${requests}`;
    const response = await t.call(method, url, {
      ...(as !== null ? { token: as } : {}),
      ...(body !== undefined ? { body } : {}),
      headers: { 'user-agent': USER_AGENT, 'x-request-id': requestId },
    });
    return { response, requestId };
  };
  const ok = async (method: string, url: string, body?: unknown, status = 200): Promise<{ json: Record<string, unknown>; requestId: string }> => {
    const { response, requestId } = await call(method, url, body);
    if (response.statusCode !== status) throw new Error(`${method} ${url} answered ${response.statusCode} ${response.body}`);
    return { json: response.json<Record<string, unknown>>(), requestId };
  };
  const confirmed = (body: Record<string, unknown>): Record<string, unknown> => ({ ...body, currentPassword: t.adminPassword });
  const trail = async (query = ''): Promise<AuditEntryJson[]> => {
    const { json } = await ok('GET', `${AUDIT}?pageSize=200${query}`);
    return (json as unknown as PageJson<AuditEntryJson>).items;
  };

  beforeAll(async () => {
    t = await startTestServer(kind, { mysqlDatabase: siblingMysqlDatabase('e2e_audit_http'), config: { signInLockout: { maxFailures: 2 } } });
    secrets.push(t.adminPassword);
    token = await t.signIn();
    secrets.push(token);
    adminId = (((await ok('GET', '/rest/V1/admin-users?pageSize=200')).json.items as Array<{ id: string; username: string }>).find((user) => user.username === 'admin') ?? { id: '' }).id;
  });
  afterAll(() => t.close());

  it('records every change made through the admin API with the admin (id and username) and the request: IP, user agent, request id', async () => {
    const expected: Array<[string, string]> = [];
    const expect$ = (requestId: string, ...actions: string[]): void => {
      for (const action of actions) expected.push([action, requestId]);
    };

    const role = await ok('POST', '/rest/V1/roles', confirmed({ name: 'Support', resourceAccess: 'custom', resources: ['Portcullis::integrations'] }), 201);
    expect$(role.requestId, 'role.created', 'role.grant_changed');
    const roleId = role.json.id as string;
    expect$((await ok('PUT', `/rest/V1/roles/${roleId}`, confirmed({ name: 'Sales Support', resourceAccess: 'custom', resources: ['Portcullis::roles'] }))).requestId, 'role.renamed', 'role.grant_changed');
    const user = await ok('POST', '/rest/V1/admin-users', confirmed({ username: 'jane', firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com', password: PASSWORD, roleId }), 201);
    expect$(user.requestId, 'admin_user.created');
    const userId = user.json.id as string;
    secrets.push('Heron-2026-next');
    expect$(
      (await ok('PUT', `/rest/V1/admin-users/${userId}`, confirmed({ lastName: 'Roe', password: 'Heron-2026-next', active: false }))).requestId,
      'admin_user.profile_changed',
      'admin_user.deactivated',
      'admin_user.password_changed',
    );
    expect$((await ok('PUT', `/rest/V1/admin-users/${userId}`, confirmed({ active: true }))).requestId, 'admin_user.activated');

    const created = await ok('POST', '/rest/V1/integrations', confirmed({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'custom', resources: ['Portcullis::acl'], activate: true }), 201);
    expect$(created.requestId, 'integration.created', 'integration.grant_changed', 'integration.activated');
    const integrationId = (created.json.integration as { id: string }).id;
    const first = (created.json.activation as { credentials: Record<string, string> }).credentials;
    secrets.push(first.consumerSecret ?? '', first.accessToken ?? '', first.accessTokenSecret ?? '');
    const changed = await ok('PUT', `/rest/V1/integrations/${integrationId}`, confirmed({ name: 'ERP 2', resourceAccess: 'custom', resources: ['Portcullis::roles'] }));
    expect$(changed.requestId, 'integration.grant_changed', 'integration.updated');
    expect$((await ok('GET', `/rest/V1/integrations/${integrationId}/credentials`)).requestId, 'integration.credentials_viewed');
    const again = await ok('POST', `/rest/V1/integrations/${integrationId}/reauthorize`);
    expect$(again.requestId, 'integration.reauthorized');
    const second = (again.json.activation as { credentials: Record<string, string> }).credentials;
    secrets.push(second.accessToken ?? '', second.accessTokenSecret ?? '');
    expect$((await ok('POST', `/rest/V1/integrations/${integrationId}/revoke`)).requestId, 'integration.revoked');
    expect$((await ok('DELETE', `/rest/V1/integrations/${integrationId}`)).requestId, 'integration.deleted');
    expect$((await ok('DELETE', `/rest/V1/admin-users/${userId}`)).requestId, 'admin_user.deleted');
    expect$((await ok('DELETE', `/rest/V1/roles/${roleId}`)).requestId, 'role.deleted');

    const requestIds = new Set(expected.map(([, requestId]) => requestId));
    const made = (await trail()).filter((entry) => entry.source !== null && requestIds.has(entry.source.requestId ?? '')).reverse();
    expect(made.map((entry) => [entry.action, entry.source?.requestId])).toEqual(expected);
    for (const entry of made) {
      expect(Object.keys(entry).sort()).toEqual(ENTRY_KEYS);
      expect({ actor: entry.actor, source: { ...entry.source, requestId: null } }).toEqual({
        actor: { kind: 'admin', id: adminId, name: 'admin' },
        source: { ip: '127.0.0.1', userAgent: USER_AGENT, requestId: null },
      });
    }
    expect(made.find((entry) => entry.action === 'integration.updated')?.details).toEqual({ by: 'admin', changed: ['name'], previousName: 'ERP' });
    expect(made.filter((entry) => entry.action === 'integration.grant_changed').map((entry) => entry.details)).toEqual([
      { added: ['Portcullis::portcullis', 'Portcullis::acl'], removed: [], allResources: { before: false, after: false } },
      { added: ['Portcullis::roles'], removed: ['Portcullis::acl'], allResources: { before: false, after: false } },
    ]);

    // The integration's history, newest first, outlives it.
    const history = (await ok('GET', `/rest/V1/integrations/${integrationId}/history?pageSize=3`)).json as unknown as PageJson<AuditEntryJson>;
    expect({ total: history.total, page: history.page, pageSize: history.pageSize }).toEqual({ total: 9, page: 1, pageSize: 3 });
    expect(history.items.map((entry) => entry.action)).toEqual(['integration.deleted', 'integration.revoked', 'integration.reauthorized']);
  });

  it('records sign-in facts with whoever signed in, and the request; a username nobody has is kept nowhere', async () => {
    await ok('POST', '/rest/V1/admin-users', confirmed({ username: 'john', firstName: 'John', lastName: 'Doe', email: 'john@example.com', password: PASSWORD, roleId: await administratorsRoleId() }), 201);
    const users = (await ok('GET', '/rest/V1/admin-users?pageSize=200')).json.items as Array<{ id: string; username: string }>;
    const johnId = users.find((user) => user.username === 'john')?.id ?? '';

    const signedIn = await call('POST', '/rest/V1/integration/admin/token', { username: 'john', password: PASSWORD }, null);
    expect(signedIn.response.statusCode).toBe(200);
    const johnToken = signedIn.response.json<string>();
    secrets.push(johnToken);
    const unknown = await call('POST', '/rest/V1/integration/admin/token', { username: 'Nobody-At-All-7', password: 'Typed-Secret-7' }, null);
    secrets.push('Typed-Secret-7', 'Nobody-At-All-7');
    expect(unknown.response.statusCode).toBe(401);
    const wrong = [await call('POST', '/rest/V1/integration/admin/token', { username: 'john', password: 'Wrong-2026-pass' }, null)];
    wrong.push(await call('POST', '/rest/V1/integration/admin/token', { username: 'john', password: 'Wrong-2026-pass' }, null));
    secrets.push('Wrong-2026-pass');
    const unlocked = await ok('POST', `/rest/V1/admin-users/${johnId}/unlock`);
    const again = await call('POST', '/rest/V1/integration/admin/token', { username: 'john', password: PASSWORD }, null);
    const signOut = await call('DELETE', '/rest/V1/integration/admin/token', undefined, again.response.json<string>());
    secrets.push(again.response.json<string>());

    const byRequest = new Map((await trail()).filter((entry) => entry.action.startsWith('admin.')).map((entry) => [`${entry.action} ${entry.source?.requestId ?? ''}`, entry]));
    const john = { kind: 'admin', id: johnId, name: 'john' };
    const nobody = { kind: 'anonymous', id: null, name: null };
    const at = (action: string, requestId: string): AuditEntryJson | undefined => byRequest.get(`${action} ${requestId}`);
    expect(at('admin.sign_in_succeeded', signedIn.requestId)).toMatchObject({ actor: john, target: { kind: 'admin_user', id: johnId, name: 'john' }, source: { ip: '127.0.0.1', userAgent: USER_AGENT } });
    expect(at('admin.sign_in_failed', unknown.requestId)).toMatchObject({ actor: nobody, target: { kind: 'admin_user', id: null, name: null }, details: { knownUser: false } });
    expect(at('admin.sign_in_failed', wrong[0]?.requestId ?? '')).toMatchObject({ actor: john, details: { knownUser: true } });
    expect(at('admin.sign_in_locked', wrong[1]?.requestId ?? '')).toMatchObject({ actor: john, details: { knownUser: true, lockedUntil: expect.any(String) as unknown } });
    expect(at('admin.sign_in_unlocked', unlocked.requestId)).toMatchObject({ actor: { kind: 'admin', id: adminId, name: 'admin' }, target: { id: johnId, name: 'john' }, details: { failures: 2 } });
    expect(at('admin.signed_out', signOut.requestId)).toMatchObject({ actor: john, target: { id: johnId } });
  });

  it('answers GET /rest/V1/audit filtered, paged, newest first; only to admins allowed Portcullis::audit', async () => {
    const all = (await ok('GET', `${AUDIT}?pageSize=5`)).json as unknown as PageJson<AuditEntryJson>;
    expect(Object.keys(all).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
    expect(all.items.map((entry) => entry.seq)).toEqual([all.total, all.total - 1, all.total - 2, all.total - 3, all.total - 4]);
    expect(all.items[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(all.items[0]?.prevHash).toBe(all.items[1]?.hash);

    expect((await trail('&actor=john')).every((entry) => entry.actor.name === 'john')).toBe(true);
    expect((await trail('&actor=anonymous')).map((entry) => entry.action)).toEqual(['admin.sign_in_failed']);
    expect((await trail('&action=role.deleted')).map((entry) => entry.target.name)).toEqual(['Sales Support']);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(await trail(`&from=${future}`)).toEqual([]);
    expect((await trail(`&to=${future}&action=integration.deleted`)).length).toBe(1);
    const refused = await call('GET', `${AUDIT}?action=integration.exploded&from=yesterday`);
    expect(expectSafeError(refused.response, 400).errors?.map((error) => error.field).sort()).toEqual(['action', 'from']);
    expect((await call('GET', AUDIT, undefined, null)).response.statusCode).toBe(401);

    // A role without Portcullis::audit is refused; one with it reads.
    const limited = await ok('POST', '/rest/V1/roles', confirmed({ name: 'Integrations only', resourceAccess: 'custom', resources: ['Portcullis::integrations'] }), 201);
    await ok('POST', '/rest/V1/admin-users', confirmed({ username: 'lee', firstName: 'Lee', lastName: 'Doe', email: 'lee@example.com', password: PASSWORD, roleId: limited.json.id }), 201);
    const leeToken = await t.signIn('lee', PASSWORD);
    secrets.push(leeToken);
    const forbidden = await call('GET', AUDIT, undefined, leeToken);
    expect(expectSafeError(forbidden.response, 403).parameters).toMatchObject({ resources: 'Portcullis::audit' });
    expect((await call('GET', `/rest/V1/integrations/unknown-id/history`, undefined, leeToken)).response.statusCode).toBe(404);
  });

  it('keeps no secret, password or token in any stored entry (every column of every row searched)', async () => {
    const url = kind === 'sqlite' ? `sqlite:${join(t.dataDir, 'portcullis.sqlite')}` : siblingMysqlUrl('e2e_audit_http');
    const raw = rawQueriesOn(url);
    try {
      const stored = JSON.stringify([...(await raw.query('SELECT * FROM audit_entry')), ...(await raw.query('SELECT * FROM audit_anchor'))]);
      expect(stored).toContain('integration.credentials_viewed');
      expect(secrets.length).toBeGreaterThan(12);
      for (const secret of secrets) {
        expect(secret).not.toBe('');
        expect([secret, stored.includes(secret)]).toEqual([secret, false]);
      }
    } finally {
      await raw.close();
    }
  });

  /** The id of the Administrators role. */
  async function administratorsRoleId(): Promise<string> {
    const roles = (await ok('GET', '/rest/V1/roles?pageSize=200')).json.items as Array<{ id: string; name: string }>;
    return roles.find((role) => role.name === 'Administrators')?.id ?? '';
  }
}

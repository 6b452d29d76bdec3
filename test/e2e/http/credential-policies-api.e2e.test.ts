import { type LightMyRequestResponse } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { SystemClock } from '../../../src/adapters/system/system-clock';
import { describeMysql } from '../../integration/persistence/backends';
import { R, SHOP_ACL } from '../../support/acl-fixtures';
import { forwardAuthHeaders, signedHeader, type IntegrationCredentials } from './forward-auth-support';
import { startTestServer, type BackendKind, type TestServer } from './server-harness';

/*
 * Credential policies through the admin REST API: `policy` on create and update and in every view,
 * the 400s of a bad policy or grace period, POST …/rotate-secret, and rotation with a grace period
 * in real time (the server runs on the system clock): the replaced token or secret works until the
 * grace ends, then is refused; a revocation cuts everything at once. Calls are checked through
 * forward-auth, signed by oauth-1.0a.
 */

const BASE = '/rest/V1/integrations';
const PUBLIC = 'https://shop.test';
const SERVER_START_TIMEOUT = 60_000;
/** The grace of the real-time tests, and how long they wait for it to end. */
const GRACE_SECONDS = 2;
const PAST_GRACE_MS = 2_500;

interface PolicyJson {
  readOnly?: boolean;
  expiresAt: string | null;
  allowedIps: string[];
  rateLimit: { limit: number; windowSeconds: number } | null;
}
interface IntegrationJson {
  id: string;
  name: string;
  policy: PolicyJson;
}
interface SavedJson {
  integration: IntegrationJson;
  activation?: { mode: 'local'; credentials: IntegrationCredentials; previousTokenValidUntil?: string };
}
interface ErrorJson {
  message: string;
  code: string;
  errors?: { field: string; message: string }[];
}

const OPEN_POLICY: PolicyJson = { readOnly: false, expiresAt: null, allowedIps: [], rateLimit: null };

function credentialPoliciesSuite(kind: BackendKind, mysqlDatabase: string): void {
  let t: TestServer;
  let token: string;
  let counter = 0;

  beforeAll(async () => {
    t = await startTestServer(kind, { mysqlDatabase, config: { publicBaseUrl: PUBLIC }, overrides: { aclResources: [SHOP_ACL], clock: new SystemClock() } });
    token = await t.signIn();
  }, SERVER_START_TIMEOUT);
  afterAll(() => t?.close());

  const create = (extra: Record<string, unknown> = {}): Promise<LightMyRequestResponse> =>
    t.call('POST', BASE, {
      token,
      body: { name: `Policy client ${++counter}`, email: 'ops@erp.example', resourceAccess: 'custom', resources: [R.orders], currentPassword: t.adminPassword, ...extra },
    });
  const created = async (extra: Record<string, unknown> = {}): Promise<SavedJson> => {
    const response = await create(extra);
    expect(response.statusCode).toBe(201);
    return response.json<SavedJson>();
  };
  const update = (id: string, body: Record<string, unknown>): Promise<LightMyRequestResponse> =>
    t.call('PUT', `${BASE}/${id}`, { token, body: { currentPassword: t.adminPassword, ...body } });
  const get = async (id: string): Promise<IntegrationJson> => (await t.call('GET', `${BASE}/${id}`, { token })).json<IntegrationJson>();
  const listed = async (id: string): Promise<Record<string, unknown> | undefined> =>
    (await t.call('GET', `${BASE}?pageSize=200`, { token })).json<{ items: Array<Record<string, unknown>> }>().items.find((item) => item.id === id);
  const listedByName = async (name: string): Promise<Record<string, unknown> | undefined> =>
    (await t.call('GET', `${BASE}?pageSize=200`, { token })).json<{ items: Array<Record<string, unknown>> }>().items.find((item) => item.name === name);
  /** Forward-auth's answer to a GET /rest/V1/orders signed with `credentials`, now. */
  const ask = (credentials: IntegrationCredentials): Promise<LightMyRequestResponse> =>
    t.call('GET', '/rest/V1/authorize', { headers: forwardAuthHeaders(signedHeader(credentials, { publicBaseUrl: PUBLIC }), R.orders) });
  const expectRefused = async (credentials: IntegrationCredentials, code: string, message: string): Promise<void> => {
    const response = await ask(credentials);
    expect([response.statusCode, response.json<ErrorJson>()]).toEqual([401, expect.objectContaining({ code, message })]);
  };
  const activated = async (): Promise<{ id: string; credentials: IntegrationCredentials }> => {
    const saved = await created({ activate: true });
    if (saved.activation === undefined) throw new Error('expected a local activation');
    return { id: saved.integration.id, credentials: saved.activation.credentials };
  };
  const post = (id: string, action: string, body?: unknown): Promise<LightMyRequestResponse> =>
    t.call('POST', `${BASE}/${id}/${action}`, { token, ...(body !== undefined ? { body } : {}) });

  describe('policy on create and update', () => {
    const policy = {
      readOnly: true,
      expiresAt: '2031-01-31T00:00:00+01:00',
      allowedIps: ['10.0.0.0/8', '2001:db8::/32'],
      rateLimit: { limit: 600, windowSeconds: 60 },
    };
    const shown: PolicyJson = { ...policy, expiresAt: '2031-01-30T23:00:00.000Z' };

    it('saves a policy and reads it back: GET one and save answers with readOnly, list items without', async () => {
      const { integration } = await created({ policy });
      expect(integration.policy).toEqual(shown);
      expect((await get(integration.id)).policy).toEqual(shown);
      const { readOnly: _readOnly, ...withoutReadOnly } = shown;
      expect((await listed(integration.id))?.policy).toEqual(withoutReadOnly);
    });

    it('is open without a policy', async () => {
      const { integration } = await created();
      expect(integration.policy).toEqual(OPEN_POLICY);
      expect((await listed(integration.id))?.policy).toEqual({ expiresAt: null, allowedIps: [], rateLimit: null });
    });

    it('changes only the parts an update sends; null clears expiry and rate limit, [] the allowlist', async () => {
      const { integration } = await created({ policy });
      const limited = await update(integration.id, { policy: { rateLimit: { limit: 5, windowSeconds: 1 } } });
      expect(limited.statusCode).toBe(200);
      expect(limited.json<SavedJson>().integration.policy).toEqual({ ...shown, rateLimit: { limit: 5, windowSeconds: 1 } });

      const cleared = await update(integration.id, { policy: { readOnly: false, expiresAt: null, allowedIps: [], rateLimit: null } });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json<SavedJson>().integration.policy).toEqual(OPEN_POLICY);
      expect((await get(integration.id)).policy).toEqual(OPEN_POLICY);

      const named = await update(integration.id, { name: `Renamed ${integration.name}` });
      expect(named.json<SavedJson>().integration.policy).toEqual(OPEN_POLICY);
    });
  });

  describe('refused policies and grace periods (400 naming the field)', () => {
    it.each([
      [
        'an address that is not a CIDR range',
        { allowedIps: ['10.0.0.0/8', '10.0.0.300/8'] },
        'policy.allowedIps',
        '"10.0.0.300/8" in "allowedIps" is not an IPv4 or IPv6 address or CIDR range (such as 203.0.113.0/24 or 2001:db8::/32).',
      ],
      [
        'a range with host bits set',
        { allowedIps: ['10.1.2.3/8'] },
        'policy.allowedIps',
        '"10.1.2.3/8" in "allowedIps" is not a network: the address has bits set past its /8 prefix. Did you mean 10.0.0.0/8? (A single address is written without a prefix: 10.1.2.3.)',
      ],
      ['a rate limit of 0 requests', { rateLimit: { limit: 0, windowSeconds: 60 } }, 'policy.rateLimit.limit', '"rateLimit.limit" must be at least 1.'],
      [
        'an expiry that is not a date and time',
        { expiresAt: 'tomorrow' },
        'policy.expiresAt',
        '"policy.expiresAt" must be a date and time with Z or an offset (2027-01-31T00:00:00Z), or null for never.',
      ],
      ['an unknown policy field', { colour: 'red' }, 'policy.colour', '"policy.colour" is not a known field.'],
    ])('refuses %s, on create and on update, saving nothing', async (_case, policy, field, message) => {
      const refusal = { message: 'One or more input exceptions have occurred.', code: 'VALIDATION.FAILED', parameters: { fields: [field] }, errors: [{ field, message }] };
      const name = `Refused ${++counter}`;
      const refused = await t.call('POST', BASE, {
        token,
        body: { name, email: 'ops@erp.example', resourceAccess: 'custom', resources: [R.orders], policy, currentPassword: t.adminPassword },
      });
      expect([refused.statusCode, refused.json()]).toEqual([400, refusal]);
      expect(await listedByName(name)).toBeUndefined();

      const { integration } = await created();
      const refusedUpdate = await update(integration.id, { policy });
      expect([refusedUpdate.statusCode, refusedUpdate.json()]).toEqual([400, refusal]);
      expect((await get(integration.id)).policy).toEqual(OPEN_POLICY);
    });

    it.each(['reauthorize', 'rotate-secret'])('refuses graceSeconds 604801 (over 7 days) on %s', async (action) => {
      const { id, credentials } = await activated();
      const refused = await post(id, action, { graceSeconds: 604_801 });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<ErrorJson>().errors).toEqual([{ field: 'graceSeconds', message: '"graceSeconds" must be a whole number of seconds from 0 to 604800 (7 days).' }]);
      expect((await ask(credentials)).statusCode).toBe(200);
    });
  });

  describe('POST /rest/V1/integrations/{id}/rotate-secret', () => {
    it('answers a new consumer secret (same key), never cached; without grace the old one is refused at once', async () => {
      const { id, credentials } = await activated();
      const response = await post(id, 'rotate-secret');
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const rotated = response.json<{ integration: IntegrationJson; consumerKey: string; consumerSecret: string; previousSecretValidUntil: string }>();
      expect(rotated.integration.id).toBe(id);
      expect(rotated.consumerKey).toBe(credentials.consumerKey);
      expect(rotated.consumerSecret).toMatch(/^[0-9a-z]{32}$/);
      expect(rotated.consumerSecret).not.toBe(credentials.consumerSecret);
      expect(Date.parse(rotated.previousSecretValidUntil)).toBeLessThanOrEqual(Date.now());

      expect((await ask({ ...credentials, consumerSecret: rotated.consumerSecret })).statusCode).toBe(200);
      await expectRefused(credentials, 'OAUTH.SIGNATURE_INVALID', 'The signature is invalid. Verify and try again.');
      const shown = (await t.call('GET', `${BASE}/${id}/credentials`, { token })).json<IntegrationCredentials>();
      expect(shown.consumerSecret).toBe(rotated.consumerSecret);
    });
  });

  describe('rotation with a grace period, in real time', () => {
    it(`reauthorize with graceSeconds ${GRACE_SECONDS}: the old token works until the grace ends, then 401 OAUTH.TOKEN_EXPIRED; the new one works`, async () => {
      const { id, credentials: old } = await activated();
      const started = Date.now();
      const response = await post(id, 'reauthorize', { graceSeconds: GRACE_SECONDS });
      expect(response.statusCode).toBe(200);
      const { activation } = response.json<SavedJson>();
      const fresh = activation?.credentials as IntegrationCredentials;
      expect(fresh.accessToken).not.toBe(old.accessToken);
      const until = Date.parse(activation?.previousTokenValidUntil ?? '');
      expect(until - started).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000 - 1000);
      expect(until - Date.now()).toBeLessThanOrEqual(GRACE_SECONDS * 1000);

      expect((await ask(old)).statusCode).toBe(200);
      expect((await ask(fresh)).statusCode).toBe(200);
      await sleep(PAST_GRACE_MS);
      await expectRefused(old, 'OAUTH.TOKEN_EXPIRED', 'The access token has expired');
      expect((await ask(fresh)).statusCode).toBe(200);
    });

    it(`rotate-secret with graceSeconds ${GRACE_SECONDS}: the old secret signs until the grace ends, then its signature is invalid`, async () => {
      const { id, credentials: old } = await activated();
      const response = await post(id, 'rotate-secret', { graceSeconds: GRACE_SECONDS });
      expect(response.statusCode).toBe(200);
      const rotated = response.json<{ consumerSecret: string; previousSecretValidUntil: string }>();
      expect(Date.parse(rotated.previousSecretValidUntil) - Date.now()).toBeLessThanOrEqual(GRACE_SECONDS * 1000);
      const fresh = { ...old, consumerSecret: rotated.consumerSecret };

      expect((await ask(old)).statusCode).toBe(200);
      expect((await ask(fresh)).statusCode).toBe(200);
      await sleep(PAST_GRACE_MS);
      await expectRefused(old, 'OAUTH.SIGNATURE_INVALID', 'The signature is invalid. Verify and try again.');
      expect((await ask(fresh)).statusCode).toBe(200);
    });

    it('a revocation during the graces cuts the old and the new token, and the old secret, at once (activated again, the old secret stays refused)', async () => {
      const { id, credentials: old } = await activated();
      const fresh = (await post(id, 'reauthorize', { graceSeconds: 600 })).json<SavedJson>().activation?.credentials as IntegrationCredentials;
      const secret = (await post(id, 'rotate-secret', { graceSeconds: 600 })).json<{ consumerSecret: string }>().consumerSecret;
      const calls = { oldTokenOldSecret: old, newTokenOldSecret: fresh, newTokenNewSecret: { ...fresh, consumerSecret: secret } };
      for (const credentials of Object.values(calls)) expect((await ask(credentials)).statusCode).toBe(200);

      expect((await post(id, 'revoke')).statusCode).toBe(200);
      for (const credentials of Object.values(calls)) await expectRefused(credentials, 'OAUTH.TOKEN_REVOKED', 'Access token has been revoked');
      // Activated again, the secret rotated out within its grace no longer signs: the revocation ended that grace too.
      const again = (await post(id, 'activate')).json<SavedJson>().activation?.credentials as IntegrationCredentials;
      expect(again.consumerSecret).toBe(secret);
      expect((await ask(again)).statusCode).toBe(200);
      await expectRefused({ ...again, consumerSecret: old.consumerSecret }, 'OAUTH.SIGNATURE_INVALID', 'The signature is invalid. Verify and try again.');
    });
  });
}

describe('credential policies over the admin API (SQLite)', () => credentialPoliciesSuite('sqlite', 'unused'));
describeMysql('credential policies over the admin API (MariaDB)', () => credentialPoliciesSuite('mysql', 'p32_e2e_policies_api'));

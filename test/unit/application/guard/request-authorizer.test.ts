import { type AuthenticatedPrincipal, type Authenticator, type CredentialRequest, type IntegrationPrincipal } from '../../../../src/application/guard/authenticator';
import { IntegrationUsage } from '../../../../src/application/guard/integration-usage';
import { RequestAuthorizer } from '../../../../src/application/guard/request-authorizer';
import { ACL_TREE_PROVIDER, type AclTreeProvider } from '../../../../src/application/ports/acl-tree.port';
import { type GuardDecisions } from '../../../../src/application/ports/guard-decisions.port';
import { CLOCK, type Clock } from '../../../../src/application/ports/clock.port';
import { RATE_LIMITER, type RateLimit, type RateLimitDecision, type RateLimiter } from '../../../../src/application/ports/rate-limiter.port';
import { RateLimitExceededError } from '../../../../src/application/guard/guard.errors';
import { CredentialPolicy, type CredentialPolicyChange } from '../../../../src/domain/integration/credential-policy.value-object';
import { refusalOf } from '../../../../src/application/guard/guard-refusals';
import { type RefusalReason } from '../../../../src/domain/usage/usage';
import { AccessTokenExpiredError, SignatureInvalidError } from '../../../../src/domain/oauth/oauth-problems';
import { adminActor } from '../../../../src/application/access/actor';
import { Grant } from '../../../../src/domain/acl/grant.value-object';
import { R } from '../../../support/acl-fixtures';
import { anIntegration } from '../../../support/integration-fixtures';
import { testCore, type TestCore } from '../../../support/test-core';

const request: CredentialRequest = { method: 'GET', url: '/rest/V1/orders', headers: { authorization: 'Test me' }, baseUrl: 'https://shop.test' };

/** An authenticator that recognises requests carrying `X-Test: <its name>` and records being asked. */
class NamedAuthenticator implements Authenticator {
  asked = 0;
  constructor(
    readonly principalKind: AuthenticatedPrincipal['kind'],
    private readonly name: string,
    private readonly principal: AuthenticatedPrincipal,
  ) {}

  authenticate(candidate: CredentialRequest): Promise<AuthenticatedPrincipal | null> {
    this.asked += 1;
    return Promise.resolve(candidate.headers['x-test'] === this.name ? this.principal : null);
  }
}

const admin: AuthenticatedPrincipal = { kind: 'admin', actor: adminActor('u1'), adminUserId: 'u1', username: 'ada', roleId: 'r1', grant: Grant.custom([R.orders]), readOnly: false };

/** An integration principal (Bridge, writable, open policy unless `policy` changes it). */
function integrationOf(integrationId: string, grant: Grant, options: { readOnly?: boolean; policy?: CredentialPolicyChange } = {}): IntegrationPrincipal {
  return { kind: 'integration', integrationId, name: 'Bridge', grant, readOnly: options.readOnly ?? false, policy: CredentialPolicy.open().with(options.policy ?? {}) };
}

/** The container's rate limiter, counting the tokens asked of it. */
class CountingRateLimiter implements RateLimiter {
  takes = 0;
  constructor(private readonly inner: RateLimiter) {}
  take(key: string, rate: RateLimit, now: number): RateLimitDecision | Promise<RateLimitDecision> {
    this.takes += 1;
    return this.inner.take(key, rate, now);
  }
}

function authorizerOf(core: TestCore, authenticators: Authenticator[], decisions?: GuardDecisions, rateLimiter?: RateLimiter): RequestAuthorizer {
  return new RequestAuthorizer({
    authenticators,
    unrecognised: () => new Error('nobody recognised it'),
    aclTree: core.container.get<AclTreeProvider>(ACL_TREE_PROVIDER),
    usage: core.container.get(IntegrationUsage),
    rateLimiter: rateLimiter ?? core.container.get<RateLimiter>(RATE_LIMITER),
    clock: core.container.get<Clock>(CLOCK),
    ...(decisions !== undefined ? { decisions } : {}),
  });
}

/** Decisions as they are told: the refusal reason (null: allowed) and the start mark they carry. */
class RecordedDecisions implements GuardDecisions {
  readonly told: Array<[RefusalReason | null, number]> = [];
  private marks = 0;
  started(): number {
    return ++this.marks;
  }
  decided(refusal: RefusalReason | null, startedAt: number): void {
    this.told.push([refusal, startedAt]);
  }
}

/** An authenticator that identifies integration `id` and then refuses its signature. */
const refusingSignature = (id: string): Authenticator => ({
  principalKind: 'integration',
  authenticate: () => Promise.reject(refusalOf(new SignatureInvalidError(), id)),
});

describe('RequestAuthorizer (one path for every door)', () => {
  it('asks the authenticators in order and the first that recognises the request decides', async () => {
    const core = testCore();
    const first = new NamedAuthenticator('admin', 'first', admin);
    const second = new NamedAuthenticator('admin', 'second', { ...admin, username: 'second' });
    const third = new NamedAuthenticator('admin', 'second', { ...admin, username: 'third' });
    const { principal, rateLimit } = await authorizerOf(core, [first, second, third]).authorize({ ...request, headers: { 'x-test': 'second' } }, { all: [R.orders] });

    expect(principal).toMatchObject({ kind: 'admin', username: 'second' });
    expect(rateLimit).toBeNull();
    expect([first.asked, second.asked, third.asked]).toEqual([1, 1, 0]);
  });

  it('refuses with the door’s own refusal when none recognises the request', async () => {
    const core = testCore();
    await expect(authorizerOf(core, [new NamedAuthenticator('admin', 'a', admin)]).authorize(request, { all: [] })).rejects.toThrow('nobody recognised it');
  });

  it('does not ask authenticators of kinds the door does not accept', async () => {
    const core = testCore();
    const integration = new NamedAuthenticator('integration', 'x', integrationOf('i1', Grant.all()));
    const authorizer = authorizerOf(core, [integration, new NamedAuthenticator('admin', 'x', admin)]);

    await expect(authorizer.authorize({ ...request, headers: { 'x-test': 'x' } }, { all: [] }, (kind) => kind === 'admin')).resolves.toMatchObject({ principal: { kind: 'admin' } });
    expect(integration.asked).toBe(0);
  });

  it('checks the principal’s grant, addressing an admin as "Your role" and an integration as "The consumer"', async () => {
    const core = testCore();
    const consumer = new NamedAuthenticator('integration', 'i', integrationOf('i1', Grant.none()));
    const authorizer = authorizerOf(core, [consumer, new NamedAuthenticator('admin', 'a', admin)]);

    await expect(authorizer.authorize({ ...request, headers: { 'x-test': 'a' } }, { all: [R.customers, R.orders] })).rejects.toMatchObject({
      code: 'ACCESS.DENIED',
      message: `Your role isn't authorized to access ${R.customers}.`,
    });
    await expect(authorizer.authorize({ ...request, headers: { 'x-test': 'i' } }, { all: [], anyOf: [R.orders, R.customers] })).rejects.toMatchObject({
      code: 'ACCESS.DENIED',
      message: `The consumer isn't authorized to access any of ${R.orders}, ${R.customers}.`,
    });
  });

  it('records the use of an integration it let through (lastUsedAt), not of one it refused', async () => {
    const core = testCore();
    const id = await anIntegration(core, { resourceAccess: 'custom', resources: [R.orders] });
    const lastUsed = async (): Promise<Date | null> => (await core.integrations.findById(id))?.toSnapshot().lastUsedAt ?? null;
    const refused = authorizerOf(core, [new NamedAuthenticator('integration', 'i', integrationOf(id, Grant.none()))]);
    await expect(refused.authorize({ ...request, headers: { 'x-test': 'i' } }, { all: [R.orders] })).rejects.toMatchObject({ code: 'ACCESS.DENIED' });
    expect(await lastUsed()).toBeNull();

    const allowed = authorizerOf(core, [new NamedAuthenticator('integration', 'i', integrationOf(id, Grant.custom([R.orders])))]);
    await allowed.authorize({ ...request, headers: { 'x-test': 'i' } }, { all: [R.orders] });
    expect(await lastUsed()).toEqual(core.clock.now());
  });

  it('tells every decision once, with its reason, to the decisions port', async () => {
    const core = testCore();
    const decisions = new RecordedDecisions();
    const authorizer = authorizerOf(core, [new NamedAuthenticator('admin', 'a', admin), refusingSignature('i1')], decisions);

    await authorizer.authorize({ ...request, headers: { 'x-test': 'a' } }, { all: [R.orders] });
    await expect(authorizer.authorize({ ...request, headers: { 'x-test': 'a' } }, { all: [R.customers] })).rejects.toMatchObject({ code: 'ACCESS.DENIED' });
    await expect(authorizer.authorize(request, { all: [] })).rejects.toMatchObject({ code: 'OAUTH.SIGNATURE_INVALID' });

    expect(decisions.told).toEqual([
      [null, 1],
      ['forbidden', 2],
      ['signature', 3],
    ]);
  });

  it('counts each call in its integration\'s usage: allowed, refused for a missing resource, refused by an authenticator that identified it', async () => {
    const core = testCore();
    core.clock.advance(1800);
    const id = await anIntegration(core, { resourceAccess: 'custom', resources: [R.orders] });
    const principal = integrationOf(id, Grant.custom([R.orders]));
    const authorizer = authorizerOf(core, [new NamedAuthenticator('integration', 'i', principal), refusingSignature(id)]);
    const asIntegration = { ...request, headers: { 'x-test': 'i' } };

    await authorizer.authorize(asIntegration, { all: [R.orders] });
    await authorizer.authorize(asIntegration, { all: [R.orders] });
    await expect(authorizer.authorize(asIntegration, { all: [R.customers] })).rejects.toMatchObject({ code: 'ACCESS.DENIED' });
    await expect(authorizer.authorize(request, { all: [R.orders] })).rejects.toMatchObject({ code: 'OAUTH.SIGNATURE_INVALID' });
    // Nobody recognised it: no integration to count it for.
    await expect(authorizerOf(core, []).authorize(request, { all: [] })).rejects.toThrow('nobody recognised it');

    expect((await core.portcullis.integrations.usage({ id })).totals).toEqual({ allowed: 2, refused: { forbidden: 1, signature: 1 } });
  });

  describe('credential policy and read-only access (authenticate → address → rate limit → read-only → grant)', () => {
    const asBridge = (extra: Partial<CredentialRequest> = {}): CredentialRequest => ({ ...request, headers: { 'x-test': 'i' }, ...extra });
    const bridge = (principal: IntegrationPrincipal): NamedAuthenticator => new NamedAuthenticator('integration', 'i', principal);

    it('leaves expiry to the authenticators: it does not check a principal’s expiry again, and counts their refusal as expired', async () => {
      const core = testCore();
      const decisions = new RecordedDecisions();
      const expired = integrationOf('i1', Grant.all(), { policy: { expiresAt: new Date(core.clock.now().getTime() - 1000) } });
      const refusingExpired: Authenticator = { principalKind: 'integration', authenticate: () => Promise.reject(refusalOf(new AccessTokenExpiredError(), 'i1')) };

      await expect(authorizerOf(core, [bridge(expired)], decisions).authorize(asBridge(), { all: [R.orders] })).resolves.toMatchObject({ principal: { integrationId: 'i1' } });
      await expect(authorizerOf(core, [refusingExpired], decisions).authorize(request, { all: [R.orders] })).rejects.toMatchObject({
        code: 'OAUTH.TOKEN_EXPIRED',
        message: 'The access token has expired',
      });
      expect(decisions.told.map(([reason]) => reason)).toEqual([null, 'expired']);
    });

    it('refuses an address outside the allowlist (or an unknown one) before the rate limiter is asked: a refused address spends no token', async () => {
      const core = testCore();
      const limiter = new CountingRateLimiter(core.container.get<RateLimiter>(RATE_LIMITER));
      const principal = integrationOf('i1', Grant.all(), { policy: { allowedIps: ['10.0.0.0/8'], rateLimit: { limit: 1, windowSeconds: 60 } } });
      const authorizer = authorizerOf(core, [bridge(principal)], undefined, limiter);

      for (let call = 0; call < 3; call += 1) {
        await expect(authorizer.authorize(asBridge({ clientAddress: '192.0.2.7' }), { all: [R.orders] })).rejects.toMatchObject({
          code: 'GUARD.ADDRESS_NOT_ALLOWED',
          kind: 'forbidden',
          message: 'Calls from 192.0.2.7 are not allowed for this integration: its IP allowlist does not include that address.',
          parameters: { address: '192.0.2.7' },
        });
      }
      await expect(authorizer.authorize(asBridge(), { all: [R.orders] })).rejects.toMatchObject({ code: 'GUARD.ADDRESS_NOT_ALLOWED', parameters: {} });
      expect(limiter.takes).toBe(0);

      // The one request the bucket holds is still there for an allowed address.
      await expect(authorizer.authorize(asBridge({ clientAddress: '10.1.2.3' }), { all: [R.orders] })).resolves.toMatchObject({ rateLimit: { allowed: true, limit: 1, remaining: 0 } });
      expect(limiter.takes).toBe(1);
    });

    it('refuses a call over the rate limit with RateLimitExceededError carrying the decision, and allows again once the bucket refills', async () => {
      const core = testCore();
      const principal = integrationOf('i1', Grant.all(), { policy: { rateLimit: { limit: 2, windowSeconds: 60 } } });
      const authorizer = authorizerOf(core, [bridge(principal)]);

      await authorizer.authorize(asBridge(), { all: [R.orders] });
      await authorizer.authorize(asBridge(), { all: [R.orders] });
      const refusal: unknown = await authorizer.authorize(asBridge(), { all: [R.orders] }).then(
        () => null,
        (error: unknown) => error,
      );

      expect(refusal).toBeInstanceOf(RateLimitExceededError);
      expect(refusal).toMatchObject({
        code: 'GUARD.RATE_LIMITED',
        kind: 'rate-limited',
        message: 'Rate limit exceeded: this integration may make 2 requests per 60 seconds. Retry after 30 seconds.',
        parameters: { limit: 2, windowSeconds: 60, retryAfterSeconds: 30 },
      });
      expect((refusal as RateLimitExceededError).decision).toEqual({ allowed: false, limit: 2, windowSeconds: 60, remaining: 0, resetSeconds: 60, retryAfterSeconds: 30 });

      core.clock.advance(30);
      await expect(authorizer.authorize(asBridge(), { all: [R.orders] })).resolves.toMatchObject({ rateLimit: { allowed: true, remaining: 0 } });
    });

    it('returns the rate limit’s decision with an allowed call, and none without a limit', async () => {
      const core = testCore();
      const limited = authorizerOf(core, [bridge(integrationOf('i1', Grant.all(), { policy: { rateLimit: { limit: 600, windowSeconds: 60 } } }))]);
      const open = authorizerOf(core, [bridge(integrationOf('i2', Grant.all()))]);

      await expect(limited.authorize(asBridge(), { all: [R.orders] })).resolves.toEqual({
        principal: expect.objectContaining({ integrationId: 'i1' }) as unknown,
        rateLimit: { allowed: true, limit: 600, windowSeconds: 60, remaining: 599, resetSeconds: 1, retryAfterSeconds: 0 },
      });
      await expect(open.authorize(asBridge(), { all: [R.orders] })).resolves.toMatchObject({ rateLimit: null });
    });

    it('checks the rate limit before read-only access: a read-only write spends a token', async () => {
      const core = testCore();
      const principal = integrationOf('i1', Grant.all(), { readOnly: true, policy: { rateLimit: { limit: 1, windowSeconds: 60 } } });
      const authorizer = authorizerOf(core, [bridge(principal)]);

      await expect(authorizer.authorize(asBridge({ method: 'POST' }), { all: [R.orders] })).rejects.toMatchObject({ code: 'GUARD.READ_ONLY' });
      await expect(authorizer.authorize(asBridge(), { all: [R.orders] })).rejects.toMatchObject({ code: 'GUARD.RATE_LIMITED' });
    });

    it('refuses a read-only integration’s or admin role’s write on a route that requires resources, each worded for its caller', async () => {
      const core = testCore();
      const authorizer = authorizerOf(core, [bridge(integrationOf('i1', Grant.all(), { readOnly: true })), new NamedAuthenticator('admin', 'a', { ...admin, readOnly: true })]);

      await expect(authorizer.authorize(asBridge({ method: 'post' }), { all: [R.orders] })).rejects.toMatchObject({
        code: 'GUARD.READ_ONLY',
        kind: 'forbidden',
        message: 'The integration is read-only: only GET, HEAD and OPTIONS requests are allowed, not POST.',
        parameters: { method: 'POST' },
      });
      await expect(authorizer.authorize({ ...request, method: 'DELETE', headers: { 'x-test': 'a' } }, { all: [R.orders] })).rejects.toMatchObject({
        code: 'GUARD.READ_ONLY',
        message: 'Your role is read-only: only GET, HEAD and OPTIONS requests are allowed, not DELETE.',
      });
    });

    it('lets a read-only principal use GET, HEAD and OPTIONS, and write where the route requires no resources', async () => {
      const core = testCore();
      const authorizer = authorizerOf(core, [bridge(integrationOf('i1', Grant.all(), { readOnly: true })), new NamedAuthenticator('admin', 'a', { ...admin, readOnly: true })]);

      for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) {
        await expect(authorizer.authorize(asBridge({ method }), { all: [R.orders] })).resolves.toMatchObject({ principal: { kind: 'integration' } });
      }
      await expect(authorizer.authorize(asBridge({ method: 'POST' }), { all: [] })).resolves.toMatchObject({ principal: { kind: 'integration' } });
      await expect(authorizer.authorize({ ...request, method: 'POST', headers: { 'x-test': 'a' } }, { all: [] })).resolves.toMatchObject({ principal: { kind: 'admin' } });
      // A route that requires any one of some resources requires resources too.
      await expect(authorizer.authorize({ ...request, method: 'POST', headers: { 'x-test': 'a' } }, { all: [], anyOf: [R.orders] })).rejects.toMatchObject({ code: 'GUARD.READ_ONLY' });
    });

    it('refuses read-only before the grant: a read-only write the grant would not allow either is read_only', async () => {
      const core = testCore();
      const decisions = new RecordedDecisions();
      const authorizer = authorizerOf(core, [bridge(integrationOf('i1', Grant.none(), { readOnly: true }))], decisions);

      await expect(authorizer.authorize(asBridge({ method: 'PUT' }), { all: [R.orders] })).rejects.toMatchObject({ code: 'GUARD.READ_ONLY' });
      expect(decisions.told).toEqual([['read_only', 1]]);
    });

    it('counts each refusal of the policy in its integration’s usage by its own reason', async () => {
      const core = testCore();
      core.clock.advance(1800);
      const id = await anIntegration(core, { resourceAccess: 'custom', resources: [R.orders] });
      const decisions = new RecordedDecisions();
      const principal = integrationOf(id, Grant.custom([R.orders]), { readOnly: true, policy: { allowedIps: ['10.0.0.0/8'], rateLimit: { limit: 2, windowSeconds: 60 } } });
      const refusingExpired: Authenticator = { principalKind: 'integration', authenticate: () => Promise.reject(refusalOf(new AccessTokenExpiredError(), id)) };
      const authorizer = authorizerOf(core, [bridge(principal), refusingExpired], decisions);
      const from = (clientAddress: string, method = 'GET'): CredentialRequest => asBridge({ clientAddress, method });

      await authorizer.authorize(from('10.0.0.1'), { all: [R.orders] });
      await expect(authorizer.authorize(from('10.0.0.1', 'POST'), { all: [R.orders] })).rejects.toMatchObject({ code: 'GUARD.READ_ONLY' });
      await expect(authorizer.authorize(from('10.0.0.1'), { all: [R.orders] })).rejects.toMatchObject({ code: 'GUARD.RATE_LIMITED' });
      await expect(authorizer.authorize(from('192.0.2.1'), { all: [R.orders] })).rejects.toMatchObject({ code: 'GUARD.ADDRESS_NOT_ALLOWED' });
      await expect(authorizer.authorize(request, { all: [R.orders] })).rejects.toMatchObject({ code: 'OAUTH.TOKEN_EXPIRED' });

      expect(decisions.told.map(([reason]) => reason)).toEqual([null, 'read_only', 'rate_limited', 'address', 'expired']);
      expect((await core.portcullis.integrations.usage({ id })).totals).toEqual({ allowed: 1, refused: { read_only: 1, rate_limited: 1, address: 1, expired: 1 } });
    });
  });
});

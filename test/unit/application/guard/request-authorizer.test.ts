import { type AuthenticatedPrincipal, type Authenticator, type CredentialRequest } from '../../../../src/application/guard/authenticator';
import { IntegrationUsage } from '../../../../src/application/guard/integration-usage';
import { RequestAuthorizer } from '../../../../src/application/guard/request-authorizer';
import { ACL_TREE_PROVIDER, type AclTreeProvider } from '../../../../src/application/ports/acl-tree.port';
import { type GuardDecisions } from '../../../../src/application/ports/guard-decisions.port';
import { refusalOf } from '../../../../src/application/guard/guard-refusals';
import { type RefusalReason } from '../../../../src/domain/usage/usage';
import { SignatureInvalidError } from '../../../../src/domain/oauth/oauth-problems';
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

const admin: AuthenticatedPrincipal = { kind: 'admin', actor: adminActor('u1'), adminUserId: 'u1', username: 'ada', roleId: 'r1', grant: Grant.custom([R.orders]) };

function authorizerOf(core: TestCore, authenticators: Authenticator[], decisions?: GuardDecisions): RequestAuthorizer {
  return new RequestAuthorizer({
    authenticators,
    unrecognised: () => new Error('nobody recognised it'),
    aclTree: core.container.get<AclTreeProvider>(ACL_TREE_PROVIDER),
    usage: core.container.get(IntegrationUsage),
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
    const principal = await authorizerOf(core, [first, second, third]).authorize({ ...request, headers: { 'x-test': 'second' } }, { all: [R.orders] });

    expect(principal).toMatchObject({ kind: 'admin', username: 'second' });
    expect([first.asked, second.asked, third.asked]).toEqual([1, 1, 0]);
  });

  it('refuses with the door’s own refusal when none recognises the request', async () => {
    const core = testCore();
    await expect(authorizerOf(core, [new NamedAuthenticator('admin', 'a', admin)]).authorize(request, { all: [] })).rejects.toThrow('nobody recognised it');
  });

  it('does not ask authenticators of kinds the door does not accept', async () => {
    const core = testCore();
    const integration = new NamedAuthenticator('integration', 'x', { kind: 'integration', integrationId: 'i1', name: 'Bridge', grant: Grant.all() });
    const authorizer = authorizerOf(core, [integration, new NamedAuthenticator('admin', 'x', admin)]);

    await expect(authorizer.authorize({ ...request, headers: { 'x-test': 'x' } }, { all: [] }, (kind) => kind === 'admin')).resolves.toMatchObject({ kind: 'admin' });
    expect(integration.asked).toBe(0);
  });

  it('checks the principal’s grant, addressing an admin as "Your role" and an integration as "The consumer"', async () => {
    const core = testCore();
    const consumer = new NamedAuthenticator('integration', 'i', { kind: 'integration', integrationId: 'i1', name: 'Bridge', grant: Grant.none() });
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
    const refused = authorizerOf(core, [new NamedAuthenticator('integration', 'i', { kind: 'integration', integrationId: id, name: 'Bridge', grant: Grant.none() })]);
    await expect(refused.authorize({ ...request, headers: { 'x-test': 'i' } }, { all: [R.orders] })).rejects.toMatchObject({ code: 'ACCESS.DENIED' });
    expect(await lastUsed()).toBeNull();

    const allowed = authorizerOf(core, [new NamedAuthenticator('integration', 'i', { kind: 'integration', integrationId: id, name: 'Bridge', grant: Grant.custom([R.orders]) })]);
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
    const principal = { kind: 'integration' as const, integrationId: id, name: 'Bridge', grant: Grant.custom([R.orders]) };
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
});

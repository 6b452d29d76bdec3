import { type Container } from 'inversify';
import { type TokenExchange } from '../../../../src/application/ports/token-exchange.port';
import { type CreateIntegrationInput } from '../../../../src/application/use-cases/integrations/create-integration.use-case';
import { InMemoryOAuthTokenRepository } from '../../../../src/adapters/in-memory/in-memory-oauth-token.repository';
import { InMemoryRoleRepository } from '../../../../src/adapters/in-memory/in-memory-role.repository';
import { type Role } from '../../../../src/domain/role/role.aggregate';
import { ROLE_REPOSITORY } from '../../../../src/domain/role/role.repository';
import { type OAuthToken } from '../../../../src/domain/token/oauth-token.aggregate';
import { OAUTH_TOKEN_REPOSITORY } from '../../../../src/domain/token/oauth-token.repository';
import { IN_MEMORY_DATABASE } from '../../../../src/infrastructure/container/tokens';
import { type InMemoryDatabase } from '../../../../src/adapters/in-memory/in-memory-database';
import { R } from '../../../support/acl-fixtures';
import { anAdmin, rowCounts, testCore } from '../../../support/test-core';
import { CREDENTIAL, HANDSHAKE_URLS, failingExchange, succeedingExchange } from '../../../support/integration-fixtures';

/** A valid "New Integration" form; override what a test is about. */
function aNewIntegration(overrides: Partial<CreateIntegrationInput> = {}): CreateIntegrationInput {
  return {
    name: 'Shipping Bridge',
    email: 'ops@shipping.example',
    resourceAccess: 'custom',
    resources: [R.orders],
    ...overrides,
  };
}

class FailingRoleRepository extends InMemoryRoleRepository {
  override save(_role: Role): Promise<void> {
    return Promise.reject(new Error('role table unavailable'));
  }
}

class FailingTokenRepository extends InMemoryOAuthTokenRepository {
  override save(_token: OAuthToken): Promise<void> {
    return Promise.reject(new Error('token table unavailable'));
  }
}

const database = (container: Container): InMemoryDatabase => container.get<InMemoryDatabase>(IN_MEMORY_DATABASE);

describe('CreateIntegration', () => {
  describe('success', () => {
    it('registers an inactive, manually set up integration with a 32-char consumer key and secret', async () => {
      const core = testCore();

      const { integration, activation } = await core.portcullis.integrations.create(aNewIntegration());

      expect(activation).toBeUndefined();
      expect(integration).toMatchObject({
        name: 'Shipping Bridge',
        email: 'ops@shipping.example',
        endpoint: null,
        identityLinkUrl: null,
        status: 'inactive',
        setupType: 'manual',
        lastUsedAt: null,
        access: { resourceAccess: 'custom', resources: [R.orders], excluded: [] },
      });
      const stored = await core.integrations.findById(integration.id);
      expect(stored).not.toBeNull();
      expect(stored?.status).toBe('inactive');
      expect(stored?.setupType).toBe('manual');
      expect(stored?.credentials.require('oauth1').key).toMatch(CREDENTIAL);
      expect(stored?.credentials.require('oauth1').secret).toMatch(CREDENTIAL);
      expect(stored?.credentials.require('oauth1').key).not.toBe(stored?.credentials.require('oauth1').secret);
    });

    it('creates the integration role holding the requested grant', async () => {
      const core = testCore();

      const { integration } = await core.portcullis.integrations.create(
        aNewIntegration({ resources: [R.orders], excluded: [R.cancel] }),
      );

      const role = await core.roles.findByIntegrationId(integration.id);
      expect(role).not.toBeNull();
      expect(role?.kind).toBe('integration');
      expect(role?.grant.toSnapshot()).toEqual({ mode: 'custom', selected: [R.orders], excluded: [R.cancel] });
      expect(rowCounts(core)).toMatchObject({ integrations: 1, roles: 1, tokens: 0 });
    });

    it('returns a view without the consumer key or secret', async () => {
      const core = testCore();

      const { integration } = await core.portcullis.integrations.create(aNewIntegration());

      const stored = await core.integrations.findById(integration.id);
      const serialized = JSON.stringify(integration);
      expect(serialized).not.toContain(stored?.credentials.require('oauth1').key);
      expect(serialized).not.toContain(stored?.credentials.require('oauth1').secret);
      expect(integration).not.toHaveProperty('consumerKey');
      expect(integration).not.toHaveProperty('consumerSecret');
    });

    it('trims the name before storing it', async () => {
      const core = testCore();

      const { integration } = await core.portcullis.integrations.create(aNewIntegration({ name: '   Shipping Bridge \t' }));

      expect(integration.name).toBe('Shipping Bridge');
      expect((await core.integrations.findById(integration.id))?.name).toBe('Shipping Bridge');
    });

    it("grants everything with resourceAccess 'all'", async () => {
      const core = testCore();

      const { integration } = await core.portcullis.integrations.create({ name: 'Everything', email: 'all@example.com', resourceAccess: 'all' });

      expect(integration.access).toEqual({ resourceAccess: 'all', resources: [], excluded: [] });
      expect((await core.roles.findByIntegrationId(integration.id))?.grant.isAll).toBe(true);
    });
  });

  describe('name uniqueness', () => {
    it.each(['Shipping Bridge', 'SHIPPING bridge', '  shipping bridge  '])(
      'refuses "%s" when "Shipping Bridge" exists, leaving the first one alone',
      async (name) => {
        const core = testCore();
        await core.portcullis.integrations.create(aNewIntegration({ name: 'Shipping Bridge' }));
        const before = rowCounts(core);

        await expect(core.portcullis.integrations.create(aNewIntegration({ name, email: 'other@example.com' }))).rejects.toMatchObject({
          code: 'INTEGRATION.NAME_TAKEN',
          message: `The integration with name "${name.trim()}" exists.`,
        });
        expect(rowCounts(core)).toEqual(before);
      },
    );
  });

  describe('concurrent creation', () => {
    it('lets only one of two simultaneous creations with the same name succeed', async () => {
      const core = testCore();

      const results = await Promise.allSettled([
        core.portcullis.integrations.create(aNewIntegration({ name: 'Twin' })),
        core.portcullis.integrations.create(aNewIntegration({ name: 'TWIN' })),
      ]);

      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected?.reason).toMatchObject({ code: 'INTEGRATION.NAME_TAKEN' });
      expect(rowCounts(core)).toMatchObject({ integrations: 1, roles: 1 });
    });
  });

  describe('validation', () => {
    const longUrl = `https://example.com/${'a'.repeat(240)}`;
    it.each([
      { label: 'an email without @', field: 'email', value: 'not-an-email', code: 'VALIDATION.EMAIL_INVALID' },
      { label: 'an email without a dotted domain', field: 'email', value: 'ops@localhost', code: 'VALIDATION.EMAIL_INVALID' },
      { label: 'a callback URL that is no URL', field: 'endpoint', value: 'not a url', code: 'VALIDATION.URL_INVALID' },
      { label: 'an ftp: callback URL', field: 'endpoint', value: 'ftp://files.example.com/hook', code: 'VALIDATION.URL_INVALID' },
      { label: 'a relative callback URL', field: 'endpoint', value: '/hook', code: 'VALIDATION.URL_INVALID' },
      { label: 'a callback URL over 255 characters', field: 'endpoint', value: longUrl, code: 'VALIDATION.URL_INVALID' },
      { label: 'a javascript: identity link', field: 'identityLinkUrl', value: 'javascript:alert(1)', code: 'VALIDATION.URL_INVALID' },
      { label: 'an ftp: identity link', field: 'identityLinkUrl', value: 'ftp://files.example.com/login', code: 'VALIDATION.URL_INVALID' },
    ])('refuses $label with $code naming the field and the value (cut to 40 characters)', async ({ field, value, code }) => {
      const core = testCore();

      await expect(core.portcullis.integrations.create(aNewIntegration({ [field]: value }))).rejects.toMatchObject({
        code,
        parameters: { field, value: value.length > 40 ? `${value.slice(0, 40)}…` : value },
      });
      expect(rowCounts(core)).toMatchObject({ integrations: 0, roles: 0 });
    });

    it('refuses a name over 255 characters, naming the field and the start of the value', async () => {
      const core = testCore();
      const name = `Long${'n'.repeat(252)}`;
      expect(name).toHaveLength(256);

      const failure = core.portcullis.integrations.create(aNewIntegration({ name }));

      await expect(failure).rejects.toMatchObject({ code: 'VALIDATION.NAME_INVALID', parameters: { field: 'name' } });
      await expect(failure).rejects.toHaveProperty('parameters.value', expect.stringMatching(/^Longn+/));
      expect(rowCounts(core)).toMatchObject({ integrations: 0, roles: 0 });
    });

    it('accepts a name of exactly 255 characters', async () => {
      const core = testCore();
      const name = 'x'.repeat(255);

      const { integration } = await core.portcullis.integrations.create(aNewIntegration({ name }));

      expect(integration.name).toBe(name);
    });

    it.each([
      { field: 'name', value: '' },
      { field: 'name', value: '   ' },
      { field: 'email', value: '' },
      { field: 'email', value: ' \t ' },
    ])('requires the $field (refuses "$value")', async ({ field, value }) => {
      const core = testCore();

      await expect(core.portcullis.integrations.create(aNewIntegration({ [field]: value }))).rejects.toMatchObject({
        code: 'VALIDATION.REQUIRED',
        parameters: { field },
      });
      expect(rowCounts(core)).toMatchObject({ integrations: 0, roles: 0 });
    });

    it('refuses an unknown resource id, naming it', async () => {
      const core = testCore();
      const unknown = 'Magento_Nope::missing';

      const failure = core.portcullis.integrations.create(aNewIntegration({ resources: [R.orders, unknown] }));

      await expect(failure).rejects.toMatchObject({ code: 'ACL.RESOURCE_UNKNOWN', parameters: { ids: [unknown] } });
      await expect(failure).rejects.toThrow(unknown);
      expect(rowCounts(core)).toMatchObject({ integrations: 0, roles: 0 });
    });
  });

  describe('flags', () => {
    it.each([
      { label: 'an http: callback URL', urls: { endpoint: 'http://partner.example/hook' }, notSecure: true },
      { label: 'an http: identity link', urls: { identityLinkUrl: 'http://partner.example/login' }, notSecure: true },
      { label: 'an upper-case HTTP: URL', urls: { endpoint: 'HTTP://partner.example/hook' }, notSecure: true },
      {
        label: 'one http: and one https: URL',
        urls: { endpoint: 'https://partner.example/hook', identityLinkUrl: 'http://partner.example/login' },
        notSecure: true,
      },
      {
        label: 'https: URLs only',
        urls: { endpoint: 'https://partner.example/hook', identityLinkUrl: 'https://partner.example/login' },
        notSecure: false,
      },
      { label: 'no URLs', urls: {}, notSecure: false },
      { label: 'blank URLs', urls: { endpoint: '  ', identityLinkUrl: '' }, notSecure: false },
    ])('notSecure is $notSecure with $label', async ({ urls, notSecure }) => {
      const overrides: Partial<CreateIntegrationInput> = urls;
      const core = testCore();

      const { integration } = await core.portcullis.integrations.create(aNewIntegration(overrides));

      expect(integration.notSecure).toBe(notSecure);
    });

    it.each([
      { label: 'both URLs', urls: { endpoint: 'https://partner.example/hook', identityLinkUrl: 'https://partner.example/login' }, expected: true },
      { label: 'only the callback URL', urls: { endpoint: 'https://partner.example/hook' }, expected: false },
      { label: 'only the identity link', urls: { identityLinkUrl: 'https://partner.example/login' }, expected: false },
      { label: 'neither URL', urls: {}, expected: false },
    ])('usesTokenExchange is $expected with $label', async ({ urls, expected: usesTokenExchange }) => {
      const overrides: Partial<CreateIntegrationInput> = urls;
      const core = testCore();

      const { integration } = await core.portcullis.integrations.create(aNewIntegration(overrides));

      expect(integration.usesTokenExchange).toBe(usesTokenExchange);
    });

    it('stores blank URLs as not set', async () => {
      const core = testCore();

      const { integration } = await core.portcullis.integrations.create(aNewIntegration({ endpoint: '  ', identityLinkUrl: '' }));

      expect(integration).toMatchObject({ endpoint: null, identityLinkUrl: null });
    });
  });

  describe('no privilege escalation', () => {
    it.each([
      { label: 'All', access: { resourceAccess: 'all' as const }, beyond: ['all'] },
      { label: 'Customers', access: { resourceAccess: 'custom' as const, resources: [R.customers] }, beyond: [R.customers] },
      { label: 'Operations (the parent of Orders)', access: { resourceAccess: 'custom' as const, resources: [R.operations] }, beyond: [R.operations] },
      {
        label: 'Orders and Invoices',
        access: { resourceAccess: 'custom' as const, resources: [R.orders, R.invoices] },
        beyond: [R.invoices],
      },
    ])('refuses an admin holding only Orders who grants $label', async ({ access, beyond }) => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });
      const before = rowCounts(core);

      await expect(
        core.portcullis.integrations.create({ name: 'Escalator', email: 'esc@example.com', ...access, actor }),
      ).rejects.toMatchObject({ code: 'ACCESS.PRIVILEGE_ESCALATION', parameters: { resources: beyond } });
      expect(rowCounts(core)).toEqual(before);
    });

    it.each([
      { label: 'Orders', resources: [R.orders], excluded: [] },
      { label: 'Capture (inside Orders)', resources: [R.capture], excluded: [] },
      { label: 'Orders without Cancel', resources: [R.orders], excluded: [R.cancel] },
    ])('lets an admin holding only Orders grant $label', async ({ resources, excluded }) => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });

      const { integration } = await core.portcullis.integrations.create(aNewIntegration({ resources, excluded, actor }));

      expect(integration.access).toEqual({ resourceAccess: 'custom', resources: [...resources].sort(), excluded });
      expect(await core.integrations.findById(integration.id)).not.toBeNull();
    });
  });

  describe('Save and Activate', () => {
    it('returns the four credentials and an active integration', async () => {
      const core = testCore();

      const { integration, activation } = await core.portcullis.integrations.create(aNewIntegration({ activate: true }));

      expect(integration.status).toBe('active');
      const stored = await core.integrations.findById(integration.id);
      expect(stored?.status).toBe('active');
      expect(activation?.mode).toBe('local');
      if (activation?.mode !== 'local') throw new Error('expected a local activation');
      const { credentials } = activation;
      expect(credentials.consumerKey).toBe(stored?.credentials.require('oauth1').key);
      expect(credentials.consumerSecret).toBe(stored?.credentials.require('oauth1').secret);
      for (const value of Object.values(credentials)) expect(value).toMatch(CREDENTIAL);
      expect(new Set(Object.values(credentials)).size).toBe(4);
      const tokens = await core.tokens.listByIntegrationId(integration.id);
      expect(tokens.map((t) => ({ type: t.type, token: t.token, secret: t.secret }))).toEqual([
        { type: 'access', token: credentials.accessToken, secret: credentials.accessTokenSecret },
      ]);
    });

    it('leaves nothing behind when the integration needs the token exchange and none is available', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'integrator', 'all');
      const before = rowCounts(core);

      await expect(
        core.portcullis.integrations.create(
          aNewIntegration({
            endpoint: 'https://partner.example/hook',
            identityLinkUrl: 'https://partner.example/login',
            activate: true,
            actor,
          }),
        ),
      ).rejects.toMatchObject({ code: 'INTEGRATION.TOKEN_EXCHANGE_UNAVAILABLE', parameters: { name: 'Shipping Bridge' } });
      expect(rowCounts(core)).toEqual(before);
      expect(await core.integrations.findByName('Shipping Bridge')).toBeNull();
    });

    it('starts the exchange with a token exchange available, leaving the integration inactive', async () => {
      const exchange: TokenExchange = succeedingExchange;
      const core = testCore({ tokenExchange: exchange });

      const { integration, activation } = await core.portcullis.integrations.create(
        aNewIntegration({ endpoint: 'https://partner.example/hook', identityLinkUrl: 'https://partner.example/login', activate: true }),
      );

      const stored = await core.integrations.findById(integration.id);
      expect(integration.status).toBe('inactive');
      expect(activation).toEqual({
        mode: 'exchange',
        identityLinkUrl: `https://partner.example/login?oauth_consumer_key=${stored?.credentials.require('oauth1').key ?? '?'}`,
        consumerKey: stored?.credentials.require('oauth1').key,
      });
      // Only the verifier token, whose verifier was posted to the callback URL.
      const tokens = (await core.tokens.listByIntegrationId(integration.id)).map((token) => token.toSnapshot());
      expect(tokens).toEqual([expect.objectContaining({ type: 'verifier', verifier: expect.stringMatching(CREDENTIAL) as string, revoked: false })]);
    });
  });

  describe('all or nothing', () => {
    it('leaves no integration when saving the role fails', async () => {
      const core = testCore({
        override: (c) => c.rebindSync(ROLE_REPOSITORY).toConstantValue(new FailingRoleRepository(database(c))),
      });

      await expect(core.portcullis.integrations.create(aNewIntegration())).rejects.toThrow('role table unavailable');

      expect(rowCounts(core)).toEqual({ integrations: 0, roles: 0, adminUsers: 0, tokens: 0 });
      expect(await core.integrations.findByName('Shipping Bridge')).toBeNull();
    });

    it('leaves no integration, role or token when saving the token fails during Save and Activate', async () => {
      const core = testCore({
        override: (c) => c.rebindSync(OAUTH_TOKEN_REPOSITORY).toConstantValue(new FailingTokenRepository(database(c))),
      });
      const { actor } = await anAdmin(core, 'integrator', 'all');
      const before = rowCounts(core);

      await expect(core.portcullis.integrations.create(aNewIntegration({ activate: true, actor }))).rejects.toThrow('token table unavailable');

      expect(rowCounts(core)).toEqual(before);
      expect(before).toMatchObject({ integrations: 0, tokens: 0 });
      expect(await core.integrations.findByName('Shipping Bridge')).toBeNull();
    });

    it('leaves no integration, role or token when the credentials POST of Save and Activate fails', async () => {
      const core = testCore({ tokenExchange: failingExchange });
      const before = rowCounts(core);

      await expect(core.portcullis.integrations.create(aNewIntegration({ ...HANDSHAKE_URLS, activate: true }))).rejects.toMatchObject({
        code: 'OAUTH.CALLBACK_FAILED',
      });

      expect(rowCounts(core)).toEqual(before);
      expect(await core.integrations.findByName('Shipping Bridge')).toBeNull();
    });

    it('can create the same integration again after a failed attempt', async () => {
      const core = testCore();
      await expect(
        core.portcullis.integrations.create(
          aNewIntegration({ endpoint: 'https://partner.example/hook', identityLinkUrl: 'https://partner.example/login', activate: true }),
        ),
      ).rejects.toMatchObject({ code: 'INTEGRATION.TOKEN_EXCHANGE_UNAVAILABLE' });

      const { integration } = await core.portcullis.integrations.create(aNewIntegration());

      expect(integration.name).toBe('Shipping Bridge');
      expect(rowCounts(core)).toMatchObject({ integrations: 1, roles: 1 });
    });
  });
});

import { type Container } from 'inversify';
import { type InMemoryDatabase } from '../../../../src/adapters/in-memory/in-memory-database';
import { InMemoryOAuthTokenRepository } from '../../../../src/adapters/in-memory/in-memory-oauth-token.repository';
import { InMemoryRoleRepository } from '../../../../src/adapters/in-memory/in-memory-role.repository';
import { type CreateIntegrationInput } from '../../../../src/application/use-cases/integrations/create-integration.use-case';
import { type Role } from '../../../../src/domain/role/role.aggregate';
import { ROLE_REPOSITORY } from '../../../../src/domain/role/role.repository';
import { type OAuthToken } from '../../../../src/domain/token/oauth-token.aggregate';
import { OAUTH_TOKEN_REPOSITORY } from '../../../../src/domain/token/oauth-token.repository';
import { IN_MEMORY_DATABASE } from '../../../../src/infrastructure/container/tokens';
import { R } from '../../../support/acl-fixtures';
import { anAdmin, rowCounts, testCore, type TestCore } from '../../../support/test-core';
import { aConfigIntegration, anIntegration as createIntegration } from '../../../support/integration-fixtures';

const database = (container: Container): InMemoryDatabase => container.get<InMemoryDatabase>(IN_MEMORY_DATABASE);

/** Saves work until `failSaves` is set: lets the setup succeed and the step under test fail. */
class SwitchableTokenRepository extends InMemoryOAuthTokenRepository {
  failSaves = false;
  override save(token: OAuthToken): Promise<void> {
    return this.failSaves ? Promise.reject(new Error('token table unavailable')) : super.save(token);
  }
}

class SwitchableRoleRepository extends InMemoryRoleRepository {
  failSaves = false;
  override save(role: Role): Promise<void> {
    return this.failSaves ? Promise.reject(new Error('role table unavailable')) : super.save(role);
  }
}

async function anIntegration(core: TestCore, overrides: Partial<CreateIntegrationInput> = {}): Promise<string> {
  return createIntegration(core, { endpoint: 'https://shipping.example/hook', ...overrides });
}

describe('UpdateIntegration', () => {
  describe('details', () => {
    it('changes name, email and URLs and moves updatedAt', async () => {
      const core = testCore();
      const id = await anIntegration(core);
      core.clock.advance(60);

      const { integration, activation } = await core.portcullis.integrations.update({
        id,
        name: '  Shipping Bridge v2 ',
        email: 'team@shipping.example',
        endpoint: 'https://shipping.example/v2/hook',
        identityLinkUrl: 'http://shipping.example/login',
      });

      expect(activation).toBeUndefined();
      expect(integration).toMatchObject({
        id,
        name: 'Shipping Bridge v2',
        email: 'team@shipping.example',
        endpoint: 'https://shipping.example/v2/hook',
        identityLinkUrl: 'http://shipping.example/login',
        notSecure: true,
        usesTokenExchange: true,
        status: 'inactive',
      });
      expect(integration.updatedAt.getTime() - integration.createdAt.getTime()).toBe(60_000);
      const stored = (await core.integrations.findById(id))?.toSnapshot();
      expect(stored).toMatchObject({ name: 'Shipping Bridge v2', email: 'team@shipping.example', identityLinkUrl: 'http://shipping.example/login' });
    });

    it('keeps the fields that are omitted, including the grant and the consumer', async () => {
      const core = testCore();
      const id = await anIntegration(core, { identityLinkUrl: 'https://shipping.example/login', resources: [R.orders], excluded: [R.cancel] });
      const before = (await core.integrations.findById(id))?.toSnapshot();

      const { integration } = await core.portcullis.integrations.update({ id, email: 'new@shipping.example' });

      expect(integration).toMatchObject({
        name: 'Shipping Bridge',
        email: 'new@shipping.example',
        endpoint: 'https://shipping.example/hook',
        identityLinkUrl: 'https://shipping.example/login',
        access: { resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] },
      });
      const after = (await core.integrations.findById(id))?.toSnapshot();
      expect(after?.credentials).toEqual(before?.credentials);
      expect((await core.roles.findByIntegrationId(id))?.grant.toSnapshot()).toEqual({ mode: 'custom', selected: [R.orders], excluded: [R.cancel] });
    });

    it.each([
      { label: 'null', cleared: null },
      { label: 'an empty string', cleared: '' },
    ])('clears an optional URL given $label', async ({ cleared }) => {
      const core = testCore();
      const id = await anIntegration(core, { identityLinkUrl: 'https://shipping.example/login' });

      const { integration } = await core.portcullis.integrations.update({ id, endpoint: cleared });

      expect(integration).toMatchObject({ endpoint: null, identityLinkUrl: 'https://shipping.example/login', usesTokenExchange: false });
      expect((await core.integrations.findById(id))?.endpoint).toBeNull();
    });

    it('refuses a rename to the name of another integration, ignoring case', async () => {
      const core = testCore();
      await anIntegration(core, { name: 'Warehouse Sync' });
      const id = await anIntegration(core);

      await expect(core.portcullis.integrations.update({ id, name: 'WAREHOUSE sync' })).rejects.toMatchObject({
        code: 'INTEGRATION.NAME_TAKEN',
        message: 'The integration with name "WAREHOUSE sync" exists.',
      });
      expect((await core.integrations.findById(id))?.name).toBe('Shipping Bridge');
    });

    it('accepts a rename to its own name in another case', async () => {
      const core = testCore();
      const id = await anIntegration(core);

      const { integration } = await core.portcullis.integrations.update({ id, name: 'SHIPPING BRIDGE' });

      expect(integration.name).toBe('SHIPPING BRIDGE');
      expect((await core.integrations.findById(id))?.name).toBe('SHIPPING BRIDGE');
    });

    it.each([
      { field: 'email', value: 'nope', code: 'VALIDATION.EMAIL_INVALID' },
      { field: 'endpoint', value: 'ftp://shipping.example/hook', code: 'VALIDATION.URL_INVALID' },
      { field: 'identityLinkUrl', value: 'shipping.example/login', code: 'VALIDATION.URL_INVALID' },
    ])('refuses an invalid $field with $code and changes nothing', async ({ field, value, code }) => {
      const core = testCore();
      const id = await anIntegration(core);
      const before = (await core.integrations.findById(id))?.toSnapshot();

      await expect(core.portcullis.integrations.update({ id, name: 'Renamed', [field]: value })).rejects.toMatchObject({
        code,
        parameters: { field, value },
      });
      expect((await core.integrations.findById(id))?.toSnapshot()).toEqual(before);
    });

    it('refuses a blank name', async () => {
      const core = testCore();
      const id = await anIntegration(core);

      await expect(core.portcullis.integrations.update({ id, name: '  ' })).rejects.toMatchObject({
        code: 'VALIDATION.REQUIRED',
        parameters: { field: 'name' },
      });
      expect((await core.integrations.findById(id))?.name).toBe('Shipping Bridge');
    });

    it('refuses an unknown id', async () => {
      const core = testCore();

      await expect(core.portcullis.integrations.update({ id: 'missing', name: 'X' })).rejects.toMatchObject({
        code: 'INTEGRATION.NOT_FOUND',
        parameters: { id: 'missing' },
      });
    });
  });

  describe('resource access', () => {
    it('replaces the grant of the integration role', async () => {
      const core = testCore();
      const id = await anIntegration(core);
      const roleId = (await core.roles.findByIntegrationId(id))?.id;

      const { integration } = await core.portcullis.integrations.update({
        id,
        resourceAccess: 'custom',
        resources: [R.customers, R.capture],
      });

      expect(integration.access).toEqual({ resourceAccess: 'custom', resources: [R.customers, R.capture].sort(), excluded: [] });
      const role = await core.roles.findByIntegrationId(id);
      expect(role?.id).toBe(roleId);
      expect(role?.grant.toSnapshot()).toEqual({ mode: 'custom', selected: [R.customers, R.capture].sort(), excluded: [] });
      expect(rowCounts(core).roles).toBe(1);
    });

    it('switches to All', async () => {
      const core = testCore();
      const id = await anIntegration(core);

      const { integration } = await core.portcullis.integrations.update({ id, resourceAccess: 'all' });

      expect(integration.access.resourceAccess).toBe('all');
      expect((await core.roles.findByIntegrationId(id))?.grant.isAll).toBe(true);
    });

    it('refuses an unknown resource and keeps the old grant', async () => {
      const core = testCore();
      const id = await anIntegration(core);

      await expect(
        core.portcullis.integrations.update({ id, name: 'Renamed', resourceAccess: 'custom', resources: ['Magento_Nope::missing'] }),
      ).rejects.toMatchObject({ code: 'ACL.RESOURCE_UNKNOWN', parameters: { ids: ['Magento_Nope::missing'] } });
      expect((await core.roles.findByIntegrationId(id))?.grant.toSnapshot().selected).toEqual([R.orders]);
      expect((await core.integrations.findById(id))?.name).toBe('Shipping Bridge');
    });
  });

  describe('config integrations', () => {
    it.each([
      { label: 'its details', change: { name: 'Renamed' } },
      { label: 'its email', change: { email: 'admin@example.com' } },
      { label: 'its grant', change: { resourceAccess: 'all' as const } },
    ])('refuses to change $label', async ({ change }) => {
      const core = testCore();
      const id = await aConfigIntegration(core);
      const before = (await core.integrations.findById(id))?.toSnapshot();

      await expect(core.portcullis.integrations.update({ id, ...change })).rejects.toMatchObject({
        code: 'INTEGRATION.CONFIG_MANAGED',
        parameters: { name: 'Declared In File', action: 'edit' },
      });
      expect((await core.integrations.findById(id))?.toSnapshot()).toEqual(before);
      expect((await core.roles.findByIntegrationId(id))?.grant.toSnapshot().selected).toEqual([R.orders]);
    });
  });

  describe('no privilege escalation', () => {
    it('refuses an admin editing an integration whose access exceeds theirs', async () => {
      const core = testCore();
      const id = await anIntegration(core, { resources: [R.orders, R.customers] });
      const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });

      await expect(core.portcullis.integrations.update({ id, name: 'Taken Over', actor })).rejects.toMatchObject({
        code: 'ACCESS.PRIVILEGE_ESCALATION',
        parameters: { resources: [R.customers] },
      });
      expect((await core.integrations.findById(id))?.name).toBe('Shipping Bridge');
    });

    it('refuses an admin widening the grant beyond their own', async () => {
      const core = testCore();
      const id = await anIntegration(core, { resources: [R.capture] });
      const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });

      await expect(
        core.portcullis.integrations.update({ id, resourceAccess: 'custom', resources: [R.sales], actor }),
      ).rejects.toMatchObject({ code: 'ACCESS.PRIVILEGE_ESCALATION' });
      expect((await core.roles.findByIntegrationId(id))?.grant.toSnapshot().selected).toEqual([R.capture]);
    });

    it('lets an admin edit an integration within their access', async () => {
      const core = testCore();
      const id = await anIntegration(core, { resources: [R.capture] });
      const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });

      const { integration } = await core.portcullis.integrations.update({
        id,
        name: 'Capture Bot',
        resourceAccess: 'custom',
        resources: [R.orders],
        excluded: [R.cancel],
        actor,
      });

      expect(integration).toMatchObject({
        name: 'Capture Bot',
        access: { resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] },
      });
    });
  });

  describe('Save and Activate', () => {
    it('activates an inactive integration and returns its credentials', async () => {
      const core = testCore();
      const id = await anIntegration(core);

      const { integration, activation } = await core.portcullis.integrations.update({ id, email: 'new@shipping.example', activate: true });

      expect(integration).toMatchObject({ status: 'active', email: 'new@shipping.example' });
      expect(activation?.mode).toBe('local');
      const tokens = await core.tokens.listByIntegrationId(id);
      expect(tokens).toHaveLength(1);
      expect(tokens[0]?.type).toBe('access');
    });

    it('reauthorizes an active integration: same consumer, new access token', async () => {
      const core = testCore();
      const id = await anIntegration(core);
      const first = await core.portcullis.integrations.activate({ id });
      if (first.activation.mode !== 'local') throw new Error('expected a local activation');

      const { integration, activation } = await core.portcullis.integrations.update({ id, name: 'Renamed', activate: true });

      if (activation?.mode !== 'local') throw new Error('expected a local reauthorization');
      expect(integration).toMatchObject({ status: 'active', name: 'Renamed' });
      expect(activation.credentials.consumerKey).toBe(first.activation.credentials.consumerKey);
      expect(activation.credentials.consumerSecret).toBe(first.activation.credentials.consumerSecret);
      expect(activation.credentials.accessToken).not.toBe(first.activation.credentials.accessToken);
      expect(activation.credentials.accessTokenSecret).not.toBe(first.activation.credentials.accessTokenSecret);
      expect((await core.tokens.listByIntegrationId(id)).map((t) => t.token)).toEqual([activation.credentials.accessToken]);
      expect(await core.tokens.findByToken(first.activation.credentials.accessToken)).toBeNull();
    });
  });

  describe('all or nothing', () => {
    it('keeps the old details when the activation after the save fails', async () => {
      const tokens: { repo?: SwitchableTokenRepository } = {};
      const core = testCore({
        override: (c) => {
          tokens.repo = new SwitchableTokenRepository(database(c));
          c.rebindSync(OAUTH_TOKEN_REPOSITORY).toConstantValue(tokens.repo);
        },
      });
      const id = await anIntegration(core);
      const before = (await core.integrations.findById(id))?.toSnapshot();
      const counts = rowCounts(core);
      if (tokens.repo) tokens.repo.failSaves = true;
      core.clock.advance(60);

      await expect(
        core.portcullis.integrations.update({ id, name: 'Renamed', email: 'new@shipping.example', activate: true }),
      ).rejects.toThrow('token table unavailable');

      expect((await core.integrations.findById(id))?.toSnapshot()).toEqual(before);
      expect(rowCounts(core)).toEqual(counts);
    });

    it('keeps the old details and grant when saving the role fails', async () => {
      const roles: { repo?: SwitchableRoleRepository } = {};
      const core = testCore({
        override: (c) => {
          roles.repo = new SwitchableRoleRepository(database(c));
          c.rebindSync(ROLE_REPOSITORY).toConstantValue(roles.repo);
        },
      });
      const id = await anIntegration(core);
      const before = (await core.integrations.findById(id))?.toSnapshot();
      if (roles.repo) roles.repo.failSaves = true;

      await expect(
        core.portcullis.integrations.update({ id, name: 'Renamed', resourceAccess: 'all' }),
      ).rejects.toThrow('role table unavailable');

      expect((await core.integrations.findById(id))?.toSnapshot()).toEqual(before);
      expect((await core.roles.findByIntegrationId(id))?.grant.isAll).toBe(false);
    });

    it('keeps the old details when the token exchange is unavailable for Save and Activate', async () => {
      const core = testCore();
      const id = await anIntegration(core);
      const before = (await core.integrations.findById(id))?.toSnapshot();

      await expect(
        core.portcullis.integrations.update({ id, identityLinkUrl: 'https://shipping.example/login', activate: true }),
      ).rejects.toMatchObject({ code: 'INTEGRATION.TOKEN_EXCHANGE_UNAVAILABLE' });

      expect((await core.integrations.findById(id))?.toSnapshot()).toEqual(before);
    });
  });
});


import { type Container } from 'inversify';
import { type InMemoryDatabase } from '../../../../src/adapters/in-memory/in-memory-database';
import { InMemoryIntegrationRepository } from '../../../../src/adapters/in-memory/in-memory-integration.repository';
import { type CreateIntegrationInput } from '../../../../src/application/use-cases/integrations/create-integration.use-case';
import { INTEGRATION_REPOSITORY } from '../../../../src/domain/integration/integration.repository';
import { IN_MEMORY_DATABASE } from '../../../../src/infrastructure/container/tokens';
import { R } from '../../../support/acl-fixtures';
import { anAdmin, rowCounts, testCore, type TestCore } from '../../../support/test-core';
import { aConfigIntegration, anIntegration, storedState } from '../../../support/integration-fixtures';

const database = (container: Container): InMemoryDatabase => container.get<InMemoryDatabase>(IN_MEMORY_DATABASE);

class FailingIntegrationDelete extends InMemoryIntegrationRepository {
  override delete(_id: string): Promise<void> {
    return Promise.reject(new Error('integration table unavailable'));
  }
}

/** The cascade runs (integration, role, tokens gone), then the storage fails before the commit. */
class FailingAfterCascade extends InMemoryIntegrationRepository {
  override async delete(id: string): Promise<void> {
    await super.delete(id);
    throw new Error('connection lost before the commit');
  }
}

async function anActiveIntegration(core: TestCore, overrides: Partial<CreateIntegrationInput> = {}): Promise<string> {
  return anIntegration(core, { activate: true, ...overrides });
}

describe('DeleteIntegration', () => {
  it('removes the integration, its role and its tokens, and returns its id and name', async () => {
    const core = testCore();
    const id = await anActiveIntegration(core);
    const otherId = await anActiveIntegration(core, { name: 'Warehouse Sync' });
    expect(rowCounts(core)).toMatchObject({ integrations: 2, roles: 2, tokens: 2 });

    const result = await core.portcullis.integrations.delete({ id });

    expect(result).toEqual({ id, name: 'Shipping Bridge' });
    expect(await core.integrations.findById(id)).toBeNull();
    expect(await core.roles.findByIntegrationId(id)).toBeNull();
    expect(await core.tokens.listByIntegrationId(id)).toEqual([]);
    expect(rowCounts(core)).toMatchObject({ integrations: 1, roles: 1, tokens: 1 });
    expect(await core.integrations.findById(otherId)).not.toBeNull();
    expect(await core.tokens.listByIntegrationId(otherId)).toHaveLength(1);
  });

  it('frees the name for a new integration', async () => {
    const core = testCore();
    const id = await anActiveIntegration(core);
    await core.portcullis.integrations.delete({ id });

    const { integration } = await core.portcullis.integrations.create({ name: 'shipping bridge', email: 'x@example.com', resourceAccess: 'all' });

    expect(integration.name).toBe('shipping bridge');
  });

  it('refuses to delete a config integration, pointing to its extension', async () => {
    const core = testCore();
    await aConfigIntegration(core);
    const before = await storedState(core, 'config-1');

    const failure = core.portcullis.integrations.delete({ id: 'config-1' });

    await expect(failure).rejects.toMatchObject({ code: 'INTEGRATION.CONFIG_MANAGED', parameters: { action: 'delete' } });
    await expect(failure).rejects.toThrow(/^Uninstall the extension/);
    expect(await storedState(core, 'config-1')).toEqual(before);
  });

  it('refuses an unknown id', async () => {
    const core = testCore();

    await expect(core.portcullis.integrations.delete({ id: 'missing' })).rejects.toMatchObject({
      code: 'INTEGRATION.NOT_FOUND',
      message: 'The integration with ID "missing" does not exist.',
    });
  });

  it('refuses an admin deleting an integration whose access exceeds theirs', async () => {
    const core = testCore();
    const id = await anActiveIntegration(core, { resourceAccess: 'all' });
    const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });
    const before = await storedState(core, id);

    await expect(core.portcullis.integrations.delete({ id, actor })).rejects.toMatchObject({ code: 'ACCESS.PRIVILEGE_ESCALATION' });

    expect(await storedState(core, id)).toEqual(before);
  });

  it('lets an admin delete an integration within their access', async () => {
    const core = testCore();
    const id = await anActiveIntegration(core, { resources: [R.capture] });
    const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });

    await core.portcullis.integrations.delete({ id, actor });

    expect(await storedState(core, id)).toEqual({ integration: null, role: null, tokens: [] });
  });

  it.each([
    {
      label: 'deleting the integration fails',
      override: (c: Container): void => {
        c.rebindSync(INTEGRATION_REPOSITORY).toConstantValue(new FailingIntegrationDelete(database(c)));
      },
      message: 'integration table unavailable',
    },
    {
      label: 'the storage fails after the cascade removed its role and tokens',
      override: (c: Container): void => {
        c.rebindSync(INTEGRATION_REPOSITORY).toConstantValue(new FailingAfterCascade(database(c)));
      },
      message: 'connection lost before the commit',
    },
  ])('leaves integration, role and tokens in place when $label', async ({ override, message }) => {
    const core = testCore({ override });
    const id = await anActiveIntegration(core);
    const before = await storedState(core, id);
    const counts = rowCounts(core);

    await expect(core.portcullis.integrations.delete({ id })).rejects.toThrow(message);

    expect(await storedState(core, id)).toEqual(before);
    expect(rowCounts(core)).toEqual(counts);
  });
});

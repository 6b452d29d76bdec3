import { R } from '../../../support/acl-fixtures';
import { testCore } from '../../../support/test-core';

describe('GetIntegration', () => {
  it('returns the integration with its resource access and flags', async () => {
    const core = testCore();
    const { integration: created } = await core.portcullis.integrations.create({
      name: 'Shipping Bridge',
      email: 'ops@shipping.example',
      endpoint: 'http://shipping.example/hook',
      identityLinkUrl: 'https://shipping.example/login',
      resourceAccess: 'custom',
      resources: [R.orders],
      excluded: [R.cancel],
    });

    const integration = await core.portcullis.integrations.get({ id: created.id });

    expect(integration).toEqual(created);
    expect(integration).toMatchObject({
      name: 'Shipping Bridge',
      status: 'inactive',
      setupType: 'manual',
      notSecure: true,
      usesTokenExchange: true,
      access: { resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] },
    });
  });

  it('shows no consumer key, consumer secret or token', async () => {
    const core = testCore();
    const { integration: created, activation } = await core.portcullis.integrations.create({
      name: 'Shipping Bridge',
      email: 'ops@shipping.example',
      resourceAccess: 'all',
      activate: true,
    });
    if (activation?.mode !== 'local') throw new Error('expected a local activation');

    const integration = await core.portcullis.integrations.get({ id: created.id });

    const serialized = JSON.stringify(integration);
    for (const secret of Object.values(activation.credentials)) expect(serialized).not.toContain(secret);
    expect(integration.status).toBe('active');
  });

  it('refuses an unknown id', async () => {
    const core = testCore();

    await expect(core.portcullis.integrations.get({ id: 'missing' })).rejects.toMatchObject({
      code: 'INTEGRATION.NOT_FOUND',
      parameters: { id: 'missing' },
    });
  });

  it('shows an integration with All access', async () => {
    const core = testCore();
    const { integration: created } = await core.portcullis.integrations.create({ name: 'Everything', email: 'all@example.com', resourceAccess: 'all' });

    const integration = await core.portcullis.integrations.get({ id: created.id });

    expect(integration.access.resourceAccess).toBe('all');
  });
});

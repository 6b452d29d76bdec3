import { R } from '../../../support/acl-fixtures';
import { anAdmin, testCore, type TestCore } from '../../../support/test-core';
import { CREDENTIAL, HANDSHAKE_URLS, anIntegration, succeedingExchange } from '../../../support/integration-fixtures';

async function activatedLocally(core: TestCore, id: string) {
  const { activation } = await core.portcullis.integrations.activate({ id });
  if (activation.mode !== 'local') throw new Error('expected a local activation');
  return activation.credentials;
}

describe('GetIntegrationCredentials', () => {
  it('returns the four values a local activation issued', async () => {
    const core = testCore();
    const id = await anIntegration(core);
    const issued = await activatedLocally(core, id);

    const credentials = await core.portcullis.integrations.credentials({ id });

    expect(credentials).toEqual(issued);
    for (const value of Object.values(credentials)) expect(value).toMatch(CREDENTIAL);
  });

  it('returns the same values on every call (reading changes nothing)', async () => {
    const core = testCore();
    const id = await anIntegration(core);
    await activatedLocally(core, id);
    const tokensBefore = (await core.tokens.listByIntegrationId(id)).map((t) => t.toSnapshot());

    const first = await core.portcullis.integrations.credentials({ id });
    const second = await core.portcullis.integrations.credentials({ id });

    expect(second).toEqual(first);
    expect((await core.tokens.listByIntegrationId(id)).map((t) => t.toSnapshot())).toEqual(tokensBefore);
  });

  it('returns the new access token after a reauthorization, with the same consumer', async () => {
    const core = testCore();
    const id = await anIntegration(core);
    const old = await activatedLocally(core, id);

    const { activation } = await core.portcullis.integrations.reauthorize({ id });
    if (activation.mode !== 'local') throw new Error('expected a local reauthorization');

    const credentials = await core.portcullis.integrations.credentials({ id });
    expect(credentials).toEqual(activation.credentials);
    expect(credentials).toMatchObject({ consumerKey: old.consumerKey, consumerSecret: old.consumerSecret });
    expect(credentials.accessToken).not.toBe(old.accessToken);
  });

  it('returns the new access token, not the one still working in its grace period, and the rotated secret, not the previous one', async () => {
    const core = testCore();
    const id = await anIntegration(core);
    const old = await activatedLocally(core, id);

    const { activation } = await core.portcullis.integrations.reauthorize({ id, graceSeconds: 300 });
    if (activation.mode !== 'local') throw new Error('expected a local reauthorization');
    // Both are stored: the retired one (with the end of its grace) and the new one.
    expect((await core.tokens.listByIntegrationId(id)).map((t) => [t.token, t.expiresAt])).toEqual(
      expect.arrayContaining([
        [old.accessToken, new Date(core.clock.now().getTime() + 300_000)],
        [activation.credentials.accessToken, null],
      ]) as unknown,
    );
    expect(await core.portcullis.integrations.credentials({ id })).toEqual(activation.credentials);

    const rotated = await core.portcullis.integrations.rotateSecret({ id, graceSeconds: 60 });
    expect(await core.portcullis.integrations.credentials({ id })).toEqual({ ...activation.credentials, consumerSecret: rotated.consumerSecret });
  });

  it('refuses an integration never activated with INTEGRATION.NOT_ACTIVATED', async () => {
    const core = testCore();
    const id = await anIntegration(core);

    await expect(core.portcullis.integrations.credentials({ id })).rejects.toMatchObject({
      name: 'IntegrationNotActivatedError',
      code: 'INTEGRATION.NOT_ACTIVATED',
      parameters: { name: 'Shipping Bridge' },
    });
  });

  it('refuses an integration whose token exchange has started but not finished', async () => {
    const core = testCore({ tokenExchange: succeedingExchange });
    const id = await anIntegration(core, HANDSHAKE_URLS);
    await core.portcullis.integrations.activate({ id });

    await expect(core.portcullis.integrations.credentials({ id })).rejects.toMatchObject({ code: 'INTEGRATION.NOT_ACTIVATED' });
  });

  it('refuses an active integration whose access token was revoked', async () => {
    const core = testCore();
    const id = await anIntegration(core);
    const issued = await activatedLocally(core, id);
    const token = await core.tokens.findByToken(issued.accessToken);
    if (token === null) throw new Error('no access token stored');
    token.revoke(core.clock.now());
    await core.tokens.save(token);

    await expect(core.portcullis.integrations.credentials({ id })).rejects.toMatchObject({ code: 'INTEGRATION.NOT_ACTIVATED' });
  });

  it('refuses an unknown id with INTEGRATION.NOT_FOUND', async () => {
    const core = testCore();

    await expect(core.portcullis.integrations.credentials({ id: 'missing' })).rejects.toMatchObject({
      code: 'INTEGRATION.NOT_FOUND',
      parameters: { id: 'missing' },
    });
  });

  describe('no privilege escalation', () => {
    it('refuses an admin with less access than the integration with ACCESS.PRIVILEGE_ESCALATION, revealing nothing', async () => {
      const core = testCore();
      const id = await anIntegration(core, { resources: [R.orders, R.customers] });
      const issued = await activatedLocally(core, id);
      const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });

      const attempt = core.portcullis.integrations.credentials({ id, actor });

      await expect(attempt).rejects.toMatchObject({
        name: 'PrivilegeEscalationError',
        code: 'ACCESS.PRIVILEGE_ESCALATION',
        parameters: { resources: [R.customers] },
      });
      const message = await attempt.then(
        () => '',
        (error: unknown) => (error as Error).message,
      );
      for (const secret of Object.values(issued)) expect(message).not.toContain(secret);
    });

    it('refuses an admin without All the credentials of an All integration', async () => {
      const core = testCore();
      const id = await anIntegration(core, { resourceAccess: 'all' });
      await activatedLocally(core, id);
      const { actor } = await anAdmin(core, 'sales-lead', { resources: [R.sales, R.customers] });

      await expect(core.portcullis.integrations.credentials({ id, actor })).rejects.toMatchObject({
        code: 'ACCESS.PRIVILEGE_ESCALATION',
        parameters: { resources: ['all'] },
      });
    });

    it('gives an admin the credentials of an integration within their access', async () => {
      const core = testCore();
      const id = await anIntegration(core, { resources: [R.capture] });
      const issued = await activatedLocally(core, id);
      const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });

      expect(await core.portcullis.integrations.credentials({ id, actor })).toEqual(issued);
    });

    it('refuses an inactive admin with ACCESS.ACTOR_NOT_ALLOWED', async () => {
      const core = testCore();
      const id = await anIntegration(core);
      await activatedLocally(core, id);
      const { actor, userId } = await anAdmin(core, 'orders-clerk', 'all');
      await core.portcullis.adminUsers.update({ id: userId, active: false });

      await expect(core.portcullis.integrations.credentials({ id, actor })).rejects.toMatchObject({ code: 'ACCESS.ACTOR_NOT_ALLOWED' });
    });
  });
});

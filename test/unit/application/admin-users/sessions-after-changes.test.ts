import { ADMIN_PASSWORD, aSignedInAdmin, testCore } from '../../../support/test-core';

describe('UpdateAdminUser: what happens to the user\'s bearer tokens', () => {
  it('a password reset by another admin revokes the user\'s tokens', async () => {
    const core = testCore();
    const boss = await aSignedInAdmin(core, 'boss', 'all');
    const clerk = await aSignedInAdmin(core, 'clerk', 'all');

    await core.portcullis.adminUsers.update({ id: clerk.userId, password: 'a new password 7', actor: boss.actor });

    expect(await core.adminTokens.findByToken(clerk.token)).toMatchObject({ revoked: true });
    expect(await core.adminTokens.findByToken(boss.token)).toMatchObject({ revoked: false });
  });

  it('changing one\'s own password keeps one\'s session', async () => {
    const core = testCore();
    const self = await aSignedInAdmin(core, 'self', 'all');

    await core.portcullis.adminUsers.update({ id: self.userId, password: `${ADMIN_PASSWORD} changed`, actor: self.actor });

    expect(await core.adminTokens.findByToken(self.token)).toMatchObject({ revoked: false });
  });

  it('a profile edit leaves the tokens alone', async () => {
    const core = testCore();
    const boss = await aSignedInAdmin(core, 'boss', 'all');
    const clerk = await aSignedInAdmin(core, 'clerk', 'all');

    await core.portcullis.adminUsers.update({ id: clerk.userId, firstName: 'Clara', actor: boss.actor });

    expect(await core.adminTokens.findByToken(clerk.token)).toMatchObject({ revoked: false });
  });
});

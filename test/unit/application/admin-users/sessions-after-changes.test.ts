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

  it('changing one\'s own password keeps the asking session and revokes every other one of the user', async () => {
    const core = testCore();
    const self = await aSignedInAdmin(core, 'self', 'all');
    const other = await aSignedInAdmin(core, 'other', 'all');
    const elsewhere = await Promise.all(Array.from({ length: 20 }, async () => (await core.portcullis.adminAuth.signIn({ username: 'self', password: ADMIN_PASSWORD })).token));

    await core.portcullis.adminUsers.update({ id: self.userId, password: `${ADMIN_PASSWORD} changed`, actor: self.actor, sessionToken: self.token });

    expect(await core.adminTokens.findByToken(self.token)).toMatchObject({ revoked: false });
    for (const token of elsewhere) expect(await core.adminTokens.findByToken(token)).toMatchObject({ revoked: true });
    expect(await core.adminTokens.findByToken(other.token)).toMatchObject({ revoked: false });
  });

  it('changing one\'s own password without naming the session revokes every session of the user', async () => {
    const core = testCore();
    const self = await aSignedInAdmin(core, 'self', 'all');

    await core.portcullis.adminUsers.update({ id: self.userId, password: `${ADMIN_PASSWORD} changed`, actor: self.actor });

    expect(await core.adminTokens.findByToken(self.token)).toMatchObject({ revoked: true });
  });

  it('a profile edit leaves the tokens alone', async () => {
    const core = testCore();
    const boss = await aSignedInAdmin(core, 'boss', 'all');
    const clerk = await aSignedInAdmin(core, 'clerk', 'all');

    await core.portcullis.adminUsers.update({ id: clerk.userId, firstName: 'Clara', actor: boss.actor });

    expect(await core.adminTokens.findByToken(clerk.token)).toMatchObject({ revoked: false });
  });
});

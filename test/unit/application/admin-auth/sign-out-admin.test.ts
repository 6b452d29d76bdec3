import { R } from '../../../support/acl-fixtures';
import { ADMIN_PASSWORD, aSignedInAdmin, testCore } from '../../../support/test-core';

describe('SignOutAdmin', () => {
  it('revokes the token: it is kept as revoked and no longer authorizes', async () => {
    const core = testCore();
    const { token, userId } = await aSignedInAdmin(core, 'sally', { resources: [R.orders] });

    const result = await core.portcullis.adminAuth.signOut({ token });

    expect(result).toEqual({ revoked: true });
    expect(await core.adminTokens.findByToken(token)).toMatchObject({ adminUserId: userId, revoked: true });
    await expect(core.portcullis.adminAuth.authorize({ token, resources: [] })).rejects.toMatchObject({ code: 'ADMIN_AUTH.TOKEN_INVALID' });
  });

  it('leaves the user\'s other tokens usable', async () => {
    const core = testCore();
    const { token } = await aSignedInAdmin(core, 'sally', { resources: [R.orders] });
    const other = await core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD });

    await core.portcullis.adminAuth.signOut({ token });

    expect((await core.portcullis.adminAuth.authorize({ token: other.token, resources: [R.orders] })).username).toBe('sally');
  });

  it('answers revoked: false for a token never issued, storing nothing', async () => {
    const core = testCore();

    expect(await core.portcullis.adminAuth.signOut({ token: 'z'.repeat(32) })).toEqual({ revoked: false });
    expect(core.database.tables.adminTokens.size).toBe(0);
  });

  it('is not an error for a token already revoked, which stays revoked', async () => {
    const core = testCore();
    const { token } = await aSignedInAdmin(core, 'sally', { resources: [R.orders] });
    await core.portcullis.adminAuth.signOut({ token });

    await expect(core.portcullis.adminAuth.signOut({ token })).resolves.toEqual({ revoked: true });
    expect((await core.adminTokens.findByToken(token))?.revoked).toBe(true);
  });
});

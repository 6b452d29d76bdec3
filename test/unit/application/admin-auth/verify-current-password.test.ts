import { SYSTEM_ACTOR, adminActor } from '../../../../src/application/access/actor';
import { R } from '../../../support/acl-fixtures';
import { ADMIN_PASSWORD, aSignedInAdmin, anAdmin, testCore, type TestCore } from '../../../support/test-core';
import { type Actor } from '../../../../src/application/access/actor';

const WRONG = 'wrong horse 42';

async function failVerify(core: TestCore, actor: Actor, attempts: number): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    await expect(core.portcullis.adminAuth.verifyCurrentPassword({ actor, currentPassword: WRONG })).rejects.toMatchObject({
      code: 'ADMIN_AUTH.CURRENT_PASSWORD_INVALID',
      signedOut: false,
    });
  }
}

describe('VerifyCurrentPassword', () => {
  it('accepts the acting admin\'s password', async () => {
    const core = testCore();
    const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });

    await expect(core.portcullis.adminAuth.verifyCurrentPassword({ actor, currentPassword: ADMIN_PASSWORD })).resolves.toBeUndefined();
    expect(await core.signInFailures.find('sally')).toBeNull();
  });

  it('lets the system actor through: it has no password', async () => {
    const core = testCore();

    await expect(core.portcullis.adminAuth.verifyCurrentPassword({ actor: SYSTEM_ACTOR, currentPassword: '' })).resolves.toBeUndefined();
    expect(core.database.tables.signInFailures.size).toBe(0);
  });

  it('refuses a wrong password with ADMIN_AUTH.CURRENT_PASSWORD_INVALID on the currentPassword field, counting it', async () => {
    const core = testCore();
    const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });

    await expect(core.portcullis.adminAuth.verifyCurrentPassword({ actor, currentPassword: WRONG })).rejects.toMatchObject({
      name: 'CurrentPasswordInvalidError',
      code: 'ADMIN_AUTH.CURRENT_PASSWORD_INVALID',
      signedOut: false,
      parameters: { field: 'currentPassword' },
      message: 'The password entered for the current user is invalid. Verify the password and try again.',
    });
    expect(await core.signInFailures.find('sally')).toEqual({ failures: 1, lockExpiresAt: null });
  });

  it('shares the count with sign-in: 5 wrong passwords here, then one wrong sign-in locks the username', async () => {
    const core = testCore();
    const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
    await failVerify(core, actor, 5);

    await expect(core.portcullis.adminAuth.signIn({ username: 'sally', password: WRONG })).rejects.toMatchObject({
      code: 'ADMIN_AUTH.SIGN_IN_FAILED',
    });

    await expect(core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD })).rejects.toMatchObject({
      code: 'ADMIN_AUTH.SIGN_IN_FAILED',
    });
  });

  it('a right password resets the count', async () => {
    const core = testCore();
    const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
    await failVerify(core, actor, 5);

    await core.portcullis.adminAuth.verifyCurrentPassword({ actor, currentPassword: ADMIN_PASSWORD });

    expect(await core.signInFailures.find('sally')).toBeNull();
  });

  it('on the 6th failure locks the username, revokes every token of the user and says it signed them out', async () => {
    const core = testCore();
    const { actor, token, userId } = await aSignedInAdmin(core, 'sally', { resources: [R.orders] });
    const second = await core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD });
    const bob = await aSignedInAdmin(core, 'bob', { resources: [R.orders] });
    await failVerify(core, actor, 5);

    await expect(core.portcullis.adminAuth.verifyCurrentPassword({ actor, currentPassword: WRONG })).rejects.toMatchObject({
      code: 'ADMIN_AUTH.CURRENT_PASSWORD_INVALID',
      signedOut: true,
      message: 'The password entered for the current user is invalid. Your account is locked and you have been signed out.',
    });

    const rows = [...core.database.tables.adminTokens.values()];
    expect(rows.filter((row) => row.adminUserId === userId).map((row) => row.revoked)).toEqual([true, true]);
    for (const revoked of [token, second.token]) {
      await expect(core.portcullis.adminAuth.authorize({ token: revoked, resources: [] })).rejects.toMatchObject({
        parameters: { reason: 'the token was revoked' },
      });
    }
    expect((await core.portcullis.adminAuth.authorize({ token: bob.token, resources: [] })).username).toBe('bob');
    await expect(core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD })).rejects.toMatchObject({
      code: 'ADMIN_AUTH.SIGN_IN_FAILED',
    });
  });

  it('refuses even the right password while the username is locked', async () => {
    const core = testCore({ signInLockout: { maxFailures: 1 } });
    const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
    await expect(core.portcullis.adminAuth.signIn({ username: 'sally', password: WRONG })).rejects.toMatchObject({
      code: 'ADMIN_AUTH.SIGN_IN_FAILED',
    });

    await expect(core.portcullis.adminAuth.verifyCurrentPassword({ actor, currentPassword: ADMIN_PASSWORD })).rejects.toMatchObject({
      code: 'ADMIN_AUTH.CURRENT_PASSWORD_INVALID',
    });
  });

  it('refuses an admin who no longer exists with ACCESS.ACTOR_NOT_ALLOWED', async () => {
    const core = testCore();

    await expect(
      core.portcullis.adminAuth.verifyCurrentPassword({ actor: adminActor('gone'), currentPassword: ADMIN_PASSWORD }),
    ).rejects.toMatchObject({ code: 'ACCESS.ACTOR_NOT_ALLOWED' });
  });
});

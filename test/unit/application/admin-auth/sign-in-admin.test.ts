import { createHash } from 'node:crypto';
import { R } from '../../../support/acl-fixtures';
import { ADMIN_PASSWORD, anAdmin, testCore, type TestCore } from '../../../support/test-core';

const WRONG = 'wrong horse 42';
const LOCK_SECONDS = 1800;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** `attempts` failed sign-ins, each refused. */
async function failSignIn(core: TestCore, username: string, attempts: number, password = WRONG): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    await expect(core.portcullis.adminAuth.signIn({ username, password })).rejects.toMatchObject({ code: 'ADMIN_AUTH.SIGN_IN_FAILED' });
  }
}

describe('SignInAdmin', () => {
  describe('success', () => {
    it('returns a 32-character token, the user and the expiry 4 h from now', async () => {
      const core = testCore();
      const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });

      const result = await core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD });

      expect(result).toEqual({
        token: expect.stringMatching(/^[0-9a-z]{32}$/) as unknown,
        expiresAt: new Date(core.clock.now().getTime() + 14400 * 1000),
        adminUserId: userId,
      });
    });

    it('stores only a digest of the token, with whose it is and until when', async () => {
      const core = testCore();
      const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });

      const { token, expiresAt } = await core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD });

      const rows = core.database.tables.adminTokens;
      expect([...rows.keys()]).toEqual([sha256(token)]);
      expect(rows.get(sha256(token))).toEqual({ adminUserId: userId, createdAt: core.clock.now(), expiresAt, revoked: false });
      expect(JSON.stringify([...rows.entries()])).not.toContain(token);
    });

    it('issues a new token on each sign-in, all of them usable', async () => {
      const core = testCore();
      await anAdmin(core, 'sally', { resources: [R.orders] });

      const first = await core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD });
      const second = await core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD });

      expect(second.token).not.toBe(first.token);
      expect(core.database.tables.adminTokens.size).toBe(2);
      expect((await core.adminTokens.findByToken(first.token))?.revoked).toBe(false);
    });

    it('computes the expiry from the configured lifetime', async () => {
      const core = testCore({ adminTokenLifetimeSeconds: 90 });
      await anAdmin(core, 'sally', { resources: [R.orders] });

      const { token, expiresAt } = await core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD });

      expect(expiresAt).toEqual(new Date(core.clock.now().getTime() + 90 * 1000));
      expect((await core.adminTokens.findByToken(token))?.expiresAt).toEqual(expiresAt);
    });

    it('finds the user ignoring case and surrounding blanks in the username', async () => {
      const core = testCore();
      const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });

      const result = await core.portcullis.adminAuth.signIn({ username: '  SALLY ', password: ADMIN_PASSWORD });

      expect(result.adminUserId).toBe(userId);
    });
  });

  describe('missing credentials', () => {
    it.each([
      ['username', { username: '', password: ADMIN_PASSWORD }, ['username']],
      ['password', { username: 'sally', password: '' }, ['password']],
      ['both', { username: '', password: '' }, ['username', 'password']],
      ['both (absent)', { username: undefined, password: undefined }, ['username', 'password']],
      ['non-text values', { username: 42, password: { secret: true } }, ['username', 'password']],
      ['a null password', { username: 'sally', password: null }, ['password']],
    ])('refuses %s with ADMIN_AUTH.CREDENTIALS_REQUIRED naming the fields', async (_case, input, fields) => {
      const core = testCore();
      await anAdmin(core, 'sally', { resources: [R.orders] });

      await expect(core.portcullis.adminAuth.signIn(input)).rejects.toMatchObject({
        name: 'MissingCredentialsError',
        code: 'ADMIN_AUTH.CREDENTIALS_REQUIRED',
        fields,
        parameters: { fields },
      });
      expect(core.database.tables.adminTokens.size).toBe(0);
      expect(core.database.tables.signInFailures.size).toBe(0);
    });
  });

  describe('refusals (one answer for all)', () => {
    it('refuses a wrong password with ADMIN_AUTH.SIGN_IN_FAILED and counts the failure', async () => {
      const core = testCore();
      await anAdmin(core, 'sally', { resources: [R.orders] });

      await expect(core.portcullis.adminAuth.signIn({ username: 'sally', password: WRONG })).rejects.toMatchObject({
        name: 'AdminSignInFailedError',
        code: 'ADMIN_AUTH.SIGN_IN_FAILED',
      });
      expect(core.database.tables.adminTokens.size).toBe(0);
      expect(await core.signInFailures.find('sally')).toEqual({ failures: 1, lockExpiresAt: null });
    });

    it('refuses an unknown user the same way, counting failures under that username', async () => {
      const core = testCore();
      await anAdmin(core, 'sally', { resources: [R.orders] });

      const attempt = core.portcullis.adminAuth.signIn({ username: 'Nobody', password: ADMIN_PASSWORD });

      await expect(attempt).rejects.toMatchObject({ code: 'ADMIN_AUTH.SIGN_IN_FAILED' });
      expect(core.database.tables.adminTokens.size).toBe(0);
      expect(await core.signInFailures.find('nobody')).toEqual({ failures: 1, lockExpiresAt: null });
    });

    it('gives the same message for a wrong password, an unknown user and a lock-out', async () => {
      const core = testCore({ signInLockout: { maxFailures: 1 } });
      await anAdmin(core, 'sally', { resources: [R.orders] });
      const messageOf = async (username: string, password: string): Promise<string> => {
        try {
          await core.portcullis.adminAuth.signIn({ username, password });
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error('expected the sign-in to be refused');
      };

      const messages = [await messageOf('sally', WRONG), await messageOf('sally', ADMIN_PASSWORD), await messageOf('nobody', WRONG)];

      expect(new Set(messages)).toEqual(
        new Set(['The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.']),
      );
    });

    it('refuses an inactive user even with the right password', async () => {
      const core = testCore();
      const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });
      await core.portcullis.adminUsers.update({ id: userId, active: false });

      await expect(core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD })).rejects.toMatchObject({
        code: 'ADMIN_AUTH.SIGN_IN_FAILED',
      });
      expect(core.database.tables.adminTokens.size).toBe(0);
    });

    it('refuses a user whose role was deleted, even with the right password', async () => {
      const core = testCore();
      const { roleId } = await anAdmin(core, 'sally', { resources: [R.orders] });
      await core.roles.delete(roleId);

      await expect(core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD })).rejects.toMatchObject({
        code: 'ADMIN_AUTH.SIGN_IN_FAILED',
      });
      expect(core.database.tables.adminTokens.size).toBe(0);
    });

    it('does not trim the password', async () => {
      const core = testCore();
      await anAdmin(core, 'sally', { resources: [R.orders] });

      await expect(core.portcullis.adminAuth.signIn({ username: 'sally', password: ` ${ADMIN_PASSWORD} ` })).rejects.toMatchObject({
        code: 'ADMIN_AUTH.SIGN_IN_FAILED',
      });
    });
  });

  describe('lock-out', () => {
    it('allows 5 failures, then signs in and forgets them', async () => {
      const core = testCore();
      await anAdmin(core, 'sally', { resources: [R.orders] });
      await failSignIn(core, 'sally', 5);

      await core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD });

      expect(await core.signInFailures.find('sally')).toBeNull();
      expect(core.database.tables.adminTokens.size).toBe(1);
    });

    it('a success resets the count: 5 more failures do not lock', async () => {
      const core = testCore();
      await anAdmin(core, 'sally', { resources: [R.orders] });
      await failSignIn(core, 'sally', 5);
      await core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD });

      await failSignIn(core, 'sally', 5);

      expect(await core.signInFailures.find('sally')).toEqual({ failures: 5, lockExpiresAt: null });
      await expect(core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD })).resolves.toMatchObject({
        token: expect.any(String) as unknown,
      });
    });

    it('locks the username after 6 failures, refusing even the right password', async () => {
      const core = testCore();
      await anAdmin(core, 'sally', { resources: [R.orders] });

      await failSignIn(core, 'sally', 6);

      expect(await core.signInFailures.find('sally')).toEqual({
        failures: 6,
        lockExpiresAt: new Date(core.clock.now().getTime() + LOCK_SECONDS * 1000),
      });
      await failSignIn(core, 'sally', 1, ADMIN_PASSWORD);
      await failSignIn(core, ' SALLY ', 1, ADMIN_PASSWORD);
      expect(core.database.tables.adminTokens.size).toBe(0);
    });

    it('keeps the lock until 1800 s have passed, then lets the right password in', async () => {
      const core = testCore();
      const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });
      await failSignIn(core, 'sally', 6);

      core.clock.advance(LOCK_SECONDS - 1);
      await failSignIn(core, 'sally', 1, ADMIN_PASSWORD);
      core.clock.advance(1);
      const result = await core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD });

      expect(result.adminUserId).toBe(userId);
      expect(await core.signInFailures.find('sally')).toBeNull();
    });

    it('does not count attempts made during the lock', async () => {
      const core = testCore();
      await anAdmin(core, 'sally', { resources: [R.orders] });
      await failSignIn(core, 'sally', 6);
      const locked = await core.signInFailures.find('sally');

      await failSignIn(core, 'sally', 3);

      expect(await core.signInFailures.find('sally')).toEqual(locked);
    });

    it('counts again from 1 after the lock ended', async () => {
      const core = testCore();
      await anAdmin(core, 'sally', { resources: [R.orders] });
      await failSignIn(core, 'sally', 6);
      core.clock.advance(LOCK_SECONDS);

      await failSignIn(core, 'sally', 1);

      expect(await core.signInFailures.find('sally')).toEqual({ failures: 1, lockExpiresAt: null });
    });

    it('locks per username: another admin still signs in', async () => {
      const core = testCore();
      await anAdmin(core, 'sally', { resources: [R.orders] });
      const bob = await anAdmin(core, 'bob', { resources: [R.orders] });
      await failSignIn(core, 'sally', 6);

      expect((await core.portcullis.adminAuth.signIn({ username: 'bob', password: ADMIN_PASSWORD })).adminUserId).toBe(bob.userId);
    });

    it('follows a configured lock-out policy', async () => {
      const core = testCore({ signInLockout: { maxFailures: 2, lockSeconds: 60 } });
      await anAdmin(core, 'sally', { resources: [R.orders] });

      await failSignIn(core, 'sally', 2);
      await failSignIn(core, 'sally', 1, ADMIN_PASSWORD);
      core.clock.advance(60);

      await expect(core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD })).resolves.toMatchObject({
        token: expect.any(String) as unknown,
      });
    });

    it('locks an unknown username too (nothing can be probed)', async () => {
      const core = testCore();

      await failSignIn(core, 'ghost', 6);

      expect((await core.signInFailures.find('ghost'))?.lockExpiresAt).toEqual(new Date(core.clock.now().getTime() + LOCK_SECONDS * 1000));
    });
  });
});

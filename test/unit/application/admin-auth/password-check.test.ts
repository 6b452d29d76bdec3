import { Gate } from '../../../support/gate';
import { PASSWORD_HASHER, type PasswordHasher } from '../../../../src/application/ports/password-hasher.port';
import { PasswordCheck } from '../../../../src/application/use-cases/admin-auth/password-check';
import { type AdminUser } from '../../../../src/domain/admin-user/admin-user.aggregate';
import { R } from '../../../support/acl-fixtures';
import { ADMIN_PASSWORD, aSignedInAdmin, anAdmin, testCore, type TestCore } from '../../../support/test-core';

const WRONG = 'wrong horse 42';
/** The password PasswordCheck verifies against for unknown usernames: it must never let anyone in. */
const DECOY_PASSWORD = 'decoy password that no digest matches 1';

function passwordCheckOf(core: TestCore): PasswordCheck {
  return core.container.get(PasswordCheck);
}

async function userNamed(core: TestCore, username: string): Promise<AdminUser> {
  const user = await core.adminUsers.findByUsername(username);
  if (user === null) throw new Error(`no user ${username}`);
  return user;
}

describe('PasswordCheck', () => {
  it('passes the right password of an active user and forgets earlier failures', async () => {
    const core = testCore();
    await anAdmin(core, 'sally', { resources: [R.orders] });
    const user = await userNamed(core, 'sally');
    const check = passwordCheckOf(core);
    await check.check('sally', user, WRONG);

    expect(await check.check('sally', user, ADMIN_PASSWORD)).toEqual({ ok: true });
    expect(await core.signInFailures.find('sally')).toBeNull();
  });

  it('refuses a wrong password and counts it under the normalised username', async () => {
    const core = testCore();
    await anAdmin(core, 'sally', { resources: [R.orders] });
    const user = await userNamed(core, 'sally');
    const check = passwordCheckOf(core);

    expect(await check.check(' Sally ', user, WRONG)).toEqual({ ok: false, lockedNow: false });
    expect(await check.check('SALLY', user, WRONG)).toEqual({ ok: false, lockedNow: false });
    expect(await core.signInFailures.find('sally')).toEqual({ failures: 2, lockExpiresAt: null });
  });

  it('refuses an inactive user\'s right password, counting it as a failure', async () => {
    const core = testCore();
    const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });
    await core.portcullis.adminUsers.update({ id: userId, active: false });

    expect(await passwordCheckOf(core).check('sally', await userNamed(core, 'sally'), ADMIN_PASSWORD)).toEqual({ ok: false, lockedNow: false });
    expect(await core.signInFailures.find('sally')).toEqual({ failures: 1, lockExpiresAt: null });
  });

  it('refuses an unknown username, even with the decoy password', async () => {
    const core = testCore();
    const check = passwordCheckOf(core);

    expect(await check.check('ghost', null, WRONG)).toEqual({ ok: false, lockedNow: false });
    expect(await check.check('ghost', null, DECOY_PASSWORD)).toEqual({ ok: false, lockedNow: false });
    expect(await core.signInFailures.find('ghost')).toEqual({ failures: 2, lockExpiresAt: null });
  });

  it('locks at the maximum, reports it once, and revokes the user\'s tokens only', async () => {
    const core = testCore();
    const sally = await aSignedInAdmin(core, 'sally', { resources: [R.orders] });
    const bob = await aSignedInAdmin(core, 'bob', { resources: [R.orders] });
    const user = await userNamed(core, 'sally');
    const check = passwordCheckOf(core);
    for (let i = 0; i < 5; i++) expect(await check.check('sally', user, WRONG)).toEqual({ ok: false, lockedNow: false });

    expect(await check.check('sally', user, WRONG)).toEqual({ ok: false, lockedNow: true });

    expect(await core.signInFailures.find('sally')).toEqual({ failures: 6, lockExpiresAt: new Date(core.clock.now().getTime() + 1800 * 1000) });
    expect((await core.adminTokens.findByToken(sally.token))?.revoked).toBe(true);
    expect((await core.adminTokens.findByToken(bob.token))?.revoked).toBe(false);
    expect(await check.check('sally', user, WRONG)).toEqual({ ok: false, lockedNow: false });
  });

  it('refuses the right password during the lock without counting, and passes it when the lock ends', async () => {
    const core = testCore({ signInLockout: { maxFailures: 3, lockSeconds: 120 } });
    await anAdmin(core, 'sally', { resources: [R.orders] });
    const user = await userNamed(core, 'sally');
    const check = passwordCheckOf(core);
    for (let i = 0; i < 3; i++) await check.check('sally', user, WRONG);
    const locked = await core.signInFailures.find('sally');

    core.clock.advance(119);
    expect(await check.check('sally', user, ADMIN_PASSWORD)).toEqual({ ok: false, lockedNow: false });
    expect(await core.signInFailures.find('sally')).toEqual(locked);

    core.clock.advance(1);
    expect(await check.check('sally', user, ADMIN_PASSWORD)).toEqual({ ok: true });
    expect(await core.signInFailures.find('sally')).toBeNull();
  });

  it('locks an unknown username without touching anyone\'s tokens', async () => {
    const core = testCore({ signInLockout: { maxFailures: 2 } });
    const sally = await aSignedInAdmin(core, 'sally', { resources: [R.orders] });
    const check = passwordCheckOf(core);
    await check.check('ghost', null, WRONG);

    expect(await check.check('ghost', null, WRONG)).toEqual({ ok: false, lockedNow: true });
    expect((await core.adminTokens.findByToken(sally.token))?.revoked).toBe(false);
  });

  it('counts concurrent failures without losing one', async () => {
    const core = testCore({ signInLockout: { maxFailures: 10 } });
    await anAdmin(core, 'sally', { resources: [R.orders] });
    const user = await userNamed(core, 'sally');
    const check = passwordCheckOf(core);

    const results = await Promise.all(Array.from({ length: 4 }, () => check.check('sally', user, WRONG)));

    expect(results).toEqual(Array.from({ length: 4 }, () => ({ ok: false, lockedNow: false })));
    expect(await core.signInFailures.find('sally')).toEqual({ failures: 4, lockExpiresAt: null });
  });
});

describe('PasswordCheck: a failing hasher', () => {
  it('does not remember a failed decoy digest: the next unknown-username check works', async () => {
    let failNext = true;
    const core = testCore({
      override: (c) => {
        const real = c.get<PasswordHasher>(PASSWORD_HASHER);
        c.rebindSync(PASSWORD_HASHER).toConstantValue({
          hash: (password: string) => {
            if (failNext) {
              failNext = false;
              return Promise.reject(new Error('out of memory'));
            }
            return real.hash(password);
          },
          verify: (password: string, digest: string) => real.verify(password, digest),
        } satisfies PasswordHasher);
      },
    });
    const check = passwordCheckOf(core);

    await expect(check.check('nobody', null, WRONG)).rejects.toThrow('out of memory');
    expect(await check.check('nobody', null, WRONG)).toEqual({ ok: false, lockedNow: false });
  });
});

describe('PasswordCheck: guesses sent in parallel', () => {
  it('a right password verified after parallel failures locked the username is refused, and the lock stands', async () => {
    const rightGate = new Gate();
    rightGate.hold();
    const core = testCore({
      override: (c) => {
        const real = c.get<PasswordHasher>(PASSWORD_HASHER);
        c.rebindSync(PASSWORD_HASHER).toConstantValue({
          hash: (password: string) => real.hash(password),
          verify: async (password: string, digest: string) => {
            if (password === ADMIN_PASSWORD) await rightGate.pass();
            return real.verify(password, digest);
          },
        } satisfies PasswordHasher);
      },
    });
    await anAdmin(core, 'sally', { resources: [R.orders] });
    const user = await userNamed(core, 'sally');
    const check = passwordCheckOf(core);

    const right = check.check('sally', user, ADMIN_PASSWORD);
    const wrong = await Promise.all(Array.from({ length: 8 }, (_, i) => check.check('sally', user, `${WRONG} ${i}`)));
    rightGate.release();

    expect(wrong.some((result) => !result.ok && result.lockedNow)).toBe(true);
    expect(await right).toEqual({ ok: false, lockedNow: false });
    expect(await check.check('sally', user, ADMIN_PASSWORD)).toEqual({ ok: false, lockedNow: false });
    expect((await core.signInFailures.find('sally'))?.lockExpiresAt).not.toBeNull();
  });
});

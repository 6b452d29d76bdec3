import { AdminSignInLockout } from '../../../../src/application/use-cases/admin-auth/admin-sign-in-lockout.use-case';
import { testCore } from '../../../support/test-core';

describe('AdminSignInLockout (an operator reads and clears a lock-out)', () => {
  it('reports no failures for an unknown username', async () => {
    const core = testCore();
    await expect(core.container.get(AdminSignInLockout).state('nobody')).resolves.toEqual({ failures: 0, lockedUntil: null });
  });

  it('reports the count and the lock (username compared as sign-in does), and clears both', async () => {
    const core = testCore();
    const lockout = core.container.get(AdminSignInLockout);
    const until = new Date(core.clock.now().getTime() + 1800_000);
    for (let i = 0; i < 6; i += 1) await core.signInFailures.recordFailure('jane', core.clock.now());
    await core.signInFailures.lock('jane', until);

    await expect(lockout.state('  JANE ')).resolves.toEqual({ failures: 6, lockedUntil: until });
    await expect(lockout.clear('Jane')).resolves.toEqual({ failures: 6, lockedUntil: until });
    await expect(lockout.state('jane')).resolves.toEqual({ failures: 0, lockedUntil: null });
  });

  it('reports an expired lock as not locked, keeping the count', async () => {
    const core = testCore();
    await core.signInFailures.recordFailure('jane', core.clock.now());
    await core.signInFailures.lock('jane', core.clock.now());
    await expect(core.container.get(AdminSignInLockout).state('jane')).resolves.toEqual({ failures: 1, lockedUntil: null });
  });
});

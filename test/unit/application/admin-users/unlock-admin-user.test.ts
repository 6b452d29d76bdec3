import { ListAdminUsersPaged } from '../../../../src/application/use-cases/admin-users/list-admin-users-paged.use-case';
import { UnlockAdminUser } from '../../../../src/application/use-cases/admin-users/unlock-admin-user.use-case';
import { PortcullisResource } from '../../../../src/domain/acl/portcullis-resources';
import { anAdmin, ADMIN_PASSWORD, testCore, type TestCore } from '../../../support/test-core';

/*
 * Issue 17.5: a user locked out by failed sign-ins (docs/domain.md: 6 in a row, 1800 s) is shown
 * locked, with until when, and an admin unlocks them (Magento's Locked Users), not only the CLI.
 */

async function lockOut(core: TestCore, username: string): Promise<Date> {
  for (let i = 0; i < 6; i += 1) {
    await expect(core.portcullis.adminAuth.signIn({ username, password: `wrong-${i}-pass` })).rejects.toMatchObject({ code: 'ADMIN_AUTH.SIGN_IN_FAILED' });
  }
  return new Date(core.clock.now().getTime() + 1800_000);
}

const lockOf = async (core: TestCore, username: string): Promise<Date | null | undefined> =>
  (await core.container.get(ListAdminUsersPaged).execute({ pageSize: 200 })).items.find((user) => user.username === username)?.lockedUntil;

describe('UnlockAdminUser', () => {
  it('the All Users list shows until when a locked user is locked, and nothing for the others', async () => {
    const core = testCore();
    await anAdmin(core, 'sally', 'all');
    await anAdmin(core, 'bob', 'all');
    const until = await lockOut(core, 'sally');

    expect(await lockOf(core, 'sally')).toEqual(until);
    expect(await lockOf(core, 'bob')).toBeNull();
    core.clock.advance(1800);
    expect(await lockOf(core, 'sally')).toBeNull();
  });

  it('unlocks: the failures are forgotten and the right password signs in at once', async () => {
    const core = testCore();
    const { userId } = await anAdmin(core, 'sally', 'all');
    const until = await lockOut(core, 'sally');

    const result = await core.container.get(UnlockAdminUser).execute({ id: userId });

    expect(result).toEqual({ id: userId, username: 'sally', wasLockedUntil: until });
    expect(await lockOf(core, 'sally')).toBeNull();
    await expect(core.portcullis.adminAuth.signIn({ username: 'sally', password: ADMIN_PASSWORD })).resolves.toMatchObject({ adminUserId: userId });
  });

  it('answers wasLockedUntil null for a user who was not locked', async () => {
    const core = testCore();
    const { userId } = await anAdmin(core, 'sally', 'all');

    await expect(core.container.get(UnlockAdminUser).execute({ id: userId })).resolves.toEqual({ id: userId, username: 'sally', wasLockedUntil: null });
  });

  it('refuses an unknown user, and a user above the actor’s access (the lock stays)', async () => {
    const core = testCore();
    const { userId } = await anAdmin(core, 'root', 'all');
    const { actor } = await anAdmin(core, 'manager', { resources: [PortcullisResource.adminUsers] });
    const until = await lockOut(core, 'root');
    const unlock = core.container.get(UnlockAdminUser);

    await expect(unlock.execute({ id: 'no-such-user' })).rejects.toMatchObject({ code: 'ADMIN_USER.NOT_FOUND' });
    await expect(unlock.execute({ id: userId, actor })).rejects.toMatchObject({ code: 'ACCESS.PRIVILEGE_ESCALATION' });
    expect(await lockOf(core, 'root')).toEqual(until);
  });
});

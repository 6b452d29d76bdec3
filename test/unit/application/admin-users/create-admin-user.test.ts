import { type CreateAdminUserInput } from '../../../../src/application/use-cases/admin-users/create-admin-user.use-case';
import { R } from '../../../support/acl-fixtures';
import { fastPasswordHasher } from '../../../support/deterministic-ports';
import { anAdmin, rowCounts, testCore, type TestCore } from '../../../support/test-core';

const PASSWORD = 'tr0ub4dor&3';

let roleCount = 0;
async function aRole(core: TestCore, resources: readonly string[] = [R.orders]): Promise<string> {
  roleCount += 1;
  return (await core.portcullis.roles.create({ name: `role ${roleCount}`, resourceAccess: 'custom', resources })).id;
}

async function rejectionOf(attempt: Promise<unknown>): Promise<Error> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected the operation to be refused');
}

function input(roleId: string, overrides: Partial<CreateAdminUserInput> = {}): CreateAdminUserInput {
  return { username: 'jdoe', firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com', password: PASSWORD, roleId, ...overrides };
}

describe('CreateAdminUser', () => {
  it('creates an active user with the role and returns a view without the password digest', async () => {
    const core = testCore();
    const roleId = await aRole(core);

    const view = await core.portcullis.adminUsers.create(input(roleId));

    expect(view).toEqual({
      id: expect.any(String) as unknown,
      username: 'jdoe',
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane@example.com',
      active: true,
      roleId,
      createdAt: core.clock.now(),
      updatedAt: core.clock.now(),
    });
    expect(view).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(view)).not.toContain(PASSWORD);
  });

  it('stores a scrypt digest, not the password, that verifies with the hasher', async () => {
    const core = testCore();
    const view = await core.portcullis.adminUsers.create(input(await aRole(core)));

    const stored = (await core.adminUsers.findById(view.id))?.toSnapshot();

    expect(stored?.passwordHash).toBeDefined();
    const digest = stored?.passwordHash ?? '';
    expect(digest).not.toBe(PASSWORD);
    expect(digest).not.toContain(PASSWORD);
    expect(digest.startsWith('scrypt$')).toBe(true);
    expect(await fastPasswordHasher().verify(PASSWORD, digest)).toBe(true);
    expect(await fastPasswordHasher().verify('tr0ub4dor&4', digest)).toBe(false);
  });

  it('trims the username, names and email', async () => {
    const core = testCore();

    const view = await core.portcullis.adminUsers.create(
      input(await aRole(core), { username: ' jdoe ', firstName: ' Jane ', lastName: ' Doe ', email: ' jane@example.com ' }),
    );

    expect(view).toMatchObject({ username: 'jdoe', firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com' });
  });

  it.each([
    ['shorter than 7 characters', 'abc123', 'at least 7 characters'],
    ['without a digit', 'abcdefghij', 'numeric and alphabetic'],
    ['without a letter', '1234567890', 'numeric and alphabetic'],
    ['over 256 characters', `a1${'b'.repeat(255)}`, 'at most 256 characters'],
  ])('refuses a password %s with ADMIN_USER.PASSWORD_WEAK, never echoing it', async (_case, password, reason) => {
    const core = testCore();
    const roleId = await aRole(core);
    const before = rowCounts(core);

    const attempt = core.portcullis.adminUsers.create(input(roleId, { password }));

    await expect(attempt).rejects.toMatchObject({ code: 'ADMIN_USER.PASSWORD_WEAK', parameters: { field: 'password' } });
    const error = await rejectionOf(attempt);
    expect(error.message).toContain(reason);
    expect(error.message).not.toContain(password);
    expect(rowCounts(core)).toEqual(before);
  });

  it('accepts a password of exactly 7 characters with a letter and a digit', async () => {
    const core = testCore();

    const view = await core.portcullis.adminUsers.create(input(await aRole(core), { password: 'abcdef1' }));

    expect(view.active).toBe(true);
  });

  it.each([
    ['username', 'empty', { username: '' }, 'VALIDATION.REQUIRED'],
    ['username', 'with a space', { username: 'jane doe' }, 'VALIDATION.USERNAME_INVALID'],
    ['username', 'of 41 characters', { username: 'j'.repeat(41) }, 'VALIDATION.USERNAME_INVALID'],
    ['username', 'with a slash', { username: 'jane/doe' }, 'VALIDATION.USERNAME_INVALID'],
    ['firstName', 'blank', { firstName: '  ' }, 'VALIDATION.REQUIRED'],
    ['lastName', 'of 256 characters', { lastName: 'x'.repeat(256) }, 'VALIDATION.NAME_INVALID'],
    ['email', 'without @', { email: 'not-an-email' }, 'VALIDATION.EMAIL_INVALID'],
    ['email', 'empty', { email: '' }, 'VALIDATION.REQUIRED'],
  ] as const)('refuses a %s %s, naming the field', async (field, _case, overrides, code) => {
    const core = testCore();
    const roleId = await aRole(core);

    await expect(core.portcullis.adminUsers.create(input(roleId, overrides))).rejects.toMatchObject({ code, parameters: { field } });
    expect(rowCounts(core).adminUsers).toBe(0);
  });

  it('accepts a 40-character username using every allowed symbol', async () => {
    const core = testCore();
    const username = `a.b_c@d+e-f${'g'.repeat(29)}`;

    expect((await core.portcullis.adminUsers.create(input(await aRole(core), { username }))).username).toBe(username);
  });

  it('refuses a username another user has, ignoring case, with ADMIN_USER.USERNAME_TAKEN', async () => {
    const core = testCore();
    const roleId = await aRole(core);
    await core.portcullis.adminUsers.create(input(roleId));

    await expect(
      core.portcullis.adminUsers.create(input(roleId, { username: ' JDOE ', email: 'other@example.com' })),
    ).rejects.toMatchObject({ code: 'ADMIN_USER.USERNAME_TAKEN', parameters: { username: 'JDOE' } });
    expect((await core.portcullis.adminUsers.list()).map((user) => user.email)).toEqual(['jane@example.com']);
  });

  it('refuses an unknown role with ROLE.NOT_FOUND', async () => {
    const core = testCore();

    await expect(core.portcullis.adminUsers.create(input('no-such-role'))).rejects.toMatchObject({
      code: 'ROLE.NOT_FOUND',
      parameters: { id: 'no-such-role' },
    });
    expect(rowCounts(core).adminUsers).toBe(0);
  });

  it('refuses an integration\'s role with ROLE.NOT_FOUND', async () => {
    const core = testCore();
    const { integration } = await core.portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'custom' });
    const integrationRole = await core.roles.findByIntegrationId(integration.id);

    await expect(core.portcullis.adminUsers.create(input(integrationRole?.id ?? 'missing'))).rejects.toMatchObject({ code: 'ROLE.NOT_FOUND' });
    expect(rowCounts(core).adminUsers).toBe(0);
  });

  it('lets an admin assign a role within their access', async () => {
    const core = testCore();
    const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
    const roleId = await aRole(core, [R.capture]);

    const view = await core.portcullis.adminUsers.create({ ...input(roleId), actor });

    expect(view.roleId).toBe(roleId);
  });

  it('refuses to assign a role above the actor with ACCESS.PRIVILEGE_ESCALATION naming the resources', async () => {
    const core = testCore();
    const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
    const roleId = await aRole(core, [R.orders, R.customers]);
    const before = rowCounts(core);

    const attempt = core.portcullis.adminUsers.create({ ...input(roleId), actor });

    await expect(attempt).rejects.toMatchObject({ code: 'ACCESS.PRIVILEGE_ESCALATION', parameters: { resources: [R.customers] } });
    await expect(attempt).rejects.toThrow(R.customers);
    expect(rowCounts(core)).toEqual(before);
  });

  it('refuses to assign an All role unless the actor has All', async () => {
    const core = testCore();
    const { actor } = await anAdmin(core, 'sally', { resources: [R.sales, R.customers] });
    const all = await core.portcullis.roles.create({ name: 'Administrators', resourceAccess: 'all' });

    await expect(core.portcullis.adminUsers.create({ ...input(all.id), actor })).rejects.toMatchObject({
      code: 'ACCESS.PRIVILEGE_ESCALATION',
      parameters: { resources: ['all'] },
    });
  });
});

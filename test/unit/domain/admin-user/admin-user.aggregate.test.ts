import { AdminUser, type AdminUserSnapshot } from '../../../../src/domain/admin-user/admin-user.aggregate';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-01-02T00:00:00.000Z');

type CreateInput = Parameters<typeof AdminUser.create>[0];

const input = (overrides: Partial<CreateInput> = {}): CreateInput => ({
  id: 'user-1',
  username: 'jdoe',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@example.com',
  passwordHash: 'scrypt$1024$8$1$c2FsdA==$a2V5',
  roleId: 'role-1',
  now: T0,
  ...overrides,
});

function errorOf(action: () => unknown): { code: string; message: string; parameters: unknown } {
  try {
    action();
  } catch (error) {
    return error as { code: string; message: string; parameters: unknown };
  }
  throw new Error('expected an error');
}

describe('AdminUser', () => {
  describe('create', () => {
    it('creates an active user with trimmed fields', () => {
      const user = AdminUser.create(input({ username: ' jdoe ', firstName: ' Jane ', lastName: ' Doe ', email: ' jane@example.com ' }));

      expect(user.toSnapshot()).toEqual({
        id: 'user-1',
        username: 'jdoe',
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane@example.com',
        passwordHash: 'scrypt$1024$8$1$c2FsdA==$a2V5',
        active: true,
        roleId: 'role-1',
        createdAt: T0,
        updatedAt: T0,
      });
      expect(user.isActive).toBe(true);
      expect(user.id).toBe('user-1');
      expect(user.username).toBe('jdoe');
      expect(user.roleId).toBe('role-1');
      expect(user.passwordHash).toBe('scrypt$1024$8$1$c2FsdA==$a2V5');
    });

    it.each([
      ['username', 'empty', { username: ' ' }, 'VALIDATION.REQUIRED'],
      ['username', 'with a space', { username: 'j doe' }, 'VALIDATION.USERNAME_INVALID'],
      ['username', 'of 41 characters', { username: 'u'.repeat(41) }, 'VALIDATION.USERNAME_INVALID'],
      ['username', 'with a non-ASCII letter', { username: 'jösé' }, 'VALIDATION.USERNAME_INVALID'],
      ['firstName', 'blank', { firstName: '' }, 'VALIDATION.REQUIRED'],
      ['firstName', 'of 256 characters', { firstName: 'f'.repeat(256) }, 'VALIDATION.NAME_INVALID'],
      ['lastName', 'blank', { lastName: '\t' }, 'VALIDATION.REQUIRED'],
      ['email', 'blank', { email: '' }, 'VALIDATION.REQUIRED'],
      ['email', 'without a domain dot', { email: 'jane@localhost' }, 'VALIDATION.EMAIL_INVALID'],
      ['firstName', 'with NUL', { firstName: 'Ja\u0000ne' }, 'VALIDATION.CHARACTER_NOT_ALLOWED'],
      ['firstName', 'with ESC', { firstName: 'Jane\u001b]0;pwned\u0007' }, 'VALIDATION.CHARACTER_NOT_ALLOWED'],
      ['firstName', 'with U+202E', { firstName: '\u202eenaJ' }, 'VALIDATION.CHARACTER_NOT_ALLOWED'],
      ['lastName', 'with BEL', { lastName: 'Doe\u0007' }, 'VALIDATION.CHARACTER_NOT_ALLOWED'],
      ['lastName', 'with a C1 control', { lastName: 'Doe\u009b2J' }, 'VALIDATION.CHARACTER_NOT_ALLOWED'],
      ['lastName', 'with a zero-width space', { lastName: 'D\u200boe' }, 'VALIDATION.CHARACTER_NOT_ALLOWED'],
      ['email', 'with ESC (the pattern alone lets it through)', { email: 'jane\u001b[2J@example.com' }, 'VALIDATION.CHARACTER_NOT_ALLOWED'],
      ['email', 'with NUL', { email: 'jane\u0000@example.com' }, 'VALIDATION.CHARACTER_NOT_ALLOWED'],
    ] as const)('refuses a %s %s, naming the field', (field, _case, overrides, code) => {
      const error = errorOf(() => AdminUser.create(input(overrides)));

      expect(error.code).toBe(code);
      expect(error.parameters).toMatchObject({ field });
    });

    it('accepts boundary values: a 40-character username and 255-character names', () => {
      const user = AdminUser.create(input({ username: 'u'.repeat(40), firstName: 'f'.repeat(255), lastName: 'l'.repeat(255) }));

      expect(user.username).toHaveLength(40);
    });
  });

  describe('snapshot and restore', () => {
    it('round-trips', () => {
      const snapshot = AdminUser.create(input()).toSnapshot();

      expect(AdminUser.restore(snapshot).toSnapshot()).toEqual(snapshot);
    });

    it('restores an inactive user as stored, without validating again', () => {
      const row: AdminUserSnapshot = { ...AdminUser.create(input()).toSnapshot(), username: 'legacy name', active: false, updatedAt: T1 };

      const user = AdminUser.restore(row);

      expect(user.isActive).toBe(false);
      expect(user.toSnapshot()).toEqual(row);
    });

    it('keeps no reference to the row it was restored from, nor hands out its own state', () => {
      const row = AdminUser.create(input()).toSnapshot();
      const user = AdminUser.restore(row);
      const before = user.toSnapshot();

      user.deactivate(T1);

      expect(row.active).toBe(true);
      expect(before.active).toBe(true);
      expect(user.toSnapshot().active).toBe(false);
    });
  });

  describe('mutators', () => {
    it('updateProfile validates and trims, and moves updatedAt', () => {
      const user = AdminUser.create(input());

      user.updateProfile({ firstName: ' Janet ', lastName: 'Doe', email: 'janet@example.com' }, T1);

      expect(user.toSnapshot()).toMatchObject({ firstName: 'Janet', email: 'janet@example.com', createdAt: T0, updatedAt: T1 });
    });

    it('updateProfile refuses a bad field and keeps the old profile', () => {
      const user = AdminUser.create(input());

      const error = errorOf(() => user.updateProfile({ firstName: 'Janet', lastName: 'Doe', email: 'nope' }, T1));

      expect(error).toMatchObject({ code: 'VALIDATION.EMAIL_INVALID', parameters: { field: 'email' } });
      expect(user.toSnapshot()).toMatchObject({ firstName: 'Jane', email: 'jane@example.com', updatedAt: T0 });
    });

    it('assignRole, changePasswordHash, deactivate and activate change their field and updatedAt', () => {
      const user = AdminUser.create(input());

      user.assignRole('role-2', T1);
      expect(user.toSnapshot()).toMatchObject({ roleId: 'role-2', updatedAt: T1 });

      user.changePasswordHash('scrypt$new', T1);
      expect(user.passwordHash).toBe('scrypt$new');

      user.deactivate(T1);
      expect(user.isActive).toBe(false);
      user.activate(T1);
      expect(user.isActive).toBe(true);
      expect(user.toSnapshot()).toMatchObject({ username: 'jdoe', createdAt: T0, updatedAt: T1 });
    });
  });

  it('usernameKey compares usernames ignoring case and surrounding spaces', () => {
    expect(AdminUser.usernameKey(' JDoe ')).toBe(AdminUser.usernameKey('jdoe'));
  });

  it('names a refused character by code point and never echoes it, in names and usernames', () => {
    const name = errorOf(() => AdminUser.create(input({ firstName: 'Jane\u001b[2J' })));
    expect(name.message).toBe('"firstName" must not contain control, invisible or bidirectional characters; it has U+001B (a control character) at character 5.');
    const username = errorOf(() => AdminUser.create(input({ username: 'j\u001b[2J' })));
    expect(username.message).toBe('"username" must be 1 to 40 letters, digits or . _ @ + -; "j\\x1b[2J" is not.');
    expect(username.parameters).toEqual({ field: 'username', value: 'j\\x1b[2J' });
  });

  it('normalises first and last names (NFC, spaces collapsed)', () => {
    const user = AdminUser.create(input({ firstName: 'Jose\u0301\u00a0 Mari\u0301a', lastName: ' Doe ' }));
    expect(user.toSnapshot()).toMatchObject({ firstName: 'Jos\u00e9 Mar\u00eda', lastName: 'Doe' });
  });
});

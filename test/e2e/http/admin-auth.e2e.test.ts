import { describeMysql } from '../../integration/persistence/backends';
import {
  adminToken,
  administratorsRoleId,
  allRoles,
  allUsers,
  createRole,
  createUser,
  expectSafeError,
  fieldsOf,
  RESOURCE,
  SIGN_IN_FAILED,
  SIGN_IN_URL,
  signInAttempt,
  type AdminUserJson,
  type AdminUserListItemJson,
} from './admin-api-support';
import { startTestServer, type BackendKind, type TestServer } from './server-harness';

/*
 * Admin sign-in over real HTTP (docs/oauth.md §6, docs/domain.md "Roles and admin users"): the token, the
 * 400 for missing fields, one 401 for every refusal, the lock-out after 6 failures for 1800 s and
 * its reset on success, token expiry after 4 h, sign-out, and "Your Password" on saves.
 *
 * The server's clock moves only when a test advances it; each test signs in afresh, and lock-out
 * tests use their own users so that no test locks another out.
 */

jest.setTimeout(60_000);

const LOCK_SECONDS = 1800;
const TOKEN_LIFETIME_SECONDS = 4 * 3600;
const USER_PASSWORD = 'Zebra7pass';
const MISSING = (field: string): string => `"${field}" is required. Enter and try again.`;

/** The whole suite on one backend; the MySQL database is this file's own (parallel files never collide). */
function adminAuthSuite(kind: BackendKind): void {
  let t: TestServer;
  let administratorsId: string;
  let userCount = 0;

  beforeAll(async () => {
    t = await startTestServer(kind, { mysqlDatabase: 'portcullis_test_e2e_auth' });
    administratorsId = await administratorsRoleId(t);
  });
  afterAll(() => t.close());

  /** A fresh active admin user (Administrators unless told otherwise). */
  const newUser = async (prefix: string, roleId: string = administratorsId): Promise<AdminUserJson> => {
    userCount += 1;
    return createUser(t, `${prefix}${userCount}`, USER_PASSWORD, roleId);
  };

  /** An admin endpoint any Administrator may call. */
  const adminCall = (token: string) => t.call('GET', '/rest/V1/roles', { token });

  describe('sign-in', () => {
    it('answers 200 with the bearer token as a JSON string of 32 [0-9a-z]', async () => {
      const response = await signInAttempt(t, 'admin', t.adminPassword);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const token = response.json<unknown>();
      expect(typeof token).toBe('string');
      expect(token).toMatch(/^[0-9a-z]{32}$/);
      expect(response.body).toBe(JSON.stringify(token));
      expect((await adminCall(token as string)).statusCode).toBe(200);
    });

    it('gives a different token on each sign-in, each usable', async () => {
      const first = await t.signIn();
      const second = await t.signIn();
      expect(first).not.toBe(second);
      expect((await adminCall(first)).statusCode).toBe(200);
      expect((await adminCall(second)).statusCode).toBe(200);
    });

    it('accepts the username in another case and with surrounding blanks', async () => {
      const user = await newUser('CaseUser');
      expect((await signInAttempt(t, user.username.toLowerCase(), USER_PASSWORD)).statusCode).toBe(200);
      expect((await signInAttempt(t, `  ${user.username}  `, USER_PASSWORD)).statusCode).toBe(200);
    });

    it.each([
      ['an empty body', {}, ['username', 'password']],
      ['empty fields', { username: '', password: '' }, ['username', 'password']],
      ['no password', { username: 'admin' }, ['password']],
      ['an empty password', { username: 'admin', password: '' }, ['password']],
      ['no username', { password: 'whatever1' }, ['username']],
      ['non-text fields', { username: 42, password: true }, ['username', 'password']],
    ])('answers 400 listing each missing field for %s', async (_label, body, missing) => {
      const response = await t.call('POST', SIGN_IN_URL, { body });
      const error = expectSafeError(response, 400, ['whatever1']);
      expect(error.code).toBe('VALIDATION.FAILED');
      expect(fieldsOf(error)).toEqual(missing);
      expect(error.errors).toEqual(missing.map((field) => ({ field, message: MISSING(field) })));
      expect(error.parameters).toEqual({ fields: missing });
    });

    it('answers 400 for a request without any body', async () => {
      const response = await t.call('POST', SIGN_IN_URL);
      const error = expectSafeError(response, 400);
      expect(fieldsOf(error)).toEqual(['username', 'password']);
    });

    it('answers 401 with the one sign-in message for a wrong password, an unknown user and an inactive user', async () => {
      const inactive = await newUser('inactive');
      const deactivate = await t.call('PUT', `/rest/V1/admin-users/${inactive.id}`, {
        token: await adminToken(t),
        body: { active: false, currentPassword: t.adminPassword },
      });
      expect(deactivate.statusCode).toBe(200);

      const attempts: [string, string][] = [
        ['admin', 'Wrong-password-1'],
        ['nobody-here', 'Any-password-2'],
        [inactive.username, USER_PASSWORD],
      ];
      const bodies = [];
      for (const [username, password] of attempts) {
        const response = await signInAttempt(t, username, password);
        const error = expectSafeError(response, 401, [password]);
        expect(error.message).toBe(SIGN_IN_FAILED);
        expect(error.code).toBe('ADMIN_AUTH.SIGN_IN_FAILED');
        bodies.push(response.body);
      }
      // Nothing tells the three cases apart.
      expect(new Set(bodies).size).toBe(1);
      // The wrong password did not lock admin out (one failure), and success resets it.
      expect((await signInAttempt(t, 'admin', t.adminPassword)).statusCode).toBe(200);
    });

    it('refuses a user whose role was deleted (same 401)', async () => {
      const role = await createRole(t, 'Short-lived role', { resourceAccess: 'custom', resources: [RESOURCE.integrations] });
      const user = await newUser('orphan', role.id);
      const userToken = await t.signIn(user.username, USER_PASSWORD);
      const deleted = await t.call('DELETE', `/rest/V1/roles/${role.id}`, { token: await adminToken(t) });
      expect(deleted.statusCode).toBe(200);
      expect(deleted.json()).toMatchObject({ id: role.id, usersWithoutRole: 1 });
      const error = expectSafeError(await signInAttempt(t, user.username, USER_PASSWORD), 401, [USER_PASSWORD]);
      expect(error.message).toBe(SIGN_IN_FAILED);
      expectSafeError(await t.call('GET', '/rest/V1/integrations', { token: userToken }), 401);
    });
  });

  describe('lock-out', () => {
    it('after 6 failures refuses the right password, until 1800 s have passed', async () => {
      const user = await newUser('locked');
      const earlier = await t.signIn(user.username, USER_PASSWORD);
      for (let i = 1; i <= 6; i += 1) {
        const error = expectSafeError(await signInAttempt(t, user.username, `Wrong-${i}-pass`), 401, [`Wrong-${i}-pass`]);
        expect(error.message).toBe(SIGN_IN_FAILED);
      }
      // Locked: the right password gets the same answer.
      const refused = expectSafeError(await signInAttempt(t, user.username, USER_PASSWORD), 401, [USER_PASSWORD]);
      expect(refused.message).toBe(SIGN_IN_FAILED);
      expect(refused.code).toBe('ADMIN_AUTH.SIGN_IN_FAILED');
      // Reaching the lock-out signed the user out everywhere.
      expectSafeError(await adminCall(earlier), 401);
      // Other users are not affected.
      expect((await signInAttempt(t, 'admin', t.adminPassword)).statusCode).toBe(200);

      t.clock.advance(LOCK_SECONDS - 1);
      expect((await signInAttempt(t, user.username, USER_PASSWORD)).statusCode).toBe(401);
      t.clock.advance(1);
      const after = await signInAttempt(t, user.username, USER_PASSWORD);
      expect(after.statusCode).toBe(200);
      expect((await adminCall(after.json<string>())).statusCode).toBe(200);
    });

    it('counts failures per username whatever its case and blanks', async () => {
      const user = await newUser('mixed');
      const spellings = [user.username, user.username.toUpperCase(), user.username.toLowerCase(), ` ${user.username}`, `${user.username} `, user.username];
      for (const spelling of spellings) {
        expect((await signInAttempt(t, spelling, 'Not-it-123')).statusCode).toBe(401);
      }
      expect((await signInAttempt(t, user.username, USER_PASSWORD)).statusCode).toBe(401);
      t.clock.advance(LOCK_SECONDS);
      expect((await signInAttempt(t, user.username, USER_PASSWORD)).statusCode).toBe(200);
    });

    it('starts counting again after a lock has ended (one failure does not lock again)', async () => {
      const user = await newUser('relock');
      for (let i = 0; i < 6; i += 1) await signInAttempt(t, user.username, 'Wrong-pass-1');
      t.clock.advance(LOCK_SECONDS);
      expect((await signInAttempt(t, user.username, 'Wrong-pass-1')).statusCode).toBe(401);
      expect((await signInAttempt(t, user.username, USER_PASSWORD)).statusCode).toBe(200);
    });

    it('resets the counter on success: 5 failures, success, 5 failures, and the right password still works', async () => {
      const user = await newUser('reset');
      for (let i = 0; i < 5; i += 1) expect((await signInAttempt(t, user.username, 'Wrong-pass-2')).statusCode).toBe(401);
      expect((await signInAttempt(t, user.username, USER_PASSWORD)).statusCode).toBe(200);
      for (let i = 0; i < 5; i += 1) expect((await signInAttempt(t, user.username, 'Wrong-pass-2')).statusCode).toBe(401);
      const last = await signInAttempt(t, user.username, USER_PASSWORD);
      expect(last.statusCode).toBe(200);
      expect(last.json<string>()).toMatch(/^[0-9a-z]{32}$/);
    });

    it('locks an unknown username too, without creating anything', async () => {
      for (let i = 0; i < 7; i += 1) {
        const error = expectSafeError(await signInAttempt(t, 'ghost-user', `Ghost-${i}-pass`), 401, [`Ghost-${i}-pass`]);
        expect(error.message).toBe(SIGN_IN_FAILED);
      }
      expect((await allUsers(t, await adminToken(t))).map((u) => u.username)).not.toContain('ghost-user');
    });

    it('All Users shows a locked user as locked, until when; POST …/unlock lets them sign in at once (issue 17.5)', async () => {
      const user = await newUser('unlockable');
      for (let i = 1; i <= 6; i += 1) expect((await signInAttempt(t, user.username, `Wrong-${i}-pass`)).statusCode).toBe(401);
      const until = new Date(t.clock.now().getTime() + LOCK_SECONDS * 1000).toISOString();
      const token = await adminToken(t);
      const rowOf = async (id: string): Promise<AdminUserListItemJson | undefined> => (await allUsers(t, token)).find((row) => row.id === id);
      // Still active (an admin did not deactivate them), and locked until the lock ends.
      expect(await rowOf(user.id)).toMatchObject({ active: true, lockedUntil: until });
      const adminRow = (await allUsers(t, token)).find((row) => row.username === 'admin');
      expect(adminRow?.lockedUntil).toBeNull();
      expect((await signInAttempt(t, user.username, USER_PASSWORD)).statusCode).toBe(401);

      const unlocked = await t.call('POST', `/rest/V1/admin-users/${user.id}/unlock`, { token });
      expect(unlocked.statusCode).toBe(200);
      expect(unlocked.json()).toEqual({ id: user.id, username: user.username, wasLockedUntil: until });
      expect((await rowOf(user.id))?.lockedUntil).toBeNull();
      expect((await signInAttempt(t, user.username, USER_PASSWORD)).statusCode).toBe(200);

      // Unlocking a user who is not locked is harmless, and says so.
      const again = await t.call('POST', `/rest/V1/admin-users/${user.id}/unlock`, { token });
      expect(again.json()).toEqual({ id: user.id, username: user.username, wasLockedUntil: null });
    });

    it('unlock forgets the failures counted so far too, and ends a lock whatever the username was typed like', async () => {
      const user = await newUser('counted');
      for (let i = 0; i < 5; i += 1) await signInAttempt(t, user.username.toUpperCase(), 'Wrong-pass-3');
      expect((await t.call('POST', `/rest/V1/admin-users/${user.id}/unlock`, { token: await adminToken(t) })).json()).toMatchObject({ wasLockedUntil: null });
      // Five more failures do not lock: the count started again.
      for (let i = 0; i < 5; i += 1) await signInAttempt(t, user.username, 'Wrong-pass-3');
      expect((await signInAttempt(t, user.username, USER_PASSWORD)).statusCode).toBe(200);
    });

    it('unlock needs Portcullis::admin_users, answers 404 for an unknown user, and never reaches a user above one’s access', async () => {
      const target = await newUser('lockedadmin');
      for (let i = 0; i < 6; i += 1) await signInAttempt(t, target.username, 'Wrong-pass-4');
      const integrators = await createRole(t, `Integrators ${userCount}`, { resourceAccess: 'custom', resources: [RESOURCE.integrations] });
      const limited = await newUser('integrator', integrators.id);
      const denied = expectSafeError(await t.call('POST', `/rest/V1/admin-users/${target.id}/unlock`, { token: await t.signIn(limited.username, USER_PASSWORD) }), 403);
      expect(denied).toEqual({
        message: "Your role isn't authorized to access Portcullis::admin_users.",
        code: 'ACCESS.DENIED',
        parameters: { resources: 'Portcullis::admin_users' },
      });
      const managers = await createRole(t, `User managers ${userCount}`, { resourceAccess: 'custom', resources: [RESOURCE.adminUsers] });
      const manager = await newUser('manager', managers.id);
      // The target is an Administrator: above a manager of users.
      const escalation = expectSafeError(await t.call('POST', `/rest/V1/admin-users/${target.id}/unlock`, { token: await t.signIn(manager.username, USER_PASSWORD) }), 403);
      expect(escalation.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
      expect((await signInAttempt(t, target.username, USER_PASSWORD)).statusCode).toBe(401);
      const unknown = expectSafeError(await t.call('POST', '/rest/V1/admin-users/no-such-user/unlock', { token: await adminToken(t) }), 404);
      expect(unknown.code).toBe('ADMIN_USER.NOT_FOUND');
    });

    it('answers a very long username with the sign-in 401, never a 500 (the counter key is bounded)', async () => {
      const long = 'a'.repeat(300);
      for (let i = 0; i < 2; i += 1) {
        const error = expectSafeError(await signInAttempt(t, long, 'Wrong-pass-1'), 401, ['Wrong-pass-1']);
        expect(error.message).toBe(SIGN_IN_FAILED);
      }
    });
  });

  describe('token lifetime and sign-out', () => {
    it('a token works until 4 h have passed, then gets 401', async () => {
      const token = await t.signIn();
      expect((await adminCall(token)).statusCode).toBe(200);
      t.clock.advance(TOKEN_LIFETIME_SECONDS - 1);
      expect((await adminCall(token)).statusCode).toBe(200);
      t.clock.advance(1);
      const error = expectSafeError(await adminCall(token), 401);
      expect(error.code).toBe('ADMIN_AUTH.TOKEN_INVALID');
      expectSafeError(await t.call('GET', '/rest/V1/admin-users', { token }), 401);
      // A new sign-in gives a working token.
      expect((await adminCall(await t.signIn())).statusCode).toBe(200);
    });

    it('sign-out answers true and the token gets 401 afterwards; other tokens keep working', async () => {
      const token = await t.signIn();
      const other = await t.signIn();
      const out = await t.call('DELETE', SIGN_IN_URL, { token });
      expect(out.statusCode).toBe(200);
      expect(out.json()).toBe(true);
      const error = expectSafeError(await adminCall(token), 401);
      expect(error.code).toBe('ADMIN_AUTH.TOKEN_INVALID');
      // Signing out again with the revoked token is refused.
      expectSafeError(await t.call('DELETE', SIGN_IN_URL, { token }), 401);
      expect((await adminCall(other)).statusCode).toBe(200);
    });

    it('sign-out needs a token', async () => {
      expectSafeError(await t.call('DELETE', SIGN_IN_URL), 401);
    });

    it.each([
      ['no Authorization header', {}],
      ['a Basic Authorization header', { authorization: 'Basic YWRtaW46cGFzc3dvcmQ=' }],
      ['"Bearer" without a token', { authorization: 'Bearer' }],
      ['"Bearer" with an empty token', { authorization: 'Bearer ' }],
      ['a Bearer header with two words', { authorization: 'Bearer abc def' }],
      ['an unknown token', { authorization: `Bearer ${'0'.repeat(32)}` }],
      ['a token of the wrong shape', { authorization: 'Bearer not-a-token' }],
    ])('answers 401 for %s', async (_label, headers) => {
      for (const url of ['/rest/V1/roles', '/rest/V1/admin-users', '/rest/V1/acl/resources', '/rest/V1/integrations']) {
        const error = expectSafeError(await t.call('GET', url, { headers }), 401);
        expect(error.code).toBe('ADMIN_AUTH.TOKEN_INVALID');
      }
    });

    it('a token is checked before the body: an anonymous save gets 401, not 400', async () => {
      const error = expectSafeError(await t.call('POST', '/rest/V1/roles', { body: { name: '' } }), 401);
      expect(error.code).toBe('ADMIN_AUTH.TOKEN_INVALID');
    });
  });

  describe('"Your Password" on saves', () => {
    it('a wrong currentPassword answers 400 naming currentPassword and saves nothing', async () => {
      const user = await newUser('confirm');
      const token = await t.signIn(user.username, USER_PASSWORD);
      const wrong = 'Not-my-password-9';
      const response = await t.call('PUT', `/rest/V1/admin-users/${user.id}`, { token, body: { firstName: 'Changed', currentPassword: wrong } });
      const error = expectSafeError(response, 400, [wrong, USER_PASSWORD]);
      expect(error.code).toBe('ADMIN_AUTH.CURRENT_PASSWORD_INVALID');
      expect(fieldsOf(error)).toEqual(['currentPassword']);
      expect(error.parameters).toMatchObject({ field: 'currentPassword' });
      const read = await t.call('GET', `/rest/V1/admin-users/${user.id}`, { token });
      expect(read.json<AdminUserJson>().firstName).toBe('Test');

      // The same on a role save and on a user creation.
      const role = expectSafeError(
        await t.call('POST', '/rest/V1/roles', { token, body: { name: 'Never saved', resourceAccess: 'all', currentPassword: wrong } }),
        400,
        [wrong],
      );
      expect(fieldsOf(role)).toEqual(['currentPassword']);
      expect((await allRoles(t, token)).map((r) => r.name)).not.toContain('Never saved');

      // A missing currentPassword is a plain validation error.
      const missing = expectSafeError(await t.call('PUT', `/rest/V1/admin-users/${user.id}`, { token, body: { firstName: 'Changed' } }), 400);
      expect(missing.code).toBe('VALIDATION.FAILED');
      expect(fieldsOf(missing)).toEqual(['currentPassword']);

      // The right one saves (and resets the failures counted so far).
      const saved = await t.call('PUT', `/rest/V1/admin-users/${user.id}`, { token, body: { firstName: 'Changed', currentPassword: USER_PASSWORD } });
      expect(saved.statusCode).toBe(200);
      expect(saved.json<AdminUserJson>().firstName).toBe('Changed');
    });

    it('6 wrong currentPassword attempts lock the admin out and revoke their token', async () => {
      const user = await newUser('confirm-lock');
      const token = await t.signIn(user.username, USER_PASSWORD);
      const other = await t.signIn(user.username, USER_PASSWORD);
      for (let i = 1; i <= 5; i += 1) {
        const wrong = `Wrong-current-${i}`;
        const error = expectSafeError(
          await t.call('PUT', `/rest/V1/admin-users/${user.id}`, { token, body: { lastName: 'X', currentPassword: wrong } }),
          400,
          [wrong],
        );
        expect(error.code).toBe('ADMIN_AUTH.CURRENT_PASSWORD_INVALID');
        expect(fieldsOf(error)).toEqual(['currentPassword']);
        // Still signed in.
        expect((await adminCall(token)).statusCode).toBe(200);
      }
      const sixth = expectSafeError(
        await t.call('PUT', `/rest/V1/admin-users/${user.id}`, { token, body: { lastName: 'X', currentPassword: 'Wrong-current-6' } }),
        400,
        ['Wrong-current-6'],
      );
      expect(sixth.code).toBe('ADMIN_AUTH.CURRENT_PASSWORD_INVALID');
      expect(fieldsOf(sixth)).toEqual(['currentPassword']);
      expect(sixth.message).toBe('The password entered for the current user is invalid. Your account is locked and you have been signed out.');

      // Signed out everywhere.
      expectSafeError(await adminCall(token), 401);
      expectSafeError(await adminCall(other), 401);
      expectSafeError(
        await t.call('PUT', `/rest/V1/admin-users/${user.id}`, { token, body: { lastName: 'X', currentPassword: USER_PASSWORD } }),
        401,
        [USER_PASSWORD],
      );
      // And locked out of sign-in, like 6 failed sign-ins.
      expect(expectSafeError(await signInAttempt(t, user.username, USER_PASSWORD), 401, [USER_PASSWORD]).message).toBe(SIGN_IN_FAILED);
      const read = await t.call('GET', `/rest/V1/admin-users/${user.id}`, { token: await adminToken(t) });
      expect(read.json<AdminUserJson>().lastName).toBe(user.lastName);

      t.clock.advance(LOCK_SECONDS);
      const back = await t.signIn(user.username, USER_PASSWORD);
      expect((await adminCall(back)).statusCode).toBe(200);
    });

    it('failed sign-ins and wrong currentPasswords add up to one count', async () => {
      const user = await newUser('mixed-count');
      const token = await t.signIn(user.username, USER_PASSWORD);
      for (let i = 0; i < 3; i += 1) expect((await signInAttempt(t, user.username, 'Wrong-pass-3')).statusCode).toBe(401);
      for (let i = 0; i < 3; i += 1) {
        const response = await t.call('POST', '/rest/V1/roles', { token, body: { name: 'Nope', resourceAccess: 'all', currentPassword: 'Wrong-pass-3' } });
        expect(response.statusCode).toBe(400);
      }
      expectSafeError(await adminCall(token), 401);
      expect((await signInAttempt(t, user.username, USER_PASSWORD)).statusCode).toBe(401);
      t.clock.advance(LOCK_SECONDS);
    });
  });

  describe('error bodies', () => {
    it('never carry a stack trace nor the passwords sent', async () => {
      const token = await t.signIn();
      const secret = 'Sup3r-secret-value';
      const answers = [
        [await signInAttempt(t, 'admin', secret), 401],
        [await t.call('POST', SIGN_IN_URL, { body: { username: secret, password: '' } }), 400],
        [await t.call('POST', SIGN_IN_URL, { body: '{"username": "admin", "password": ', headers: { 'content-type': 'application/json' } }), 400],
        [await t.call('POST', SIGN_IN_URL, { body: 'username=admin', headers: { 'content-type': 'text/plain' } }), 415],
        [await t.call('POST', '/rest/V1/roles', { token, body: { name: 'A', resourceAccess: 'all', currentPassword: secret } }), 400],
        [
          await t.call('POST', '/rest/V1/admin-users', {
            token,
            body: { username: 'x', firstName: 'x', lastName: 'x', email: 'x@example.com', password: 'short', roleId: administratorsId, currentPassword: t.adminPassword },
          }),
          400,
        ],
        [await t.call('GET', '/rest/V1/roles/does-not-exist', { token }), 404],
        [await t.call('GET', '/rest/V1/nowhere', { token }), 404],
      ] as const;
      for (const [response, status] of answers) {
        expectSafeError(response, status, [secret, 'short', t.adminPassword, token]);
      }
    });
  });
}

describe('admin sign-in over HTTP (SQLite)', () => adminAuthSuite('sqlite'));
describeMysql('admin sign-in over HTTP (MariaDB)', () => adminAuthSuite('mysql'));

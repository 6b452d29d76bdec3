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
  signInAttempt,
  type AdminUserJson,
  type AdminUserListItemJson,
  type PageJson,
  type RoleJson,
} from './admin-api-support';
import { startTestServer, type BackendKind, type TestServer } from './server-harness';

/*
 * System > Permissions over real HTTP: roles and admin users, every endpoint's success and failure
 * answers, the ACL guard of Portcullis's own resources (403 naming the missing resource while an
 * Administrator succeeds), and no privilege escalation (docs/domain.md "Roles and admin users").
 * State is checked through the API only: after a refused save, the record reads back unchanged.
 */

jest.setTimeout(60_000);

const ROLES = '/rest/V1/roles';
const USERS = '/rest/V1/admin-users';
const ACL = '/rest/V1/acl/resources';
const INTEGRATIONS = '/rest/V1/integrations';
const PASSWORD = 'Falcon42wing';
const ALL_RESOURCES = [RESOURCE.portcullis, RESOURCE.integrations, RESOURCE.roles, RESOURCE.adminUsers, RESOURCE.acl, RESOURCE.audit, RESOURCE.metrics];

interface PermissionJson {
  resourceId: string;
  title: string;
  parentId: string | null;
  depth: number;
  allowed: boolean;
  reason: { kind: string; by?: string; to?: string[] };
}
interface PermissionsJson {
  access: RoleJson['access'];
  permissions: PermissionJson[];
}
interface AclNodeJson {
  id: string;
  title: string;
  sortOrder: number;
  children: AclNodeJson[];
}

/** An admin is told it is their role ("the consumer" is Magento's word for an integration). */
const deniedMessage = (resource: string): string => `Your role isn't authorized to access ${resource}.`;
const idsOf = (nodes: AclNodeJson[]): string[] => nodes.flatMap((node) => [node.id, ...idsOf(node.children)]);

/** No key of an admin user as sent that could carry a password or its digest. */
function expectNoPasswordFields(value: unknown): void {
  const keys = (v: unknown): string[] =>
    Array.isArray(v) ? v.flatMap(keys) : typeof v === 'object' && v !== null ? Object.entries(v).flatMap(([k, item]) => [k, ...keys(item)]) : [];
  expect(keys(value).filter((key) => /pass|hash|digest|salt|secret/i.test(key))).toEqual([]);
}

/** The whole suite on one backend; the MySQL database is this file's own (parallel files never collide). */
function rolesAndUsersSuite(kind: BackendKind): void {
  let t: TestServer;
  let token: string;
  let administratorsId: string;
  let adminId: string;

  beforeAll(async () => {
    t = await startTestServer(kind, { mysqlDatabase: 'portcullis_test_e2e_roles_users' });
    token = await adminToken(t);
    administratorsId = await administratorsRoleId(t);
    adminId = (await allUsers(t, token)).find((u) => u.username === 'admin')?.id ?? '';
  });
  afterAll(() => t.close());

  const pw = (): string => t.adminPassword;
  const userBody = (username: string, roleId: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    username,
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `${username.toLowerCase()}@example.com`,
    password: PASSWORD,
    roleId,
    currentPassword: pw(),
    ...extra,
  });

  describe('ACL resources', () => {
    it('GET /rest/V1/acl/resources answers the tree with Portcullis’s own resources', async () => {
      const response = await t.call('GET', ACL, { token });
      expect(response.statusCode).toBe(200);
      const tree = response.json<AclNodeJson[]>();
      expect(idsOf(tree)).toEqual(ALL_RESOURCES);
      expect(tree[0]).toMatchObject({ id: RESOURCE.portcullis, title: 'Portcullis' });
    });
  });

  describe('roles', () => {
    it('lists the built-in Administrators role with access to all', async () => {
      const response = await t.call('GET', ROLES, { token });
      expect(response.statusCode).toBe(200);
      const administrators = response.json<PageJson<RoleJson>>().items.find((role) => role.id === administratorsId);
      expect(administrators).toMatchObject({ name: 'Administrators', access: { resourceAccess: 'all', resources: [], excluded: [] } });
    });

    it('creates a role: 201 with a Location header, readable there and in the list', async () => {
      const response = await t.call('POST', ROLES, {
        token,
        body: { name: 'Catalog Editors', resourceAccess: 'custom', resources: [RESOURCE.integrations, RESOURCE.acl], currentPassword: pw() },
      });
      expect(response.statusCode).toBe(201);
      const role = response.json<RoleJson>();
      expect(role).toEqual({
        id: expect.any(String) as unknown,
        name: 'Catalog Editors',
        access: { resourceAccess: 'custom', resources: expect.arrayContaining([RESOURCE.integrations, RESOURCE.acl]) as unknown, excluded: [] },
        readOnly: false,
        createdAt: expect.any(String) as unknown,
        updatedAt: expect.any(String) as unknown,
      });
      expect(response.headers.location).toBe(`${ROLES}/${role.id}`);

      const read = await t.call('GET', response.headers.location as string, { token });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(role);
      expect(await allRoles(t, token)).toContainEqual(role);
    });

    it('lists roles by name, ignoring case', async () => {
      for (const name of ['zeta readers', 'Alpha readers', 'beta readers']) {
        await createRole(t, name, { resourceAccess: 'custom', resources: [RESOURCE.acl] });
      }
      const names = (await allRoles(t, token)).map((role) => role.name);
      expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
      expect(names.indexOf('Alpha readers')).toBeLessThan(names.indexOf('beta readers'));
      expect(names.indexOf('beta readers')).toBeLessThan(names.indexOf('zeta readers'));
    });

    it('creates a role with a resource checked and a child unchecked', async () => {
      const role = await createRole(t, 'All but ACL', { resourceAccess: 'custom', resources: [RESOURCE.portcullis], excluded: [RESOURCE.acl] });
      expect(role.access).toEqual({ resourceAccess: 'custom', resources: [RESOURCE.portcullis], excluded: [RESOURCE.acl] });
      const permissions = await t.call('GET', `${ROLES}/${role.id}/permissions`, { token });
      expect(permissions.statusCode).toBe(200);
      const allowed = Object.fromEntries(permissions.json<PermissionsJson>().permissions.map((p) => [p.resourceId, p.allowed]));
      expect(allowed).toEqual({
        [RESOURCE.portcullis]: true,
        [RESOURCE.integrations]: true,
        [RESOURCE.roles]: true,
        [RESOURCE.adminUsers]: true,
        [RESOURCE.acl]: false,
        [RESOURCE.audit]: true,
        [RESOURCE.metrics]: true,
      });
    });

    it('GET /roles/:id/permissions answers every resource, allowed or not, with its reason', async () => {
      const role = await createRole(t, 'Integrations only (perm)', { resourceAccess: 'custom', resources: [RESOURCE.integrations] });
      const response = await t.call('GET', `${ROLES}/${role.id}/permissions`, { token });
      expect(response.statusCode).toBe(200);
      const body = response.json<PermissionsJson>();
      expect(body.access).toEqual(role.access);
      expect(body.permissions.map((p) => p.resourceId)).toEqual(ALL_RESOURCES);
      const byId = new Map(body.permissions.map((p) => [p.resourceId, p]));
      expect(byId.get(RESOURCE.integrations)).toMatchObject({ allowed: true, reason: { kind: 'selected' }, parentId: RESOURCE.portcullis, depth: 2 });
      expect(byId.get(RESOURCE.portcullis)).toMatchObject({ allowed: true, parentId: null, depth: 1 });
      for (const id of [RESOURCE.roles, RESOURCE.adminUsers, RESOURCE.acl, RESOURCE.audit, RESOURCE.metrics]) {
        expect(byId.get(id)).toMatchObject({ allowed: false, reason: { kind: 'not-granted' } });
      }

      const administrators = await t.call('GET', `${ROLES}/${administratorsId}/permissions`, { token });
      expect(administrators.statusCode).toBe(200);
      expect(administrators.json<PermissionsJson>().permissions.every((p) => p.allowed)).toBe(true);
    });

    it('updates a role: rename, change access, fields not sent keep their value', async () => {
      const role = await createRole(t, 'Renamable', { resourceAccess: 'custom', resources: [RESOURCE.acl] });
      const renamed = await t.call('PUT', `${ROLES}/${role.id}`, { token, body: { name: 'Renamed role', currentPassword: pw() } });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json<RoleJson>()).toMatchObject({ id: role.id, name: 'Renamed role', access: role.access });

      const widened = await t.call('PUT', `${ROLES}/${role.id}`, {
        token,
        body: { resourceAccess: 'custom', resources: [RESOURCE.acl, RESOURCE.integrations], currentPassword: pw() },
      });
      expect(widened.statusCode).toBe(200);
      expect(widened.json<RoleJson>()).toMatchObject({ name: 'Renamed role', access: { resourceAccess: 'custom' } });
      expect([...widened.json<RoleJson>().access.resources].sort()).toEqual([RESOURCE.acl, RESOURCE.integrations].sort());

      const all = await t.call('PUT', `${ROLES}/${role.id}`, { token, body: { resourceAccess: 'all', currentPassword: pw() } });
      expect(all.statusCode).toBe(200);
      expect(all.json<RoleJson>().access).toEqual({ resourceAccess: 'all', resources: [], excluded: [] });

      const read = await t.call('GET', `${ROLES}/${role.id}`, { token });
      expect(read.json<RoleJson>()).toMatchObject({ name: 'Renamed role', access: { resourceAccess: 'all' } });

      // Changing only the case of its own name is not a conflict.
      const recased = await t.call('PUT', `${ROLES}/${role.id}`, { token, body: { name: 'RENAMED ROLE', currentPassword: pw() } });
      expect(recased.statusCode).toBe(200);
      expect(recased.json<RoleJson>().name).toBe('RENAMED ROLE');
    });

    it('deletes a role: 200 with what was deleted, then 404', async () => {
      const role = await createRole(t, 'Doomed role', { resourceAccess: 'custom', resources: [RESOURCE.acl] });
      const response = await t.call('DELETE', `${ROLES}/${role.id}`, { token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ id: role.id, name: 'Doomed role', usersWithoutRole: 0 });
      expectSafeError(await t.call('GET', `${ROLES}/${role.id}`, { token }), 404);
      expectSafeError(await t.call('DELETE', `${ROLES}/${role.id}`, { token }), 404);
      const names = (await allRoles(t, token)).map((r) => r.name);
      expect(names).not.toContain('Doomed role');
    });

    it('deleting a role with users leaves them unable to act', async () => {
      const role = await createRole(t, 'Role with a user', { resourceAccess: 'custom', resources: [RESOURCE.integrations] });
      const user = await createUser(t, 'orphaned', PASSWORD, role.id);
      const userToken = await t.signIn(user.username, PASSWORD);
      const response = await t.call('DELETE', `${ROLES}/${role.id}`, { token });
      expect(response.json()).toEqual({ id: role.id, name: 'Role with a user', usersWithoutRole: 1 });
      expectSafeError(await t.call('GET', INTEGRATIONS, { token: userToken }), 401);
      expect(expectSafeError(await signInAttempt(t, user.username, PASSWORD), 401, [PASSWORD]).message).toBe(SIGN_IN_FAILED);
      // Given another role, the user can act again.
      const integrators = await createRole(t, 'Rescue role', { resourceAccess: 'custom', resources: [RESOURCE.integrations] });
      const moved = await t.call('PUT', `${USERS}/${user.id}`, { token, body: { roleId: integrators.id, currentPassword: pw() } });
      expect(moved.statusCode).toBe(200);
      const again = await t.signIn(user.username, PASSWORD);
      expect((await t.call('GET', INTEGRATIONS, { token: again })).statusCode).toBe(200);
    });

    it('refuses to delete one’s own role (422)', async () => {
      const error = expectSafeError(await t.call('DELETE', `${ROLES}/${administratorsId}`, { token }), 422);
      expect(error.code).toBe('ROLE.SELF_ASSIGNED');
      expect((await t.call('GET', `${ROLES}/${administratorsId}`, { token })).statusCode).toBe(200);
    });

    it.each([
      ['GET', ''],
      ['PUT', ''],
      ['DELETE', ''],
      ['GET', '/permissions'],
    ])('%s an unknown role%s answers 404', async (method, suffix) => {
      const body = method === 'PUT' ? { name: 'Whatever', currentPassword: pw() } : undefined;
      const error = expectSafeError(await t.call(method, `${ROLES}/no-such-role${suffix}`, { token, ...(body ? { body } : {}) }), 404);
      expect(error.code).toBe('ROLE.NOT_FOUND');
      expect(error.parameters).toEqual({ id: 'no-such-role' });
    });

    it('refuses a duplicate name, whatever its case (409), on create and on rename', async () => {
      const original = await createRole(t, 'Support Desk', { resourceAccess: 'custom', resources: [RESOURCE.acl] });
      for (const name of ['Support Desk', 'support desk', 'SUPPORT DESK', '  Support Desk  ']) {
        const error = expectSafeError(
          await t.call('POST', ROLES, { token, body: { name, resourceAccess: 'all', currentPassword: pw() } }),
          409,
          [pw()],
        );
        expect(error.code).toBe('ROLE.NAME_TAKEN');
      }
      const other = await createRole(t, 'Help Desk', { resourceAccess: 'custom', resources: [RESOURCE.acl] });
      const rename = expectSafeError(
        await t.call('PUT', `${ROLES}/${other.id}`, { token, body: { name: 'SUPPORT desk', currentPassword: pw() } }),
        409,
      );
      expect(rename.code).toBe('ROLE.NAME_TAKEN');
      expect((await t.call('GET', `${ROLES}/${other.id}`, { token })).json<RoleJson>().name).toBe('Help Desk');
      const administrators = expectSafeError(
        await t.call('POST', ROLES, { token, body: { name: 'administrators', resourceAccess: 'all', currentPassword: pw() } }),
        409,
      );
      expect(administrators.code).toBe('ROLE.NAME_TAKEN');
      const names = (await allRoles(t, token)).map((r) => r.name.toLowerCase());
      expect(names.filter((name) => name === 'support desk')).toHaveLength(1);
      expect(original.name).toBe('Support Desk');
    });

    it('answers 400 naming every invalid field of a create', async () => {
      const error = expectSafeError(
        await t.call('POST', ROLES, { token, body: { name: '', resourceAccess: 'some', resources: 'Portcullis::acl', excluded: [42], colour: 'red' } }),
        400,
      );
      expect(error.code).toBe('VALIDATION.FAILED');
      expect(fieldsOf(error).sort()).toEqual(['colour', 'currentPassword', 'excluded', 'name', 'resourceAccess', 'resources']);
      expect(error.parameters).toEqual({ fields: fieldsOf(error) });
      for (const entry of error.errors ?? []) expect(entry.message).toContain(`"${entry.field}"`);

      // A blank name is as missing as an empty one, and named beside the other invalid fields.
      const blank = expectSafeError(await t.call('POST', ROLES, { token, body: { name: '   ', resourceAccess: 'some', currentPassword: pw() } }), 400, [pw()]);
      expect(blank.errors).toEqual([
        { field: 'name', message: '"name" is required. Enter and try again.' },
        { field: 'resourceAccess', message: '"resourceAccess" must be "all" or "custom".' },
      ]);

      const empty = expectSafeError(await t.call('POST', ROLES, { token, body: {} }), 400);
      expect(fieldsOf(empty).sort()).toEqual(['currentPassword', 'name', 'resourceAccess']);

      const long = expectSafeError(
        await t.call('POST', ROLES, { token, body: { name: 'x'.repeat(51), resourceAccess: 'all', currentPassword: pw() } }),
        400,
        [pw()],
      );
      expect(long.errors).toEqual([{ field: 'name', message: '"name" must be at most 50 characters long.' }]);

      const notAnObject = expectSafeError(await t.call('POST', ROLES, { token, body: ['Portcullis::acl'] }), 400);
      expect(notAnObject.code).toBe('VALIDATION.FAILED');
    });

    it('answers 400 naming every invalid field of an update, and changes nothing', async () => {
      const role = await createRole(t, 'Untouched', { resourceAccess: 'custom', resources: [RESOURCE.acl] });
      const error = expectSafeError(
        await t.call('PUT', `${ROLES}/${role.id}`, { token, body: { name: '   ', resourceAccess: 'everything', excluded: 'x', currentPassword: 5 } }),
        400,
      );
      expect(fieldsOf(error).sort()).toEqual(['currentPassword', 'excluded', 'name', 'resourceAccess'].sort());
      expect((await t.call('GET', `${ROLES}/${role.id}`, { token })).json()).toEqual(role);
    });

    it('answers 400 for an unknown or malformed resource id, and creates nothing', async () => {
      const unknown = expectSafeError(
        await t.call('POST', ROLES, { token, body: { name: 'Ghost role', resourceAccess: 'custom', resources: ['Portcullis::ghosts'], currentPassword: pw() } }),
        400,
      );
      expect(unknown.code).toBe('ACL.RESOURCE_UNKNOWN');
      expect(unknown.message).toContain('Portcullis::ghosts');

      const unknownExcluded = expectSafeError(
        await t.call('POST', ROLES, {
          token,
          body: { name: 'Ghost role', resourceAccess: 'custom', resources: [RESOURCE.portcullis], excluded: ['Magento_Sales::nothing'], currentPassword: pw() },
        }),
        400,
      );
      expect(unknownExcluded.message).toContain('Magento_Sales::nothing');

      const malformed = expectSafeError(
        await t.call('POST', ROLES, { token, body: { name: 'Ghost role', resourceAccess: 'custom', resources: ['not an id'], currentPassword: pw() } }),
        400,
      );
      expect(fieldsOf(malformed)).toEqual(['resources']);

      const role = await createRole(t, 'Real role', { resourceAccess: 'custom', resources: [RESOURCE.acl] });
      expectSafeError(
        await t.call('PUT', `${ROLES}/${role.id}`, { token, body: { resourceAccess: 'custom', resources: ['Portcullis::ghosts'], currentPassword: pw() } }),
        400,
      );
      expect((await t.call('GET', `${ROLES}/${role.id}`, { token })).json()).toEqual(role);
      const names = (await allRoles(t, token)).map((r) => r.name);
      expect(names).not.toContain('Ghost role');
    });
  });

  describe('admin users', () => {
    let editorsId: string;
    beforeAll(async () => {
      editorsId = (await createRole(t, 'Editors', { resourceAccess: 'custom', resources: [RESOURCE.integrations] })).id;
    });

    it('creates a user: 201 with a Location header, no password in the answer, readable and listed', async () => {
      const response = await t.call('POST', USERS, { token, body: userBody('grace', editorsId, { firstName: 'Grace', lastName: 'Hopper' }) });
      expect(response.statusCode).toBe(201);
      const user = response.json<AdminUserJson>();
      expect(user).toEqual({
        id: expect.any(String) as unknown,
        username: 'grace',
        firstName: 'Grace',
        lastName: 'Hopper',
        email: 'grace@example.com',
        active: true,
        roleId: editorsId,
        createdAt: expect.any(String) as unknown,
        updatedAt: expect.any(String) as unknown,
      });
      expect(response.headers.location).toBe(`${USERS}/${user.id}`);
      expect(response.body).not.toContain(PASSWORD);
      expectNoPasswordFields(user);

      const read = await t.call('GET', response.headers.location as string, { token });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(user);
      expectNoPasswordFields(read.json());

      const list = await t.call('GET', USERS, { token });
      expect(list.statusCode).toBe(200);
      // The list names each user's role too.
      expect(await allUsers(t, token)).toContainEqual({ ...user, roleName: 'Editors', lockedUntil: null });
      expectNoPasswordFields(list.json());
      expect(list.body).not.toContain(PASSWORD);
      expect(list.body).not.toContain(t.adminPassword);
      expect(list.body).not.toMatch(/scrypt|\$[0-9a-z]+\$/i);

      // The new user signs in with their password.
      expect((await signInAttempt(t, 'grace', PASSWORD)).statusCode).toBe(200);
    });

    it('lists users by username, ignoring case', async () => {
      for (const username of ['Yvonne', 'bob', 'Carol']) await createUser(t, username, PASSWORD, editorsId);
      const names = (await allUsers(t, token)).map((u) => u.username);
      expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
      expect(names).toEqual(expect.arrayContaining(['admin', 'bob', 'Carol', 'Yvonne']));
    });

    it('updates the profile; fields not sent keep their value', async () => {
      const user = await createUser(t, 'profiled', PASSWORD, editorsId);
      const response = await t.call('PUT', `${USERS}/${user.id}`, {
        token,
        body: { firstName: 'Katherine', email: 'k.johnson@example.com', currentPassword: pw() },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json<AdminUserJson>()).toMatchObject({
        id: user.id,
        username: 'profiled',
        firstName: 'Katherine',
        lastName: user.lastName,
        email: 'k.johnson@example.com',
        active: true,
        roleId: editorsId,
      });
      expectNoPasswordFields(response.json());
      expect((await t.call('GET', `${USERS}/${user.id}`, { token })).json()).toEqual(response.json());
    });

    it('resets a password: the new one signs in, the old one no longer does', async () => {
      const user = await createUser(t, 'forgetful', PASSWORD, editorsId);
      const newPassword = 'Brand9newPass';
      const response = await t.call('PUT', `${USERS}/${user.id}`, { token, body: { password: newPassword, currentPassword: pw() } });
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain(newPassword);
      expectNoPasswordFields(response.json());
      const signedIn = await signInAttempt(t, 'forgetful', newPassword);
      expect(signedIn.statusCode).toBe(200);
      expect((await t.call('GET', INTEGRATIONS, { token: signedIn.json<string>() })).statusCode).toBe(200);
      expect(expectSafeError(await signInAttempt(t, 'forgetful', PASSWORD), 401, [PASSWORD]).message).toBe(SIGN_IN_FAILED);
    });

    it('changing one’s own password keeps this session and ends every other one of the user (a stolen one too)', async () => {
      const user = await createUser(t, 'rotator', PASSWORD, administratorsId);
      const sessions = [];
      for (let i = 0; i < 21; i++) sessions.push(await t.signIn('rotator', PASSWORD));
      const [current, ...others] = sessions as [string, ...string[]];
      const bystander = await t.signIn();

      const response = await t.call('PUT', `${USERS}/${user.id}`, { token: current, body: { password: 'Rotated9Password', currentPassword: PASSWORD } });
      expect(response.statusCode).toBe(200);

      expect((await t.call('GET', INTEGRATIONS, { token: current })).statusCode).toBe(200);
      const statuses = await Promise.all(others.map(async (other) => (await t.call('GET', INTEGRATIONS, { token: other })).statusCode));
      expect(statuses).toEqual(others.map(() => 401));
      expect((await t.call('GET', INTEGRATIONS, { token: bystander })).statusCode).toBe(200);
    });

    it('changes a user’s role: their access follows at once', async () => {
      const user = await createUser(t, 'promoted', PASSWORD, editorsId);
      const userToken = await t.signIn('promoted', PASSWORD);
      expectSafeError(await t.call('GET', ROLES, { token: userToken }), 403);
      const response = await t.call('PUT', `${USERS}/${user.id}`, { token, body: { roleId: administratorsId, currentPassword: pw() } });
      expect(response.statusCode).toBe(200);
      expect(response.json<AdminUserJson>().roleId).toBe(administratorsId);
      expect((await t.call('GET', ROLES, { token: userToken })).statusCode).toBe(200);

      const back = await t.call('PUT', `${USERS}/${user.id}`, { token, body: { roleId: editorsId, currentPassword: pw() } });
      expect(back.statusCode).toBe(200);
      expectSafeError(await t.call('GET', ROLES, { token: userToken }), 403);
    });

    it('refuses a role that does not exist (404) and keeps the user’s role', async () => {
      const user = await createUser(t, 'steady', PASSWORD, editorsId);
      const error = expectSafeError(await t.call('PUT', `${USERS}/${user.id}`, { token, body: { roleId: 'no-such-role', currentPassword: pw() } }), 404);
      expect(error.code).toBe('ROLE.NOT_FOUND');
      expect((await t.call('GET', `${USERS}/${user.id}`, { token })).json<AdminUserJson>().roleId).toBe(editorsId);
      const create = expectSafeError(await t.call('POST', USERS, { token, body: userBody('roleless', 'no-such-role') }), 404, [PASSWORD]);
      expect(create.code).toBe('ROLE.NOT_FOUND');
      expect((await allUsers(t, token)).map((u) => u.username)).not.toContain('roleless');
    });

    it('deactivates a user: sign-in refused, existing token 401; reactivating lets them back in', async () => {
      const user = await createUser(t, 'leaver', PASSWORD, editorsId);
      const userToken = await t.signIn('leaver', PASSWORD);
      expect((await t.call('GET', INTEGRATIONS, { token: userToken })).statusCode).toBe(200);

      const response = await t.call('PUT', `${USERS}/${user.id}`, { token, body: { active: false, currentPassword: pw() } });
      expect(response.statusCode).toBe(200);
      expect(response.json<AdminUserJson>().active).toBe(false);
      expect((await t.call('GET', `${USERS}/${user.id}`, { token })).json<AdminUserJson>().active).toBe(false);

      const denied = expectSafeError(await t.call('GET', INTEGRATIONS, { token: userToken }), 401);
      expect(denied.code).toBe('ADMIN_AUTH.TOKEN_INVALID');
      expect(expectSafeError(await signInAttempt(t, 'leaver', PASSWORD), 401, [PASSWORD]).message).toBe(SIGN_IN_FAILED);

      const back = await t.call('PUT', `${USERS}/${user.id}`, { token, body: { active: true, currentPassword: pw() } });
      expect(back.statusCode).toBe(200);
      expect(back.json<AdminUserJson>().active).toBe(true);
      // Deactivation signed them out: the old token stays dead, a new sign-in works.
      expectSafeError(await t.call('GET', INTEGRATIONS, { token: userToken }), 401);
      const again = await signInAttempt(t, 'leaver', PASSWORD);
      expect(again.statusCode).toBe(200);
      expect((await t.call('GET', INTEGRATIONS, { token: again.json<string>() })).statusCode).toBe(200);
    });

    it('deletes a user: 200 with what was deleted; then 404, and their token and sign-in are refused', async () => {
      const user = await createUser(t, 'departed', PASSWORD, editorsId);
      const userToken = await t.signIn('departed', PASSWORD);
      const response = await t.call('DELETE', `${USERS}/${user.id}`, { token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ id: user.id, username: 'departed' });
      expectSafeError(await t.call('GET', `${USERS}/${user.id}`, { token }), 404);
      expectSafeError(await t.call('DELETE', `${USERS}/${user.id}`, { token }), 404);
      expectSafeError(await t.call('GET', INTEGRATIONS, { token: userToken }), 401);
      expect((await signInAttempt(t, 'departed', PASSWORD)).statusCode).toBe(401);
      // The username is free again.
      expect((await t.call('POST', USERS, { token, body: userBody('departed', editorsId) })).statusCode).toBe(201);
    });

    it.each([
      ['GET', ''],
      ['PUT', ''],
      ['DELETE', ''],
    ])('%s an unknown user answers 404', async (method) => {
      const body = method === 'PUT' ? { firstName: 'X', currentPassword: pw() } : undefined;
      const error = expectSafeError(await t.call(method, `${USERS}/no-such-user`, { token, ...(body ? { body } : {}) }), 404);
      expect(error.code).toBe('ADMIN_USER.NOT_FOUND');
      expect(error.parameters).toEqual({ id: 'no-such-user' });
    });

    it('refuses a duplicate username, whatever its case (409)', async () => {
      await createUser(t, 'Unique.One', PASSWORD, editorsId);
      for (const username of ['Unique.One', 'unique.one', 'UNIQUE.ONE']) {
        const error = expectSafeError(await t.call('POST', USERS, { token, body: userBody(username, editorsId) }), 409, [PASSWORD]);
        expect(error.code).toBe('ADMIN_USER.USERNAME_TAKEN');
      }
      const admin = expectSafeError(await t.call('POST', USERS, { token, body: userBody('ADMIN', editorsId) }), 409, [PASSWORD]);
      expect(admin.code).toBe('ADMIN_USER.USERNAME_TAKEN');
      const names = (await allUsers(t, token)).map((u) => u.username.toLowerCase());
      expect(names.filter((name) => name === 'unique.one')).toHaveLength(1);
    });

    it.each([
      ['too short', 'abc12'],
      ['letters only', 'abcdefghij'],
      ['digits only', '1234567890'],
    ])('refuses a weak password (%s) with 400 naming password, on create and on reset', async (_label, weak) => {
      const create = expectSafeError(await t.call('POST', USERS, { token, body: userBody('weakling', editorsId, { password: weak }) }), 400, [weak]);
      // The domain's password rule, applied with the other field rules (one 400 for every field).
      expect(create.code).toBe('VALIDATION.FAILED');
      expect(create.errors).toEqual([{ field: 'password', message: expect.stringMatching(/^The password is too weak: it must /) as unknown }]);
      expect((await allUsers(t, token)).map((u) => u.username)).not.toContain('weakling');

      const user = await createUser(t, `strong-${weak}`, PASSWORD, editorsId);
      const reset = expectSafeError(await t.call('PUT', `${USERS}/${user.id}`, { token, body: { password: weak, currentPassword: pw() } }), 400, [weak]);
      expect(fieldsOf(reset)).toEqual(['password']);
      expect((await signInAttempt(t, user.username, PASSWORD)).statusCode).toBe(200);
    });

    it('answers 400 naming every invalid field of a create', async () => {
      const error = expectSafeError(
        await t.call('POST', USERS, {
          token,
          body: { username: 'has space', firstName: '', email: 'not-an-email', password: 12345678, nickname: 'x', currentPassword: pw() },
        }),
        400,
        [pw()],
      );
      expect(error.code).toBe('VALIDATION.FAILED');
      expect(fieldsOf(error).sort()).toEqual(['email', 'firstName', 'lastName', 'nickname', 'password', 'roleId', 'username']);
      for (const entry of error.errors ?? []) expect(entry.message).toContain(`"${entry.field}"`);
      const blank = expectSafeError(
        await t.call('POST', USERS, { token, body: userBody('blank.names', 'no-such-role', { firstName: ' ', lastName: '\t' }) }),
        400,
        [PASSWORD],
      );
      expect(fieldsOf(blank).sort()).toEqual(['firstName', 'lastName']);
      const empty = expectSafeError(await t.call('POST', USERS, { token, body: {} }), 400);
      expect(fieldsOf(empty).sort()).toEqual(['currentPassword', 'email', 'firstName', 'lastName', 'password', 'roleId', 'username']);
    });

    it('names a bad email, a weak password and a wrong "Your Password" in one 400, not one per try (issue 17.6)', async () => {
      const wrong = 'Not-my-password-1';
      const create = expectSafeError(
        await t.call('POST', USERS, { token, body: userBody('all.at.once', editorsId, { email: 'not-an-email', password: 'short', currentPassword: wrong }) }),
        400,
        ['short', wrong],
      );
      expect(create.errors).toEqual([
        { field: 'email', message: '"email" must be a valid email address.' },
        { field: 'password', message: 'The password is too weak: it must be at least 7 characters long.' },
        { field: 'currentPassword', message: 'The password entered for the current user is invalid. Verify the password and try again.' },
      ]);
      expect(create.parameters).toEqual({ fields: ['email', 'password', 'currentPassword'] });
      // With the right "Your Password", only the two fields.
      const right = expectSafeError(await t.call('POST', USERS, { token, body: userBody('all.at.once', editorsId, { email: 'nope', password: 'letters-only' }) }), 400);
      expect(fieldsOf(right)).toEqual(['email', 'password']);
      // An address the domain refuses though it looks like one to the edge's check is named with the others too.
      const update = await createUser(t, 'all.at.twice', PASSWORD, editorsId);
      const reset = expectSafeError(
        await t.call('PUT', `${USERS}/${update.id}`, { token, body: { email: 'ops@localhost', firstName: '', password: 'abcdefghij', currentPassword: pw() } }),
        400,
      );
      expect(fieldsOf(reset)).toEqual(['firstName', 'email', 'password']);
      expect((await allUsers(t, token)).map((u) => u.username)).not.toContain('all.at.once');
      expect((await t.call('GET', `${USERS}/${update.id}`, { token })).json()).toEqual(update);
      // The wrong password was counted (one failure of six), as on any save; the right one resets the count.
      expect((await signInAttempt(t, 'admin', pw())).statusCode).toBe(200);
    });

    it('answers 400 naming every invalid field of an update, and changes nothing', async () => {
      const user = await createUser(t, 'unchanged', PASSWORD, editorsId);
      const error = expectSafeError(
        await t.call('PUT', `${USERS}/${user.id}`, { token, body: { firstName: '', email: 'nope', active: 'no', username: 'renamed', currentPassword: pw() } }),
        400,
        [pw()],
      );
      expect(fieldsOf(error).sort()).toEqual(['active', 'email', 'firstName', 'username']);
      expect((await t.call('GET', `${USERS}/${user.id}`, { token })).json()).toEqual(user);
    });

    it('refuses to deactivate, delete or change the role of oneself (422)', async () => {
      const deactivate = expectSafeError(await t.call('PUT', `${USERS}/${adminId}`, { token, body: { active: false, currentPassword: pw() } }), 422, [pw()]);
      expect(deactivate.code).toBe('ADMIN_USER.SELF_CHANGE');
      const remove = expectSafeError(await t.call('DELETE', `${USERS}/${adminId}`, { token }), 422);
      expect(remove.code).toBe('ADMIN_USER.SELF_CHANGE');
      const demote = expectSafeError(await t.call('PUT', `${USERS}/${adminId}`, { token, body: { roleId: editorsId, currentPassword: pw() } }), 422);
      expect(demote.code).toBe('ADMIN_USER.SELF_CHANGE');
      const me = (await t.call('GET', `${USERS}/${adminId}`, { token })).json<AdminUserJson>();
      expect(me).toMatchObject({ active: true, roleId: administratorsId });
      expect((await t.call('GET', ROLES, { token })).statusCode).toBe(200);
      // Editing one's own profile is fine.
      expect((await t.call('PUT', `${USERS}/${adminId}`, { token, body: { lastName: 'Operator', currentPassword: pw() } })).statusCode).toBe(200);
    });
  });

  describe('ACL guard and privilege escalation', () => {
    let integratorsId: string;
    let managersId: string;
    let limitedToken: () => Promise<string>;
    let managerToken: () => Promise<string>;
    const LIMITED = 'limited.admin';
    const MANAGER = 'manager.admin';

    beforeAll(async () => {
      integratorsId = (await createRole(t, 'Integrators', { resourceAccess: 'custom', resources: [RESOURCE.integrations] })).id;
      managersId = (await createRole(t, 'Managers', { resourceAccess: 'custom', resources: [RESOURCE.integrations, RESOURCE.roles, RESOURCE.adminUsers] })).id;
      await createUser(t, LIMITED, PASSWORD, integratorsId);
      await createUser(t, MANAGER, PASSWORD, managersId);
      limitedToken = () => t.signIn(LIMITED, PASSWORD);
      managerToken = () => t.signIn(MANAGER, PASSWORD);
    });

    it.each([
      [ROLES, RESOURCE.roles],
      [USERS, RESOURCE.adminUsers],
    ])('GET %s: 403 naming %s for a role without it, 200 for an Administrator', async (url, resource) => {
      const denied = expectSafeError(await t.call('GET', url, { token: await limitedToken() }), 403, [PASSWORD]);
      expect(denied).toEqual({ message: deniedMessage(resource), code: 'ACCESS.DENIED', parameters: { resources: resource } });
      expect((await t.call('GET', url, { token })).statusCode).toBe(200);
    });

    it('the roles endpoint answers exactly the documented 403 message', async () => {
      const denied = expectSafeError(await t.call('GET', ROLES, { token: await limitedToken() }), 403);
      expect(denied.message).toBe("Your role isn't authorized to access Portcullis::roles.");
      expect(denied.parameters).toEqual({ resources: 'Portcullis::roles' });
    });

    it('the ACL tree and the permissions preview serve whoever may edit a grant: integrations, roles or the ACL', async () => {
      const preview = { resourceAccess: 'custom', resources: [RESOURCE.integrations] };
      // The integration form of a role with only Portcullis::integrations reads the tree it picks from.
      const limited = await limitedToken();
      const tree = await t.call('GET', ACL, { token: limited });
      expect(tree.statusCode).toBe(200);
      expect(idsOf(tree.json<AclNodeJson[]>())).toEqual(ALL_RESOURCES);
      expect((await t.call('POST', `${ACL.replace('resources', 'permissions')}`, { token: limited, body: preview })).statusCode).toBe(200);
      // So does a role editor, and a role with Portcullis::acl alone.
      for (const resources of [[RESOURCE.roles], [RESOURCE.acl]]) {
        const role = await createRole(t, `Tree reader ${resources[0] ?? ''}`, { resourceAccess: 'custom', resources });
        const username = `reader.${(resources[0] ?? '').split('::')[1] ?? ''}`;
        await createUser(t, username, PASSWORD, role.id);
        expect((await t.call('GET', ACL, { token: await t.signIn(username, PASSWORD) })).statusCode).toBe(200);
      }
      // A role that edits no grant (users only) is refused, told which resources would do.
      const usersOnly = await createRole(t, 'Users only', { resourceAccess: 'custom', resources: [RESOURCE.adminUsers] });
      await createUser(t, 'users.only', PASSWORD, usersOnly.id);
      const usersToken = await t.signIn('users.only', PASSWORD);
      const readers = `${RESOURCE.acl}, ${RESOURCE.integrations}, ${RESOURCE.roles}`;
      for (const [method, url, body] of [['GET', ACL, undefined], ['POST', ACL.replace('resources', 'permissions'), preview]] as const) {
        const denied = expectSafeError(await t.call(method, url, { token: usersToken, ...(body !== undefined ? { body } : {}) }), 403);
        expect(denied).toEqual({ message: `Your role isn't authorized to access any of ${readers}.`, code: 'ACCESS.DENIED', parameters: { resources: readers } });
      }
      expect((await t.call('GET', ACL, { token })).statusCode).toBe(200);
    });

    it('every roles and admin-users endpoint is guarded, before the body is even read', async () => {
      const limited = await limitedToken();
      const calls: [string, string, unknown, string][] = [
        ['POST', ROLES, { name: 'x', resourceAccess: 'all', currentPassword: PASSWORD }, RESOURCE.roles],
        ['POST', ROLES, {}, RESOURCE.roles],
        ['GET', `${ROLES}/${integratorsId}`, undefined, RESOURCE.roles],
        ['PUT', `${ROLES}/${integratorsId}`, { name: 'Hacked', currentPassword: PASSWORD }, RESOURCE.roles],
        ['DELETE', `${ROLES}/${managersId}`, undefined, RESOURCE.roles],
        ['GET', `${ROLES}/${integratorsId}/permissions`, undefined, RESOURCE.roles],
        ['GET', `${ROLES}/no-such-role`, undefined, RESOURCE.roles],
        ['POST', USERS, { ...userBody('intruder', administratorsId), currentPassword: PASSWORD }, RESOURCE.adminUsers],
        ['GET', `${USERS}/${adminId}`, undefined, RESOURCE.adminUsers],
        ['PUT', `${USERS}/${adminId}`, { active: false, currentPassword: PASSWORD }, RESOURCE.adminUsers],
        ['DELETE', `${USERS}/${adminId}`, undefined, RESOURCE.adminUsers],
      ];
      for (const [method, url, body, resource] of calls) {
        const error = expectSafeError(await t.call(method, url, { token: limited, ...(body !== undefined ? { body } : {}) }), 403, [PASSWORD]);
        expect({ method, url, error }).toEqual({ method, url, error: { message: deniedMessage(resource), code: 'ACCESS.DENIED', parameters: { resources: resource } } });
      }
      // Nothing changed.
      expect((await t.call('GET', `${ROLES}/${integratorsId}`, { token })).json<RoleJson>().name).toBe('Integrators');
      expect((await t.call('GET', `${ROLES}/${managersId}`, { token })).statusCode).toBe(200);
      expect((await t.call('GET', `${USERS}/${adminId}`, { token })).json<AdminUserJson>().active).toBe(true);
      expect((await allUsers(t, token)).map((u) => u.username)).not.toContain('intruder');
      // The limited admin still works where the role allows.
      expect((await t.call('GET', INTEGRATIONS, { token: limited })).statusCode).toBe(200);
    });

    it('a limited admin cannot create an integration with more than they hold (403), but can with exactly it', async () => {
      const limited = await limitedToken();
      const attempts: [string, Record<string, unknown>][] = [
        ['all', { resourceAccess: 'all' }],
        ['more resources', { resourceAccess: 'custom', resources: [RESOURCE.integrations, RESOURCE.roles] }],
        ['the parent', { resourceAccess: 'custom', resources: [RESOURCE.portcullis] }],
      ];
      for (const [label, access] of attempts) {
        const error = expectSafeError(
          await t.call('POST', INTEGRATIONS, { token: limited, body: { name: `Escalating ${label}`, email: 'x@example.com', ...access, currentPassword: PASSWORD } }),
          403,
          [PASSWORD],
        );
        expect({ label, code: error.code }).toEqual({ label, code: 'ACCESS.PRIVILEGE_ESCALATION' });
      }
      const list = await t.call('GET', INTEGRATIONS, { token });
      expect(JSON.stringify(list.json())).not.toContain('Escalating');

      const ok = await t.call('POST', INTEGRATIONS, {
        token: limited,
        body: { name: 'Within my access', email: 'x@example.com', resourceAccess: 'custom', resources: [RESOURCE.integrations], currentPassword: PASSWORD },
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json<{ integration: { access: unknown } }>().integration.access).toEqual({
        resourceAccess: 'custom',
        resources: [RESOURCE.integrations],
        excluded: [],
      });

      // Widening that integration afterwards is refused too.
      const id = ok.json<{ integration: { id: string } }>().integration.id;
      const widen = expectSafeError(
        await t.call('PUT', `${INTEGRATIONS}/${id}`, { token: limited, body: { resourceAccess: 'all', currentPassword: PASSWORD } }),
        403,
      );
      expect(widen.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
    });

    it('a limited admin without Portcullis::roles cannot create any role, even one with access "all"', async () => {
      const error = expectSafeError(
        await t.call('POST', ROLES, { token: await limitedToken(), body: { name: 'Power grab', resourceAccess: 'all', currentPassword: PASSWORD } }),
        403,
        [PASSWORD],
      );
      expect(error.code).toBe('ACCESS.DENIED');
      expect(error.message).toBe(deniedMessage(RESOURCE.roles));
    });

    it('an admin who manages roles cannot create or widen a role beyond their own access (403 PRIVILEGE_ESCALATION)', async () => {
      const manager = await managerToken();
      const attempts: [string, Record<string, unknown>][] = [
        ['all', { resourceAccess: 'all' }],
        ['acl', { resourceAccess: 'custom', resources: [RESOURCE.acl] }],
        ['the parent', { resourceAccess: 'custom', resources: [RESOURCE.portcullis] }],
      ];
      for (const [label, access] of attempts) {
        const error = expectSafeError(
          await t.call('POST', ROLES, { token: manager, body: { name: `Grab ${label}`, ...access, currentPassword: PASSWORD } }),
          403,
          [PASSWORD],
        );
        expect({ label, code: error.code }).toEqual({ label, code: 'ACCESS.PRIVILEGE_ESCALATION' });
      }
      const names = (await allRoles(t, token)).map((r) => r.name);
      expect(names.filter((name) => name.startsWith('Grab '))).toEqual([]);

      // Within their access: allowed.
      const within = await t.call('POST', ROLES, {
        token: manager,
        body: { name: 'Junior integrators', resourceAccess: 'custom', resources: [RESOURCE.integrations], currentPassword: PASSWORD },
      });
      expect(within.statusCode).toBe(201);
      const junior = within.json<RoleJson>();
      const widen = expectSafeError(
        await t.call('PUT', `${ROLES}/${junior.id}`, { token: manager, body: { resourceAccess: 'custom', resources: [RESOURCE.acl], currentPassword: PASSWORD } }),
        403,
      );
      expect(widen.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
      expect((await t.call('GET', `${ROLES}/${junior.id}`, { token })).json()).toEqual(junior);
    });

    it('an admin who manages roles cannot edit or delete a role above their own access', async () => {
      const manager = await managerToken();
      const edit = expectSafeError(
        await t.call('PUT', `${ROLES}/${administratorsId}`, { token: manager, body: { name: 'Administrators (mine)', currentPassword: PASSWORD } }),
        403,
      );
      expect(edit.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
      const remove = expectSafeError(await t.call('DELETE', `${ROLES}/${administratorsId}`, { token: manager }), 403);
      expect(remove.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
      const read = (await t.call('GET', `${ROLES}/${administratorsId}`, { token })).json<RoleJson>();
      expect(read).toMatchObject({ name: 'Administrators', access: { resourceAccess: 'all' } });
    });

    it('an admin who manages users cannot assign the Administrators role, nor manage an Administrator', async () => {
      const manager = await managerToken();
      const create = expectSafeError(
        await t.call('POST', USERS, { token: manager, body: { ...userBody('sidekick', administratorsId), currentPassword: PASSWORD } }),
        403,
        [PASSWORD],
      );
      expect(create.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
      expect((await allUsers(t, token)).map((u) => u.username)).not.toContain('sidekick');

      // A user they may create, but not promote.
      const created = await t.call('POST', USERS, { token: manager, body: { ...userBody('sidekick', integratorsId), currentPassword: PASSWORD } });
      expect(created.statusCode).toBe(201);
      const sidekick = created.json<AdminUserJson>();
      const promote = expectSafeError(
        await t.call('PUT', `${USERS}/${sidekick.id}`, { token: manager, body: { roleId: administratorsId, currentPassword: PASSWORD } }),
        403,
      );
      expect(promote.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
      expect((await t.call('GET', `${USERS}/${sidekick.id}`, { token })).json<AdminUserJson>().roleId).toBe(integratorsId);

      // Nor promote themselves (their own role cannot be changed by them anyway).
      const managerId = (await allUsers(t, token)).find((u) => u.username === MANAGER)?.id ?? '';
      const self = expectSafeError(
        await t.call('PUT', `${USERS}/${managerId}`, { token: manager, body: { roleId: administratorsId, currentPassword: PASSWORD } }),
        422,
      );
      expect(self.code).toBe('ADMIN_USER.SELF_CHANGE');
      expect((await t.call('GET', `${USERS}/${managerId}`, { token })).json<AdminUserJson>().roleId).toBe(managersId);

      // An Administrator's account is out of their reach.
      const deactivate = expectSafeError(await t.call('PUT', `${USERS}/${adminId}`, { token: manager, body: { active: false, currentPassword: PASSWORD } }), 403);
      expect(deactivate.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
      const reset = expectSafeError(
        await t.call('PUT', `${USERS}/${adminId}`, { token: manager, body: { password: 'Taken0ver!', currentPassword: PASSWORD } }),
        403,
        ['Taken0ver!'],
      );
      expect(reset.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
      const remove = expectSafeError(await t.call('DELETE', `${USERS}/${adminId}`, { token: manager }), 403);
      expect(remove.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
      expect((await t.call('GET', `${USERS}/${adminId}`, { token })).json<AdminUserJson>().active).toBe(true);
      expect((await signInAttempt(t, 'admin', t.adminPassword)).statusCode).toBe(200);
    });

    it('a read-only role reads what its access allows and changes nothing (403 GUARD.READ_ONLY); its admins still sign out', async () => {
      const created = await t.call('POST', ROLES, {
        token,
        body: { name: 'Auditors', resourceAccess: 'custom', resources: [RESOURCE.integrations], readOnly: true, currentPassword: pw() },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json<RoleJson & { readOnly: boolean }>().readOnly).toBe(true);
      await createUser(t, 'auditor.admin', PASSWORD, created.json<RoleJson>().id);
      const auditor = await t.signIn('auditor.admin', PASSWORD);

      expect((await t.call('GET', INTEGRATIONS, { token: auditor })).statusCode).toBe(200);
      const refused = expectSafeError(
        await t.call('POST', INTEGRATIONS, { token: auditor, body: { name: 'Not by an auditor', email: 'a@example.com', resourceAccess: 'all', currentPassword: PASSWORD } }),
        403,
        [PASSWORD],
      );
      expect(refused).toEqual({
        message: 'Your role is read-only: only GET, HEAD and OPTIONS requests are allowed, not POST.',
        code: 'GUARD.READ_ONLY',
        parameters: { method: 'POST' },
      });
      expect((await t.call('GET', `${INTEGRATIONS}?name=Not%20by`, { token })).json<PageJson<unknown>>().total).toBe(0);

      // Lifted by an Administrator: the next request may write.
      const lifted = await t.call('PUT', `${ROLES}/${created.json<RoleJson>().id}`, { token, body: { readOnly: false, currentPassword: pw() } });
      expect(lifted.json<RoleJson & { readOnly: boolean }>().readOnly).toBe(false);
      const allowed = await t.call('POST', INTEGRATIONS, { token: auditor, body: { name: 'By a former auditor', email: 'a@example.com', resourceAccess: 'custom', resources: [RESOURCE.integrations], currentPassword: PASSWORD } });
      expect(allowed.statusCode).toBe(201);
      expect((await t.call('DELETE', '/rest/V1/integration/admin/token', { token: auditor })).statusCode).toBe(200);
    });

    it('an admin cannot lift the read-only flag of their own role (422)', async () => {
      const role = await createRole(t, 'Self readers', { resourceAccess: 'all' });
      await t.call('PUT', `${ROLES}/${role.id}`, { token, body: { readOnly: true, currentPassword: pw() } });
      await createUser(t, 'self.reader', PASSWORD, role.id);
      // A read-only admin is refused any write first (403); the 422 is for an admin of a writable role.
      const self = await t.signIn('self.reader', PASSWORD);
      expect(expectSafeError(await t.call('PUT', `${ROLES}/${role.id}`, { token: self, body: { readOnly: false, currentPassword: PASSWORD } }), 403).code).toBe('GUARD.READ_ONLY');
      const writable = await createRole(t, 'Self writers', { resourceAccess: 'all' });
      await createUser(t, 'self.writer', PASSWORD, writable.id);
      const writer = await t.signIn('self.writer', PASSWORD);
      expect(expectSafeError(await t.call('PUT', `${ROLES}/${writable.id}`, { token: writer, body: { readOnly: true, currentPassword: PASSWORD } }), 422).code).toBe('ROLE.OWN_ROLE_ACCESS');
    });

    it('any signed-in admin may sign out, whatever their role', async () => {
      const limited = await limitedToken();
      const out = await t.call('DELETE', '/rest/V1/integration/admin/token', { token: limited });
      expect(out.statusCode).toBe(200);
      expect(out.json()).toBe(true);
      expectSafeError(await t.call('GET', INTEGRATIONS, { token: limited }), 401);
    });

    it('the Administrator succeeds where the limited admins were refused', async () => {
      const role = await t.call('POST', ROLES, { token, body: { name: 'Everything', resourceAccess: 'all', currentPassword: pw() } });
      expect(role.statusCode).toBe(201);
      const user = await t.call('POST', USERS, { token, body: userBody('second.admin', administratorsId) });
      expect(user.statusCode).toBe(201);
      const integration = await t.call('POST', INTEGRATIONS, {
        token,
        body: { name: 'Full access', email: 'x@example.com', resourceAccess: 'all', currentPassword: pw() },
      });
      expect(integration.statusCode).toBe(201);
    });
  });
}

/** `GET /rest/V1/roles` and `GET /rest/V1/admin-users` page as `GET /rest/V1/integrations` does. */
function pagedListsSuite(kind: BackendKind): void {
  let t: TestServer;
  let token: string;
  let roleId: string;

  beforeAll(async () => {
    t = await startTestServer(kind, { mysqlDatabase: 'portcullis_test_e2e_paged_lists' });
    token = await adminToken(t);
    roleId = (await createRole(t, 'Paging role 00', { resourceAccess: 'custom', resources: [RESOURCE.acl] })).id;
  });
  afterAll(() => t.close());

  const pageOf = async <T>(url: string): Promise<PageJson<T>> => {
    const response = await t.call('GET', url, { token });
    expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
    return response.json<PageJson<T>>();
  };

  it.each([
    ['roles', ROLES],
    ['admin users', USERS],
  ])('%s: {items,total,page,pageSize}, 20 by default, page and pageSize honoured, past the end empty', async (what, url) => {
    for (let i = 1; i <= 24; i += 1) {
      const n = String(i).padStart(2, '0');
      if (what === 'roles') await createRole(t, `Paging role ${n}`, { resourceAccess: 'custom', resources: [RESOURCE.acl] });
      else await createUser(t, `pager${n}`, PASSWORD, roleId);
    }
    const all: { id: string }[] = what === 'roles' ? await allRoles(t, token) : await allUsers(t, token);
    expect(all.length).toBeGreaterThanOrEqual(25);
    const ids = (items: { id: string }[]): string[] => items.map((item) => item.id);

    const first = await pageOf<{ id: string }>(url);
    expect({ ...first, items: ids(first.items) }).toEqual({ items: ids(all.slice(0, 20)), total: all.length, page: 1, pageSize: 20 });
    const third = await pageOf<{ id: string }>(`${url}?page=3&pageSize=7`);
    expect({ ...third, items: ids(third.items) }).toEqual({ items: ids(all.slice(14, 21)), total: all.length, page: 3, pageSize: 7 });
    const past = await pageOf<{ id: string }>(`${url}?page=99&pageSize=200`);
    expect(past).toEqual({ items: [], total: all.length, page: 99, pageSize: 200 });
  });

  it.each([ROLES, USERS])('%s refuses a bad page or page size with 400 naming the parameter, as integrations do', async (url) => {
    for (const [query, field] of [
      ['page=0', 'page'],
      ['page=x', 'page'],
      ['pageSize=0', 'pageSize'],
      ['pageSize=201', 'pageSize'],
      ['sort=name', 'sort'],
    ] as const) {
      const error = expectSafeError(await t.call('GET', `${url}?${query}`, { token }), 400);
      expect({ query, fields: fieldsOf(error) }).toEqual({ query, fields: [field] });
      // The same words as the integrations list for the parameters they share (roles and users sort by name only).
      if (field !== 'sort') expect(expectSafeError(await t.call('GET', `${INTEGRATIONS}?${query}`, { token }), 400).errors).toEqual(error.errors);
    }
  });

  it('names each user’s role in the list (null once the role is deleted)', async () => {
    const doomed = await createRole(t, 'Short-lived role', { resourceAccess: 'custom', resources: [RESOURCE.acl] });
    const user = await createUser(t, 'short.lived', PASSWORD, doomed.id);
    const rowOf = async (): Promise<AdminUserListItemJson> => {
      const row = (await allUsers(t, token)).find((item) => item.id === user.id);
      if (row === undefined) throw new Error('user not listed');
      return row;
    };
    expect(await rowOf()).toEqual({ ...user, roleName: 'Short-lived role', lockedUntil: null });
    expect((await t.call('DELETE', `${ROLES}/${doomed.id}`, { token })).statusCode).toBe(200);
    expect((await rowOf()).roleName).toBeNull();
  });
}

describe('roles and admin users over HTTP (SQLite)', () => rolesAndUsersSuite('sqlite'));
describe('paged roles and admin users (SQLite)', () => pagedListsSuite('sqlite'));
describeMysql('paged roles and admin users (MariaDB)', () => pagedListsSuite('mysql'));
describeMysql('roles and admin users over HTTP (MariaDB)', () => rolesAndUsersSuite('mysql'));

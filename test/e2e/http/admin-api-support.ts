import { type LightMyRequestResponse } from 'fastify';
import { type TestServer } from './server-harness';

/*
 * Helpers shared by the admin sign-in and the roles/users E2E suites: they drive the server only
 * through its HTTP API, as an operator would.
 */

export const SIGN_IN_URL = '/rest/V1/integration/admin/token';
export const SIGN_IN_FAILED =
  'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';

/** Portcullis's own resources (the server's default tree, without host resources). */
export const RESOURCE = {
  portcullis: 'Portcullis::portcullis',
  integrations: 'Portcullis::integrations',
  roles: 'Portcullis::roles',
  adminUsers: 'Portcullis::admin_users',
  acl: 'Portcullis::acl',
  audit: 'Portcullis::audit',
  metrics: 'Portcullis::metrics',
} as const;

export interface ErrorJson {
  message: string;
  code: string;
  parameters?: Record<string, unknown>;
  errors?: { field: string; message: string }[];
}

export interface AccessJson {
  resourceAccess: 'all' | 'custom';
  resources: string[];
  excluded: string[];
}

export interface RoleJson {
  id: string;
  name: string;
  access: AccessJson;
  createdAt: string;
  updatedAt: string;
}

export interface AdminUserJson {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  active: boolean;
  roleId: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * An error answer as a client sees it: JSON with a message and a code, no stack trace, and none of
 * the given secrets (passwords sent with the request) echoed back.
 */
export function expectSafeError(response: LightMyRequestResponse, status: number, secrets: readonly string[] = []): ErrorJson {
  expect({ status: response.statusCode, body: response.body }).toEqual({ status, body: expect.any(String) as unknown });
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json<ErrorJson>();
  expect(typeof body.message).toBe('string');
  expect(typeof body.code).toBe('string');
  expect(response.body).not.toMatch(/\bat .+\(.*:\d+:\d+\)|\bat .+:\d+:\d+|"stack"|node_modules|\/src\/|\\src\\/);
  for (const secret of secrets) {
    if (secret !== '') expect(response.body).not.toContain(secret);
  }
  return body;
}

/** The fields a 400 answer names, in order. */
export const fieldsOf = (body: ErrorJson): string[] => (body.errors ?? []).map((error) => error.field);

/** Signs in as the bootstrap `admin` (a new token each time: clock moves expire older ones). */
export const adminToken = (t: TestServer): Promise<string> => t.signIn();

/** One page of a paged list: `GET /rest/V1/integrations`, `…/roles`, `…/admin-users`. */
export interface PageJson<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** A row of `GET /rest/V1/admin-users`: the user, their role's name and until when sign-in is locked. */
export interface AdminUserListItemJson extends AdminUserJson {
  roleName: string | null;
  lockedUntil: string | null;
}

/** Every item of a paged list, read in pages of 200. */
async function allOf<T>(t: TestServer, url: string, token: string): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page += 1) {
    const response = await t.call('GET', `${url}?page=${page}&pageSize=200`, { token });
    if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode} ${response.body}`);
    const body = response.json<PageJson<T>>();
    items.push(...body.items);
    if (body.items.length === 0 || items.length >= body.total) return items;
  }
}

/** Every admin role, by name. */
export const allRoles = (t: TestServer, token: string): Promise<RoleJson[]> => allOf<RoleJson>(t, '/rest/V1/roles', token);

/** Every admin user, by username. */
export const allUsers = (t: TestServer, token: string): Promise<AdminUserListItemJson[]> => allOf<AdminUserListItemJson>(t, '/rest/V1/admin-users', token);

export async function administratorsRoleId(t: TestServer): Promise<string> {
  const role = (await allRoles(t, await adminToken(t))).find((r) => r.name === 'Administrators');
  if (role === undefined) throw new Error('no Administrators role');
  return role.id;
}

/** Creates an admin role as `admin` (throws unless 201). */
export async function createRole(
  t: TestServer,
  name: string,
  access: { resourceAccess: 'all' | 'custom'; resources?: string[]; excluded?: string[] },
): Promise<RoleJson> {
  const response = await t.call('POST', '/rest/V1/roles', {
    token: await adminToken(t),
    body: { name, ...access, currentPassword: t.adminPassword },
  });
  if (response.statusCode !== 201) throw new Error(`role "${name}" not created: ${response.statusCode} ${response.body}`);
  return response.json<RoleJson>();
}

/** Creates an active admin user as `admin` (throws unless 201). */
export async function createUser(t: TestServer, username: string, password: string, roleId: string): Promise<AdminUserJson> {
  const response = await t.call('POST', '/rest/V1/admin-users', {
    token: await adminToken(t),
    body: {
      username,
      firstName: 'Test',
      lastName: username,
      email: `${username}@example.com`,
      password,
      roleId,
      currentPassword: t.adminPassword,
    },
  });
  if (response.statusCode !== 201) throw new Error(`user "${username}" not created: ${response.statusCode} ${response.body}`);
  return response.json<AdminUserJson>();
}

/** One sign-in attempt. */
export const signInAttempt = (t: TestServer, username: string, password: string): Promise<LightMyRequestResponse> =>
  t.call('POST', SIGN_IN_URL, { body: { username, password } });

import { usernameKey } from '../../../src/domain/admin-session/sign-in-lockout';
import { expectFailure, jsonOf, runCli, withPersistence, type CliBackend, type CliRun } from './cli-harness';

const ROLE_KEYS = ['access', 'createdAt', 'id', 'name', 'readOnly', 'updatedAt'];
const USER_KEYS = ['active', 'createdAt', 'email', 'firstName', 'id', 'lastName', 'roleId', 'roleName', 'updatedAt', 'username'];
const PERMISSION_KEYS = ['allowed', 'depth', 'parentId', 'reason', 'resourceId', 'title'];
const PASSWORD = 'Correct-horse-42';
const NEW_PASSWORD = 'Battery-staple-77';
/** Weak ones, refused: they must not be echoed in the refusal either. */
const WEAK_PASSWORDS = ['onlyletters', 'zq1'];

interface Access {
  readonly resourceAccess: string;
  readonly resources: string[];
  readonly excluded: string[];
}
interface RoleDoc {
  readonly id: string;
  readonly name: string;
  readonly access: Access;
  readonly readOnly: boolean;
}
interface UserDoc {
  readonly id: string;
  readonly username: string;
  readonly active: boolean;
  readonly roleId: string;
  readonly roleName: string | null;
  readonly lockedUntil?: string | null;
}
interface TreeDoc {
  readonly id: string;
  readonly title: string;
  readonly children: TreeDoc[];
}
interface CheckDoc {
  readonly integration: { id: string; name: string; status: string };
  readonly allowed: boolean;
  readonly resources: Array<{ resourceId: string; title: string; allowed: boolean; reason: Record<string, unknown> }>;
}
interface ExplainDoc {
  readonly subject: { kind: string; id: string; name: string };
  readonly access: Access;
  readonly permissions: Array<Record<string, unknown> & { resourceId: string; allowed: boolean; reason: Record<string, unknown> }>;
}

/** `acl:*`, `role:*` and `admin:*`: text and `--json` output, refusals and exit codes, on one backend. */
export function accessScenarios(open: () => Promise<CliBackend>): void {
  let backend: CliBackend;
  const runs: CliRun[] = [];
  const cli = async (...args: string[]): Promise<CliRun> => remember(await runCli(args, backend.env));
  const withStdin = async (input: string, ...args: string[]): Promise<CliRun> => remember(await runCli(args, backend.env, input));
  const remember = (run: CliRun): CliRun => {
    runs.push(run);
    return run;
  };

  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend.close());

  it('acl:tree prints the resource tree indented, with titles and ids, or nested JSON', async () => {
    const text = await cli('acl:tree');
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      [
        'Portcullis  Portcullis::portcullis',
        '  Integrations  Portcullis::integrations',
        '  User Roles  Portcullis::roles',
        '  All Users  Portcullis::admin_users',
        '  ACL Resources  Portcullis::acl',
        '  Audit Trail  Portcullis::audit',
        '  Metrics  Portcullis::metrics',
        '',
      ].join('\n'),
    );
    const json = jsonOf<{ resources: TreeDoc[] }>(await cli('acl:tree', '--json'));
    expect(Object.keys(json)).toEqual(['resources']);
    expect(json.resources).toHaveLength(1);
    expect(json.resources[0]).toMatchObject({ id: 'Portcullis::portcullis', title: 'Portcullis' });
    expect(json.resources[0]?.children.map((child) => child.id)).toEqual([
      'Portcullis::integrations',
      'Portcullis::roles',
      'Portcullis::admin_users',
      'Portcullis::acl',
      'Portcullis::audit',
      'Portcullis::metrics',
    ]);
    expect(json.resources[0]?.children[0]).toEqual({ id: 'Portcullis::integrations', title: 'Integrations', children: [] });
  });

  it('role:create, list, show and update (text and JSON), and the refusals', async () => {
    const created = await cli('role:create', '--name', 'Integrators', '--resources', 'Portcullis::portcullis', '--exclude', 'Portcullis::admin_users');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Role "Integrators" created, ID [0-9a-f-]{36}\.\n$/);
    const admins = jsonOf<{ role: RoleDoc }>(await cli('role:create', '--name', 'Administrators', '--all', '--json'));
    expect(Object.keys(admins)).toEqual(['role']);
    expect(Object.keys(admins.role).sort()).toEqual(ROLE_KEYS);
    expect(admins.role.access).toEqual({ resourceAccess: 'all', resources: [], excluded: [] });
    // An integration's role is not an admin role: role:list never shows it.
    expect((await cli('integration:create', '--name', 'Shared', '--email', 'shared@example.com', '--resources', 'Portcullis::roles')).code).toBe(0);

    const [taken, unknownResource, noAccess, conflicting, unknownRef, badName] = await Promise.all([
      cli('role:create', '--name', 'integrators', '--all'),
      cli('role:create', '--name', 'Other', '--resources', 'Nope::nothing'),
      cli('role:create', '--name', 'Other'),
      cli('role:create', '--name', 'Other', '--all', '--resources', 'Portcullis::acl'),
      cli('role:show', 'Nobody'),
      cli('role:create', '--name', ' ', '--all', '--json'),
    ]);
    expectFailure(taken, 1, 'A role named "integrators" already exists.');
    expectFailure(unknownResource, 1, 'The ACL resource "Nope::nothing" does not exist.');
    expectFailure(noAccess, 2, 'role:create needs --all or --resources <ids> (comma-separated resource ids).');
    expectFailure(conflicting, 2, "option '--all' cannot be used with option '--resources <ids>'.");
    expectFailure(unknownRef, 1, 'No admin role has the ID or name "Nobody".');
    expect(badName.code).toBe(1);
    expect(JSON.parse(badName.stderr)).toEqual({ error: { code: expect.stringMatching(/^VALIDATION\./) as unknown, message: expect.any(String) as unknown, exitCode: 1 } });

    const table = await cli('role:list');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +ACCESS +ID$/);
    expect(lines.slice(1).map((line) => line.split(/ {2,}/).slice(0, 2))).toEqual([
      ['Administrators', 'all'],
      ['Integrators', 'custom (1 selected, 1 excluded)'],
    ]);
    const accessColumn = (lines[0] ?? '').indexOf('ACCESS');
    expect(lines.slice(1).map((line) => line.slice(accessColumn, accessColumn + 3))).toEqual(['all', 'cus']);
    const list = jsonOf<{ items: RoleDoc[]; total: number }>(await cli('role:list', '--json'));
    expect(list.total).toBe(2);
    expect(list.items.map((role) => role.name)).toEqual(['Administrators', 'Integrators']);
    expect(Object.keys(list.items[0] ?? {}).sort()).toEqual(ROLE_KEYS);

    const shown = jsonOf<RoleDoc>(await cli('role:show', 'INTEGRATORS', '--json'));
    expect(shown).toMatchObject({ name: 'Integrators', access: { resourceAccess: 'custom', resources: ['Portcullis::portcullis'], excluded: ['Portcullis::admin_users'] } });
    const byId = await cli('role:show', shown.id);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toMatch(/^Name: +Integrators\n/);
    expect(byId.stdout).toContain(`\nID:               ${shown.id}\n`);
    expect(byId.stdout).toMatch(/\nResource access: +custom\nRead-only: +no\nResources: +Portcullis::portcullis\nExcluded: +Portcullis::admin_users\n/);
    expect(shown.readOnly).toBe(false);

    // Read-only: set at creation, lifted and set again by role:update, shown by role:show.
    const auditors = jsonOf<{ role: RoleDoc }>(await cli('role:create', '--name', 'Auditors', '--all', '--read-only', '--json'));
    expect(auditors.role.readOnly).toBe(true);
    expect((await cli('role:show', 'Auditors')).stdout).toMatch(/\nRead-only: +yes: its admins may only read\n/);
    expect(jsonOf<{ role: RoleDoc }>(await cli('role:update', 'Auditors', '--no-read-only', '--json')).role.readOnly).toBe(false);
    expect(jsonOf<{ role: RoleDoc }>(await cli('role:update', 'Auditors', '--name', 'Auditors', '--json')).role.readOnly).toBe(false);
    expect(jsonOf<{ role: RoleDoc }>(await cli('role:update', 'Auditors', '--read-only', '--json')).role.readOnly).toBe(true);
    expect((await cli('role:delete', 'Auditors', '--yes')).code).toBe(0);

    const updated = jsonOf<{ role: RoleDoc }>(await cli('role:update', 'integrators', '--name', 'Integrators 2', '--resources', 'Portcullis::integrations,Portcullis::acl', '--json'));
    expect(updated.role).toMatchObject({ id: shown.id, name: 'Integrators 2', access: { resourceAccess: 'custom', resources: ['Portcullis::acl', 'Portcullis::integrations'], excluded: [] } });
    const renamed = await cli('role:update', 'Integrators 2', '--name', 'Integrators');
    expect({ code: renamed.code, stdout: renamed.stdout, stderr: renamed.stderr }).toEqual({ code: 0, stdout: 'Role "Integrators" updated.\n', stderr: '' });
    const [renameTaken, excludeAlone, missing, integrationRole] = await Promise.all([
      cli('role:update', 'Integrators', '--name', 'ADMINISTRATORS'),
      cli('role:update', 'Integrators', '--exclude', 'Portcullis::acl'),
      cli('role:update', 'Nobody', '--all'),
      cli('role:show', 'Shared'),
    ]);
    expectFailure(renameTaken, 1, /^error: A role named "ADMINISTRATORS" already exists\.$/i);
    expectFailure(excludeAlone, 2, '--exclude needs --resources (the resources it is excluded from).');
    expectFailure(missing, 1, 'No admin role has the ID or name "Nobody".');
    expectFailure(integrationRole, 1, 'No admin role has the ID or name "Shared".');
  });

  it('acl:explain: an integration first, then an admin role; --role and --integration force which', async () => {
    expect((await cli('role:create', '--name', 'Shared', '--resources', 'Portcullis::portcullis', '--exclude', 'Portcullis::admin_users')).code).toBe(0);

    const integration = jsonOf<ExplainDoc>(await cli('acl:explain', 'shared', '--json'));
    expect(Object.keys(integration)).toEqual(['subject', 'access', 'permissions']);
    expect(integration.subject).toMatchObject({ kind: 'integration', name: 'Shared' });
    expect(integration.access).toEqual({ resourceAccess: 'custom', resources: ['Portcullis::roles'], excluded: [] });
    expect(integration.permissions).toHaveLength(7);
    expect(Object.keys(integration.permissions[0] ?? {}).sort()).toEqual(PERMISSION_KEYS);
    expect(integration.permissions.map((p) => [p.resourceId, p.allowed, p.reason])).toEqual([
      ['Portcullis::portcullis', true, { kind: 'path', to: ['Portcullis::roles'] }],
      ['Portcullis::integrations', false, { kind: 'not-granted' }],
      ['Portcullis::roles', true, { kind: 'selected' }],
      ['Portcullis::admin_users', false, { kind: 'not-granted' }],
      ['Portcullis::acl', false, { kind: 'not-granted' }],
      ['Portcullis::audit', false, { kind: 'not-granted' }],
      ['Portcullis::metrics', false, { kind: 'not-granted' }],
    ]);

    const role = await cli('acl:explain', 'Shared', '--role');
    expect(role.code).toBe(0);
    const lines = role.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Admin role "Shared" \([0-9a-f-]{36}\)$/);
    expect(lines[1]).toBe('Resource access: custom: Portcullis::portcullis; excluded Portcullis::admin_users');
    expect(lines[2]).toBe('');
    expect(lines[3]).toMatch(/^RESOURCE +ID +ACCESS +WHY$/);
    expect(lines.slice(4, 11).map((line) => line.split(/ {2,}/).map((cell) => cell.trim()).filter((cell) => cell !== ''))).toEqual([
      ['Portcullis', 'Portcullis::portcullis', 'allowed', 'selected'],
      ['Integrations', 'Portcullis::integrations', 'allowed', 'under Portcullis::portcullis'],
      ['User Roles', 'Portcullis::roles', 'allowed', 'under Portcullis::portcullis'],
      ['All Users', 'Portcullis::admin_users', 'denied', 'excluded'],
      ['ACL Resources', 'Portcullis::acl', 'allowed', 'under Portcullis::portcullis'],
      ['Audit Trail', 'Portcullis::audit', 'allowed', 'under Portcullis::portcullis'],
      ['Metrics', 'Portcullis::metrics', 'allowed', 'under Portcullis::portcullis'],
    ]);
    expect(lines[5]).toMatch(/^ {2}Integrations /);
    expect(lines[11]).toBe('6 of 7 resources allowed.');

    const admins = jsonOf<ExplainDoc>(await cli('acl:explain', 'Administrators', '--json'));
    expect(admins.subject).toMatchObject({ kind: 'role', name: 'Administrators' });
    expect(admins.permissions.every((p) => p.allowed && p.reason.kind === 'all')).toBe(true);

    const [nothing, forcedRole, forcedIntegration, both] = await Promise.all([
      cli('acl:explain', 'Nobody'),
      cli('acl:explain', 'Nobody', '--role'),
      cli('acl:explain', 'Administrators', '--integration'),
      cli('acl:explain', 'Shared', '--role', '--integration'),
    ]);
    expectFailure(nothing, 1, 'No integration or admin role has the ID or name "Nobody".');
    expectFailure(forcedRole, 1, 'No admin role has the ID or name "Nobody".');
    expectFailure(forcedIntegration, 1, 'No integration has the ID or name "Administrators".');
    expectFailure(both, 2, "option '--integration' cannot be used with option '--role'.");
  });

  it('acl:check: exit 0 when every resource is allowed, 1 when any is denied (answer on stdout)', async () => {
    const allowed = await cli('acl:check', 'Shared', 'Portcullis::roles', 'Portcullis::portcullis');
    expect({ code: allowed.code, stderr: allowed.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = allowed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RESOURCE +ACCESS +WHY$/);
    expect(lines.slice(1, 3).map((line) => line.split(/ {2,}/))).toEqual([
      ['Portcullis::roles', 'allowed', 'selected'],
      ['Portcullis::portcullis', 'allowed', 'on the path to Portcullis::roles'],
    ]);
    expect(lines.slice(3)).toEqual([
      'Integration "Shared" may use all 2 resources.',
      'Note: the integration is inactive: its API calls are refused whatever its access.',
    ]);

    const denied = await cli('acl:check', 'shared', 'Portcullis::roles', 'Portcullis::acl');
    expect({ code: denied.code, stderr: denied.stderr }).toEqual({ code: 1, stderr: '' });
    expect(denied.stdout).toMatch(/\nPortcullis::acl +denied +not granted\nIntegration "Shared" is denied 1 of 2 resource\(s\)\.\n/);

    const json = await cli('acl:check', 'Shared', 'Portcullis::acl', '--json');
    expect(json.code).toBe(1);
    const document = JSON.parse(json.stdout) as CheckDoc;
    expect(document).toEqual({
      integration: { id: expect.any(String) as unknown, name: 'Shared', status: 'inactive' },
      allowed: false,
      resources: [{ resourceId: 'Portcullis::acl', title: 'ACL Resources', allowed: false, reason: { kind: 'not-granted' } }],
    });
    expect(jsonOf<CheckDoc>(await cli('acl:check', 'Shared', 'Portcullis::roles', '--json')).allowed).toBe(true);

    const [unknownResource, roleName, unknownJson, noResource] = await Promise.all([
      cli('acl:check', 'Shared', 'Portcullis::roles', 'Nope::nothing'),
      cli('acl:check', 'Administrators', 'Portcullis::roles'),
      cli('acl:check', 'Nobody', 'Portcullis::roles', '--json'),
      cli('acl:check', 'Shared'),
    ]);
    expectFailure(unknownResource, 1, 'The ACL resource "Nope::nothing" does not exist.');
    expectFailure(roleName, 1, 'No integration has the ID or name "Administrators".');
    expect(unknownJson.code).toBe(1);
    expect(JSON.parse(unknownJson.stderr)).toEqual({ error: { code: 'INTEGRATION.NOT_FOUND', message: 'No integration has the ID or name "Nobody".', exitCode: 1 } });
    expectFailure(noResource, 2, "missing required argument 'resource'.");
  });

  it('admin:create reads the password from stdin, never prints it, and refuses weak passwords', async () => {
    const profile = ['--email', 'jane@example.com', '--first-name', 'Jane', '--last-name', 'Doe'];
    const created = await withStdin(`${PASSWORD}\n`, 'admin:create', '--username', 'jane', ...profile, '--role', 'integrators', '--password-stdin');
    expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(/^Admin user "jane" created \(active\) with role "Integrators", ID [0-9a-f-]{36}\.\n$/);
    const json = jsonOf<{ user: UserDoc }>(
      await withStdin(`${PASSWORD}\r\n`, 'admin:create', '--username', 'root', '--email', 'root@example.com', '--first-name', 'Root', '--last-name', 'Admin', '--role', 'Administrators', '--password-stdin', '--json'),
    );
    expect(Object.keys(json)).toEqual(['user']);
    expect(Object.keys(json.user).sort()).toEqual(USER_KEYS);
    expect(json.user).toMatchObject({ username: 'root', active: true, roleName: 'Administrators' });

    const [weak, noStdinPassword, notATerminal, unknownRole, taken, badEmail, missingOption] = await Promise.all([
      withStdin(`${WEAK_PASSWORDS[0]}\n`, 'admin:create', '--username', 'weak', ...profile, '--role', 'Integrators', '--password-stdin'),
      withStdin('', 'admin:create', '--username', 'empty', ...profile, '--role', 'Integrators', '--password-stdin'),
      cli('admin:create', '--username', 'script', ...profile, '--role', 'Integrators'),
      withStdin(`${PASSWORD}\n`, 'admin:create', '--username', 'norole', ...profile, '--role', 'Nope', '--password-stdin'),
      withStdin(`${PASSWORD}\n`, 'admin:create', '--username', 'JANE', ...profile, '--role', 'Integrators', '--password-stdin'),
      withStdin(`${PASSWORD}\n`, 'admin:create', '--username', 'mail', '--email', 'not-an-email', '--first-name', 'A', '--last-name', 'B', '--role', 'Integrators', '--password-stdin', '--json'),
      cli('admin:create', '--username', 'x', '--email', 'x@example.com', '--first-name', 'X', '--last-name', 'Y'),
    ]);
    expectFailure(weak, 1, 'The password is too weak: it must include both numeric and alphabetic characters.');
    expectFailure(noStdinPassword, 2, '--password-stdin: no password on stdin (expected one line).');
    expectFailure(notATerminal, 2, 'admin:create needs a password: type it at a terminal, or give it on stdin with --password-stdin.');
    expectFailure(unknownRole, 1, 'No admin role has the ID or name "Nope".');
    expectFailure(taken, 1, 'A user with the same user name "JANE" already exists.');
    expect(badEmail.code).toBe(1);
    expect(JSON.parse(badEmail.stderr)).toEqual({ error: { code: expect.stringMatching(/^VALIDATION\./) as unknown, message: expect.any(String) as unknown, exitCode: 1 } });
    expectFailure(missingOption, 2, "required option '--role <name|id>' not specified.");
  });

  it('admin:list, admin:passwd, admin:deactivate (text and JSON)', async () => {
    const table = await cli('admin:list');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^USERNAME +NAME +EMAIL +ROLE +STATUS +ID$/);
    expect(lines.slice(1).map((line) => line.split(/ {2,}/).slice(0, 5))).toEqual([
      ['jane', 'Jane Doe', 'jane@example.com', 'Integrators', 'active'],
      ['root', 'Root Admin', 'root@example.com', 'Administrators', 'active'],
    ]);
    const list = jsonOf<{ items: UserDoc[]; total: number }>(await cli('admin:list', '--json'));
    expect(list.total).toBe(2);
    expect(Object.keys(list.items[0] ?? {}).sort()).toEqual([...USER_KEYS, 'lockedUntil'].sort());
    expect(list.items.map((user) => [user.username, user.lockedUntil])).toEqual([
      ['jane', null],
      ['root', null],
    ]);

    const passwd = await withStdin(`${NEW_PASSWORD}\n`, 'admin:passwd', 'JANE', '--password-stdin');
    expect(passwd).toEqual({ code: 0, stdout: 'Password of admin user "jane" changed; their sessions were signed out.\n', stderr: '' });
    const passwdJson = jsonOf<{ user: UserDoc }>(await withStdin(`${NEW_PASSWORD}\n`, 'admin:passwd', 'root', '--password-stdin', '--json'));
    expect(Object.keys(passwdJson.user).sort()).toEqual(USER_KEYS);
    const [weak, unknownUser, notATerminal] = await Promise.all([
      withStdin(`${WEAK_PASSWORDS[1]}\n`, 'admin:passwd', 'jane', '--password-stdin'),
      withStdin(`${NEW_PASSWORD}\n`, 'admin:passwd', 'nobody', '--password-stdin'),
      cli('admin:passwd', 'jane'),
    ]);
    expectFailure(weak, 1, 'The password is too weak: it must be at least 7 characters long.');
    expectFailure(unknownUser, 1, 'No admin user has the username or ID "nobody".');
    expectFailure(notATerminal, 2, 'admin:passwd needs a password: type it at a terminal, or give it on stdin with --password-stdin.');

    const deactivated = jsonOf<{ user: UserDoc }>(await cli('admin:deactivate', 'root', '--json'));
    expect(deactivated.user).toMatchObject({ username: 'root', active: false, roleName: 'Administrators' });
    const again = await cli('admin:deactivate', passwdJson.user.id);
    expect(again).toEqual({ code: 0, stdout: 'Admin user "root" was already inactive; any session left was signed out.\n', stderr: '' });
    const janeOff = await cli('admin:deactivate', 'jane');
    expect(janeOff).toEqual({ code: 0, stdout: 'Admin user "jane" deactivated: signed out everywhere, and can no longer sign in.\n', stderr: '' });
    expectFailure(await cli('admin:deactivate', 'nobody'), 1, 'No admin user has the username or ID "nobody".');
    expect((await cli('admin:list')).stdout).toMatch(/\njane +Jane Doe +jane@example\.com +Integrators +inactive +/);
  });

  it('admin:unlock ends a sign-in lock-out (as 6 failed sign-ins leave it)', async () => {
    const until = new Date(Date.now() + 30 * 60 * 1000);
    await withPersistence(backend, async (persistence) => {
      for (let i = 0; i < 6; i++) await persistence.signInFailures.recordFailure(usernameKey('Jane'), new Date());
      await persistence.signInFailures.lock(usernameKey('jane'), until);
    });
    const locked = jsonOf<{ items: UserDoc[] }>(await cli('admin:list', '--json'));
    expect(locked.items.find((user) => user.username === 'jane')?.lockedUntil).toBe(until.toISOString());

    const unlocked = jsonOf<{ user: { id: string; username: string }; wasLocked: boolean; lockedUntil: string | null; failures: number }>(
      await cli('admin:unlock', 'JANE', '--json'),
    );
    expect(unlocked).toEqual({ user: { id: expect.any(String) as unknown, username: 'jane' }, wasLocked: true, lockedUntil: until.toISOString(), failures: 6 });
    expect(jsonOf<{ items: UserDoc[] }>(await cli('admin:list', '--json')).items.map((user) => user.lockedUntil)).toEqual([null, null]);
    const again = await cli('admin:unlock', 'jane');
    expect(again).toEqual({ code: 0, stdout: 'Admin user "jane" was not locked out.\n', stderr: '' });

    await withPersistence(backend, async (persistence) => {
      await persistence.signInFailures.lock(usernameKey('root'), until);
    });
    const text = await cli('admin:unlock', 'root');
    expect(text).toEqual({ code: 0, stdout: `Admin user "root" unlocked (was locked until ${until.toISOString()}); they may sign in again.\n`, stderr: '' });
    expectFailure(await cli('admin:unlock', 'nobody'), 1, 'No admin user has the username or ID "nobody".');
    expectFailure(await cli('admin:unlock'), 2, "missing required argument 'username'.");
  });

  it('role:delete asks for --yes when not run from a terminal, and reports the users left without a role', async () => {
    expectFailure(await cli('role:delete', 'Integrators'), 2, 'role:delete asks for confirmation: add --yes to delete "Integrators" when not run from a terminal.');
    expect(jsonOf<RoleDoc>(await cli('role:show', 'Integrators', '--json')).name).toBe('Integrators');

    const deleted = jsonOf<{ deleted: { id: string; name: string; usersWithoutRole: number } }>(await cli('role:delete', 'integrators', '--yes', '--json'));
    expect(deleted).toEqual({ deleted: { id: expect.any(String) as unknown, name: 'Integrators', usersWithoutRole: 1 } });
    const text = await cli('role:delete', 'Administrators', '-y');
    expect(text).toEqual({
      code: 0,
      stdout: 'Role "Administrators" deleted.\n1 admin user(s) now have no role: they cannot act until given another one.\n',
      stderr: '',
    });
    expectFailure(await cli('role:delete', 'Integrators', '--yes'), 1, 'No admin role has the ID or name "Integrators".');
    expect((await cli('admin:list')).stdout).toMatch(/\njane +Jane Doe +jane@example\.com +\(none\) +inactive +/);
    expect(jsonOf<{ items: UserDoc[] }>(await cli('admin:list', '--json')).items.map((user) => user.roleName)).toEqual([null, null]);
  });

  it('never prints a password', () => {
    expect(runs.length).toBeGreaterThan(40);
    for (const run of runs) {
      for (const secret of [PASSWORD, NEW_PASSWORD, ...WEAK_PASSWORDS]) expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });
}

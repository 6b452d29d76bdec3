import { Option } from 'commander';
import { type AdminUserView } from '../../../application/use-cases/admin-users/admin-user.views';
import { AdminUser } from '../../../domain/admin-user/admin-user.aggregate';
import { AdminUserNotFoundError } from '../../../domain/admin-user/admin-user.errors';
import { excerpt } from '../../../domain/kernel/text';
import { CliRuleViolation, CliUsageError } from '../cli-errors';
import { type CliUseCases } from '../cli-services';
import { commandGroup, type ArgumentDeclaration, type JsonOption } from '../command-context';
import { itemsDocument, type CliIo } from '../output';
import { adminUserDocument, printAdminUsers, type AdminUserRow } from './admin.presenter';
import { resolveRole } from './role.commands';

interface CreateOptions extends JsonOption {
  readonly username: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly role: string;
  readonly passwordStdin?: boolean;
}

interface PasswordOptions extends JsonOption {
  readonly passwordStdin?: boolean;
}

const USER: ArgumentDeclaration = ['<username>', 'the admin user: their username (case-insensitive) or ID'];
const PASSWORD_STDIN_HELP = 'read the password from the first line of stdin (for scripts) instead of asking for it';

/**
 * `admin:*`: the admin users who sign in to the admin API. The CLI acts as the `system` actor (the
 * operator at the terminal may do anything). Passwords are asked without echo, or read from stdin
 * with `--password-stdin`; they are never printed.
 */
export const adminCommands = commandGroup('Admin users:', (command, context) => {
  /** The work of a command on one admin user (`<username>`): finds them, then runs on them. */
  const onAdminUser = async <T>(ref: string, run: (cases: CliUseCases, user: AdminUserView) => Promise<T>): Promise<T> => {
    const cases = await context.useCases();
    return run(cases, await resolveAdminUser(cases, ref));
  };

  /** The `--json` document of the user a command changed, with their role's name. */
  const changedUserDocument = async ({ cases, user }: { cases: CliUseCases; user: AdminUserView }): Promise<unknown> => ({
    user: adminUserDocument({ user, roleName: await roleNameOf(cases, user) }),
  });

  command({
    name: 'admin:create',
    description: 'create an active admin user with one admin role (asks for the password)',
    options: [
      new Option('--username <username>', 'unique user name (letters, digits, . _ @ + -)').makeOptionMandatory(),
      new Option('--email <email>', 'email address').makeOptionMandatory(),
      new Option('--first-name <name>', 'first name').makeOptionMandatory(),
      new Option('--last-name <name>', 'last name').makeOptionMandatory(),
      new Option('--role <name|id>', 'their admin role: its ID, or its name (ignoring case and accents)').makeOptionMandatory(),
      new Option('--password-stdin', PASSWORD_STDIN_HELP),
    ],
    helpAfter: '\nExample:\n  printf "%s\\n" "$ADMIN_PASSWORD" | portcullis admin:create --username jane --email jane@example.com \\\n    --first-name Jane --last-name Doe --role Administrators --password-stdin',
    run: async (options: CreateOptions) => {
      assertCanReadPassword(context.io, options, 'admin:create');
      const cases = await context.useCases();
      const role = await resolveRole(cases, options.role);
      const password = await newPassword(context.io, options);
      const user = await cases.adminUsers.create.execute({
        username: options.username,
        email: options.email,
        firstName: options.firstName,
        lastName: options.lastName,
        roleId: role.id,
        password,
      });
      return { user, role };
    },
    json: ({ user, role }) => ({ user: adminUserDocument({ user, roleName: role.name }) }),
    text: (out, { user, role }) => out.line(`Admin user "${user.username}" created (active) with role "${role.name}", ID ${user.id}.`),
  });

  command({
    name: 'admin:list',
    description: 'list the admin users, ordered by username, with their role and whether they are locked out',
    run: async () => {
      const cases = await context.useCases();
      const [users, roles] = await Promise.all([cases.adminUsers.list.execute(), cases.roles.list.execute()]);
      const roleNames = new Map(roles.map((role) => [role.id, role.name]));
      const rows: AdminUserRow[] = [];
      for (const user of users) {
        rows.push({ user, roleName: roleNames.get(user.roleId) ?? null, lockout: await cases.signInLockout.state(user.username) });
      }
      return rows;
    },
    json: (rows) => itemsDocument(rows, adminUserDocument),
    text: printAdminUsers,
  });

  command({
    name: 'admin:passwd',
    description: "set an admin user's password (asks for it); their sessions are signed out",
    arguments: [USER],
    options: [new Option('--password-stdin', PASSWORD_STDIN_HELP)],
    helpAfter: `\nExamples:\n  portcullis admin:passwd jane\n  printf '%s\\n' "$NEW_PASSWORD" | portcullis admin:passwd jane --password-stdin`,
    run: (ref: string, options: PasswordOptions) => {
      assertCanReadPassword(context.io, options, 'admin:passwd');
      return onAdminUser(ref, async (cases, target) => {
        const password = await newPassword(context.io, options);
        return { cases, user: await cases.adminUsers.update.execute({ id: target.id, password }) };
      });
    },
    json: changedUserDocument,
    text: (out, { user }) => out.line(`Password of admin user "${user.username}" changed; their sessions were signed out.`),
  });

  command({
    name: 'admin:deactivate',
    description: 'deactivate an admin user: they can no longer sign in, and are signed out everywhere',
    arguments: [USER],
    run: (ref: string) =>
      onAdminUser(ref, async (cases, target) => ({ cases, wasActive: target.active, user: await cases.adminUsers.update.execute({ id: target.id, active: false }) })),
    json: changedUserDocument,
    text: (out, { user, wasActive }) =>
      out.line(
        wasActive
          ? `Admin user "${user.username}" deactivated: signed out everywhere, and can no longer sign in.`
          : `Admin user "${user.username}" was already inactive; any session left was signed out.`,
      ),
  });

  command({
    name: 'admin:unlock',
    description: 'end the sign-in lock-out of an admin user (after too many failed sign-ins)',
    arguments: [USER],
    run: (ref: string) => onAdminUser(ref, async (cases, user) => ({ user, before: await cases.signInLockout.clear(user.username) })),
    json: ({ user, before }) => ({
      user: { id: user.id, username: user.username },
      wasLocked: before.lockedUntil !== null,
      lockedUntil: before.lockedUntil === null ? null : before.lockedUntil.toISOString(),
      failures: before.failures,
    }),
    text: (out, { user, before }) =>
      out.line(
        before.lockedUntil !== null
          ? `Admin user "${user.username}" unlocked (was locked until ${before.lockedUntil.toISOString()}); they may sign in again.`
          : `Admin user "${user.username}" was not locked out${before.failures > 0 ? `; ${before.failures} failed sign-in(s) forgotten` : ''}.`,
      ),
  });
});

/** Before opening anything: a script without --password-stdin cannot answer a prompt. */
function assertCanReadPassword(io: CliIo, options: PasswordOptions, command: string): void {
  if (options.passwordStdin !== true && !io.interactive) {
    throw new CliUsageError(`${command} needs a password: type it at a terminal, or give it on stdin with --password-stdin.`);
  }
}

/**
 * The new password: the first line of stdin with `--password-stdin`, else asked twice without echo.
 * Its strength is the domain's to judge (WeakPasswordError, exit 1).
 * @throws CliUsageError when stdin is empty; CliRuleViolation when the two entries differ
 */
async function newPassword(io: CliIo, options: PasswordOptions): Promise<string> {
  if (options.passwordStdin === true) {
    const line = await io.readLine();
    if (line === null || line === '') throw new CliUsageError('--password-stdin: no password on stdin (expected one line).');
    return line;
  }
  const first = await io.readSecret('New password: ');
  const second = await io.readSecret('Repeat the new password: ');
  if (first !== second) throw new CliRuleViolation('ADMIN_USER.PASSWORD_MISMATCH', 'The two passwords do not match: nothing was changed.');
  return first;
}

/**
 * `<username>`: an admin user by username (case-insensitive), else by exact ID.
 * @throws CliRuleViolation ADMIN_USER.NOT_FOUND when neither matches
 */
export async function resolveAdminUser(useCases: CliUseCases, ref: string): Promise<AdminUserView> {
  const wanted = AdminUser.usernameKey(ref);
  const byName = wanted === '' ? undefined : (await useCases.adminUsers.list.execute()).find((user) => AdminUser.usernameKey(user.username) === wanted);
  if (byName !== undefined) return byName;
  try {
    return await useCases.adminUsers.get.execute({ id: ref });
  } catch (error) {
    if (!(error instanceof AdminUserNotFoundError)) throw error;
  }
  throw new CliRuleViolation('ADMIN_USER.NOT_FOUND', `No admin user has the username or ID "${excerpt(ref)}".`);
}

async function roleNameOf(useCases: CliUseCases, user: AdminUserView): Promise<string | null> {
  return (await useCases.roles.list.execute()).find((role) => role.id === user.roleId)?.name ?? null;
}

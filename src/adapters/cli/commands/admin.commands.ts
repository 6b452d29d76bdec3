import { type AdminUserView } from '../../../application/use-cases/admin-users/admin-user.views';
import { AdminUser } from '../../../domain/admin-user/admin-user.aggregate';
import { AdminUserNotFoundError } from '../../../domain/admin-user/admin-user.errors';
import { excerpt } from '../../../domain/kernel/text';
import { CliRuleViolation, CliUsageError } from '../cli-errors';
import { type CliUseCases } from '../cli-services';
import { JSON_OPTION_HELP, type CommandGroup, type JsonOption } from '../command-context';
import { type CliIo } from '../output';
import { adminUserDocument, printAdminUsers } from './admin.presenter';
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

const GROUP = 'Admin users:';
const USER = '<username>';
const USER_HELP = 'the admin user: their username (case-insensitive) or ID';
const PASSWORD_STDIN_HELP = 'read the password from the first line of stdin (for scripts) instead of asking for it';

/**
 * `admin:*`: the admin users who sign in to the admin API. The CLI acts as the `system` actor (the
 * operator at the terminal may do anything). Passwords are asked without echo, or read from stdin
 * with `--password-stdin`; they are never printed.
 */
export const adminCommands: CommandGroup = (program, context) => {
  const useCases = async (): Promise<CliUseCases> => context.services().useCases();

  program
    .command('admin:create')
    .helpGroup(GROUP)
    .description('create an active admin user with one admin role (asks for the password)')
    .requiredOption('--username <username>', 'unique user name (letters, digits, . _ @ + -)')
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--first-name <name>', 'first name')
    .requiredOption('--last-name <name>', 'last name')
    .requiredOption('--role <name|id>', 'their admin role: its ID, or its name (ignoring case and accents)')
    .option('--password-stdin', PASSWORD_STDIN_HELP)
    .option('--json', JSON_OPTION_HELP)
    .addHelpText('after', '\nExample:\n  printf "%s\\n" "$ADMIN_PASSWORD" | portcullis admin:create --username jane --email jane@example.com \\\n    --first-name Jane --last-name Doe --role Administrators --password-stdin')
    .action(async (options: CreateOptions) => {
      assertCanReadPassword(context.io, options, 'admin:create');
      const cases = await useCases();
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
      const out = context.output(options);
      if (out.json) out.document({ user: adminUserDocument({ user, roleName: role.name }) });
      else out.line(`Admin user "${user.username}" created (active) with role "${role.name}", ID ${user.id}.`);
    });

  program
    .command('admin:list')
    .helpGroup(GROUP)
    .description('list the admin users, ordered by username, with their role and whether they are locked out')
    .option('--json', JSON_OPTION_HELP)
    .action(async (options: JsonOption) => {
      const cases = await useCases();
      const [users, roles] = await Promise.all([cases.adminUsers.list.execute(), cases.roles.list.execute()]);
      const roleNames = new Map(roles.map((role) => [role.id, role.name]));
      const rows = [];
      for (const user of users) {
        rows.push({ user, roleName: roleNames.get(user.roleId) ?? null, lockout: await cases.signInLockout.state(user.username) });
      }
      printAdminUsers(context.output(options), rows);
    });

  program
    .command('admin:passwd')
    .helpGroup(GROUP)
    .description("set an admin user's password (asks for it); their sessions are signed out")
    .argument(USER, USER_HELP)
    .option('--password-stdin', PASSWORD_STDIN_HELP)
    .option('--json', JSON_OPTION_HELP)
    .addHelpText('after', `\nExamples:\n  portcullis admin:passwd jane\n  printf '%s\\n' "$NEW_PASSWORD" | portcullis admin:passwd jane --password-stdin`)
    .action(async (ref: string, options: PasswordOptions) => {
      assertCanReadPassword(context.io, options, 'admin:passwd');
      const cases = await useCases();
      const target = await resolveAdminUser(cases, ref);
      const password = await newPassword(context.io, options);
      const user = await cases.adminUsers.update.execute({ id: target.id, password });
      const out = context.output(options);
      if (out.json) out.document({ user: adminUserDocument({ user, roleName: await roleNameOf(cases, user) }) });
      else out.line(`Password of admin user "${user.username}" changed; their sessions were signed out.`);
    });

  program
    .command('admin:deactivate')
    .helpGroup(GROUP)
    .description('deactivate an admin user: they can no longer sign in, and are signed out everywhere')
    .argument(USER, USER_HELP)
    .option('--json', JSON_OPTION_HELP)
    .action(async (ref: string, options: JsonOption) => {
      const cases = await useCases();
      const target = await resolveAdminUser(cases, ref);
      const user = await cases.adminUsers.update.execute({ id: target.id, active: false });
      const out = context.output(options);
      if (out.json) out.document({ user: adminUserDocument({ user, roleName: await roleNameOf(cases, user) }) });
      else if (!target.active) out.line(`Admin user "${user.username}" was already inactive; any session left was signed out.`);
      else out.line(`Admin user "${user.username}" deactivated: signed out everywhere, and can no longer sign in.`);
    });

  program
    .command('admin:unlock')
    .helpGroup(GROUP)
    .description('end the sign-in lock-out of an admin user (after too many failed sign-ins)')
    .argument(USER, USER_HELP)
    .option('--json', JSON_OPTION_HELP)
    .action(async (ref: string, options: JsonOption) => {
      const cases = await useCases();
      const user = await resolveAdminUser(cases, ref);
      const before = await cases.signInLockout.clear(user.username);
      const out = context.output(options);
      if (out.json) {
        out.document({
          user: { id: user.id, username: user.username },
          wasLocked: before.lockedUntil !== null,
          lockedUntil: before.lockedUntil === null ? null : before.lockedUntil.toISOString(),
          failures: before.failures,
        });
      } else if (before.lockedUntil !== null) {
        out.line(`Admin user "${user.username}" unlocked (was locked until ${before.lockedUntil.toISOString()}); they may sign in again.`);
      } else {
        out.line(`Admin user "${user.username}" was not locked out${before.failures > 0 ? `; ${before.failures} failed sign-in(s) forgotten` : ''}.`);
      }
    });
};

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

import { Option } from 'commander';
import { type GrantInput } from '../../../application/access/grant-input';
import { type RoleView } from '../../../application/use-cases/roles/role.views';
import { Role } from '../../../domain/role/role.aggregate';
import { RoleNotFoundError } from '../../../domain/role/role.errors';
import { excerpt } from '../../../domain/kernel/text';
import { CliRuleViolation } from '../cli-errors';
import { type CliUseCases } from '../cli-services';
import { commandGroup, type ArgumentDeclaration, type JsonOption } from '../command-context';
import { itemsDocument } from '../output';
import { printRole, printRoles, roleDocument } from './role.presenter';
import { accessOptions, grantFrom, type AccessOptions } from './access-options';
import { deleteCommand } from './delete-command';

interface SaveOptions extends JsonOption, AccessOptions {
  readonly name?: string;
  /** `--read-only` / `--no-read-only`; absent: unchanged (false for a new role). */
  readonly readOnly?: boolean;
}

/** The role's admins may only read. */
const readOnlyOption = (): Option => new Option('--read-only', 'its admins may only read (GET, HEAD, OPTIONS) what its access allows');
/** `role:update` only: lifts `--read-only`. */
const writableOption = (): Option => new Option('--no-read-only', 'let its admins change things again');

const ROLE: ArgumentDeclaration = ['<name|id>', 'the admin role: its ID, or its name (ignoring case and accents)'];

/** `role:*`: the admin roles (groups of admin users with their resource access). */
export const roleCommands = commandGroup('Roles:', (command, context) => {
  const savedRoleDocument = (role: RoleView): unknown => ({ role: roleDocument(role) });

  command({
    name: 'role:list',
    description: 'list the admin roles, ordered by name',
    run: async () => (await context.useCases()).roles.list.execute(),
    json: (roles) => itemsDocument(roles, roleDocument),
    text: printRoles,
  });

  command({
    name: 'role:show',
    description: 'show an admin role and its resource access',
    arguments: [ROLE],
    run: async (ref: string) => resolveRole(await context.useCases(), ref),
    json: roleDocument,
    text: printRole,
  });

  command({
    name: 'role:create',
    description: 'create an admin role with its resource access',
    options: [new Option('--name <name>', 'unique name').makeOptionMandatory(), ...accessOptions(), readOnlyOption()],
    helpAfter:
      '\nExamples:\n  portcullis role:create --name Integrators --resources Portcullis::portcullis --exclude Portcullis::admin_users\n  portcullis role:create --name Auditors --all --read-only',
    run: async (options: SaveOptions) => {
      const grant = grantFrom(options, 'role:create');
      const { roles } = await context.useCases();
      return roles.create.execute({ name: options.name ?? '', ...(grant as GrantInput), ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}) });
    },
    json: savedRoleDocument,
    text: (out, role) => out.line(`Role "${role.name}" created, ID ${role.id}.`),
  });

  command({
    name: 'role:update',
    description: 'rename an admin role and/or replace its resource access; options left out keep their value',
    arguments: [ROLE],
    options: [new Option('--name <name>', 'new name'), ...accessOptions(), readOnlyOption(), writableOption()],
    run: async (ref: string, options: SaveOptions) => {
      const grant = grantFrom(options, null);
      const cases = await context.useCases();
      return cases.roles.update.execute({
        id: (await resolveRole(cases, ref)).id,
        ...(options.name !== undefined ? { name: options.name } : {}),
        ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
        ...grant,
      });
    },
    json: savedRoleDocument,
    text: (out, role) => out.line(`Role "${role.name}" updated.`),
  });

  command(
    deleteCommand(context, {
      name: 'role:delete',
      description: 'delete an admin role; its users cannot act until given another role',
      argument: ROLE,
      find: resolveRole,
      question: (role) => `Delete role "${role.name}" (${role.id})? Its users cannot act until given another role. [y/N] `,
      remove: (cases, role) => cases.roles.delete.execute({ id: role.id }),
      json: (deleted) => ({ deleted: { id: deleted.id, name: deleted.name, usersWithoutRole: deleted.usersWithoutRole } }),
      text: (out, deleted) => {
        out.line(`Role "${deleted.name}" deleted.`);
        if (deleted.usersWithoutRole > 0) {
          out.line(out.paint('warn', `${deleted.usersWithoutRole} admin user(s) now have no role: they cannot act until given another one.`));
        }
      },
    }),
  );
});

/**
 * `<name|id>`: an exact admin role ID first, else the admin role with that name (ignoring case and accents).
 * Integration roles are not admin roles: they are never found here.
 * @throws CliRuleViolation ROLE.NOT_FOUND when neither matches
 */
export async function resolveRole(useCases: CliUseCases, ref: string): Promise<RoleView> {
  const { roles } = useCases;
  try {
    return await roles.get.execute({ id: ref });
  } catch (error) {
    if (!(error instanceof RoleNotFoundError)) throw error;
  }
  const wanted = Role.nameKey(ref);
  const found = wanted === '' ? undefined : (await roles.list.execute()).find((role) => Role.nameKey(role.name) === wanted);
  if (found === undefined) throw new CliRuleViolation('ROLE.NOT_FOUND', `No admin role has the ID or name "${excerpt(ref)}".`);
  return found;
}

import { type Command, Option } from 'commander';
import { type GrantInput } from '../../../application/access/grant-input';
import { type RoleView } from '../../../application/use-cases/roles/role.views';
import { Role } from '../../../domain/role/role.aggregate';
import { RoleNotFoundError } from '../../../domain/role/role.errors';
import { excerpt } from '../../../domain/kernel/text';
import { CliRuleViolation, CliUsageError } from '../cli-errors';
import { type CliUseCases } from '../cli-services';
import { JSON_OPTION_HELP, type CommandGroup, type JsonOption } from '../command-context';
import { commaList } from '../option-parsers';
import { forTerminal } from '../output';
import { grantFrom } from './integration.commands';
import { printRole, printRoles, roleDocument } from './role.presenter';

interface SaveOptions extends JsonOption {
  readonly name?: string;
  readonly all?: boolean;
  readonly resources?: string[];
  readonly exclude?: string[];
}

interface DeleteOptions extends JsonOption {
  readonly yes?: boolean;
}

const GROUP = 'Roles:';
const REF = '<name|id>';
const REF_HELP = 'the admin role: its ID, or its name (ignoring case and accents)';

/** `role:*`: the admin roles (groups of admin users with their resource access). */
export const roleCommands: CommandGroup = (program, context) => {
  const useCases = async (): Promise<CliUseCases> => context.services().useCases();

  program
    .command('role:list')
    .helpGroup(GROUP)
    .description('list the admin roles, ordered by name')
    .option('--json', JSON_OPTION_HELP)
    .action(async (options: JsonOption) => {
      const { roles } = await useCases();
      printRoles(context.output(options), await roles.list.execute());
    });

  program
    .command('role:show')
    .helpGroup(GROUP)
    .description('show an admin role and its resource access')
    .argument(REF, REF_HELP)
    .option('--json', JSON_OPTION_HELP)
    .action(async (ref: string, options: JsonOption) => {
      const role = await resolveRole(await useCases(), ref);
      const out = context.output(options);
      if (out.json) out.document(roleDocument(role));
      else printRole(out, role);
    });

  accessOptions(
    program
      .command('role:create')
      .helpGroup(GROUP)
      .description('create an admin role with its resource access')
      .requiredOption('--name <name>', 'unique name'),
  )
    .addHelpText('after', '\nExample:\n  portcullis role:create --name Integrators --resources Portcullis::portcullis --exclude Portcullis::admin_users')
    .action(async (options: SaveOptions) => {
      const grant = grantFrom(options, 'role:create');
      const { roles } = await useCases();
      const role = await roles.create.execute({ name: options.name ?? '', ...(grant as GrantInput) });
      const out = context.output(options);
      if (out.json) out.document({ role: roleDocument(role) });
      else out.line(`Role "${role.name}" created, ID ${role.id}.`);
    });

  accessOptions(
    program
      .command('role:update')
      .helpGroup(GROUP)
      .description('rename an admin role and/or replace its resource access; options left out keep their value')
      .argument(REF, REF_HELP)
      .option('--name <name>', 'new name'),
  ).action(async (ref: string, options: SaveOptions) => {
    const grant = grantFrom(options, null);
    const cases = await useCases();
    const role = await cases.roles.update.execute({
      id: (await resolveRole(cases, ref)).id,
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...grant,
    });
    const out = context.output(options);
    if (out.json) out.document({ role: roleDocument(role) });
    else out.line(`Role "${role.name}" updated.`);
  });

  program
    .command('role:delete')
    .helpGroup(GROUP)
    .description('delete an admin role; its users cannot act until given another role')
    .argument(REF, REF_HELP)
    .option('-y, --yes', 'do not ask for confirmation (required when not run from a terminal)')
    .option('--json', JSON_OPTION_HELP)
    .action(async (ref: string, options: DeleteOptions) => {
      if (options.yes !== true && !context.io.interactive) {
        throw new CliUsageError(`role:delete asks for confirmation: add --yes to delete "${excerpt(ref)}" when not run from a terminal.`);
      }
      const cases = await useCases();
      const role = await resolveRole(cases, ref);
      if (options.yes !== true && !(await context.io.confirm(forTerminal(`Delete role "${role.name}" (${role.id})? Its users cannot act until given another role. [y/N] `)))) {
        throw new CliRuleViolation('CLI.CANCELLED', 'Cancelled: nothing was deleted.');
      }
      const deleted = await cases.roles.delete.execute({ id: role.id });
      const out = context.output(options);
      if (out.json) {
        out.document({ deleted: { id: deleted.id, name: deleted.name, usersWithoutRole: deleted.usersWithoutRole } });
        return;
      }
      out.line(`Role "${deleted.name}" deleted.`);
      if (deleted.usersWithoutRole > 0) {
        out.line(out.paint('warn', `${deleted.usersWithoutRole} admin user(s) now have no role: they cannot act until given another one.`));
      }
    });
};

/** The access options role:create and role:update share (as integration:create/update). */
function accessOptions(command: Command): Command {
  return command
    .addOption(new Option('--all', 'access to all resources').conflicts(['resources', 'exclude']))
    .option('--resources <ids>', 'custom access: comma-separated resource ids (their children included)', commaList)
    .option('--exclude <ids>', 'with --resources: ids unchecked under a checked resource', commaList)
    .option('--json', JSON_OPTION_HELP);
}

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

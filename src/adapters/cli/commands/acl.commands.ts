import { Option } from 'commander';
import { type GrantView } from '../../../application/access/grant-input';
import { UnknownResourceError } from '../../../domain/acl/acl.errors';
import { type EffectivePermission } from '../../../domain/acl/grant.value-object';
import { excerpt } from '../../../domain/kernel/text';
import { CliRuleViolation, EXIT } from '../cli-errors';
import { type CliUseCases } from '../cli-services';
import { JSON_OPTION_HELP, type CommandGroup, type JsonOption } from '../command-context';
import { accessDocument, allowedWord, permissionDocument, printExplanation, printTree, reasonText, treeDocument, type AclSubject } from './acl.presenter';
import { resolveId } from './integration.commands';
import { resolveRole } from './role.commands';

interface ExplainOptions extends JsonOption {
  readonly role?: boolean;
  readonly integration?: boolean;
}

const GROUP = 'ACL:';

/** `acl:*`: the resource tree, and what an integration or admin role may use (and why). */
export const aclCommands: CommandGroup = (program, context) => {
  const useCases = async (): Promise<CliUseCases> => context.services().useCases();

  program
    .command('acl:tree')
    .helpGroup(GROUP)
    .description('print the ACL resource tree (titles and ids), in display order')
    .option('--json', JSON_OPTION_HELP)
    .action(async (options: JsonOption) => {
      const { acl } = await useCases();
      const tree = await acl.tree.execute();
      const out = context.output(options);
      if (out.json) out.document({ resources: treeDocument(tree) });
      else if (tree.length === 0) out.line('No ACL resources.');
      else printTree(out, tree);
    });

  program
    .command('acl:check')
    .helpGroup(GROUP)
    .description('tell whether an integration may use each resource: exit 0 when all are allowed, 1 when any is denied')
    .argument('<integration>', 'the integration: its ID, or its name (ignoring case and accents)')
    .argument('<resource...>', 'ACL resource ids, e.g. Magento_Sales::sales')
    .option('--json', JSON_OPTION_HELP)
    .addHelpText(
      'after',
      '\nThe answer is printed on stdout either way; exit 1 (with nothing on stderr) means at least one\nresource is denied. An unknown resource id is an error (exit 1, one line on stderr).\n\nExample:\n  portcullis acl:check "ERP sync" Magento_Sales::sales Magento_Catalog::products && echo allowed',
    )
    .action(async (ref: string, resourceIds: string[], options: JsonOption) => {
      const cases = await useCases();
      const integration = await cases.integrations.get.execute({ id: await resolveId(cases, ref) });
      const { permissions } = await cases.acl.effectivePermissions.execute({ integrationId: integration.id });
      const byId = new Map(permissions.map((permission) => [permission.resourceId, permission]));
      const unknown = resourceIds.filter((id) => !byId.has(id));
      if (unknown.length > 0) throw new UnknownResourceError([...new Set(unknown)]);
      const checked = resourceIds.map((id) => byId.get(id) as EffectivePermission);
      const allAllowed = checked.every((permission) => permission.allowed);
      const out = context.output(options);
      if (out.json) {
        out.document({
          integration: { id: integration.id, name: integration.name, status: integration.status },
          allowed: allAllowed,
          resources: checked.map((permission) => ({
            resourceId: permission.resourceId,
            title: permission.title,
            allowed: permission.allowed,
            reason: permissionDocument(permission).reason,
          })),
        });
      } else {
        out.table(
          ['RESOURCE', 'ACCESS', 'WHY'],
          checked.map((permission) => [permission.resourceId, allowedWord(out, permission.allowed), reasonText(permission.reason, permission.resourceId)]),
        );
        const denied = checked.filter((permission) => !permission.allowed).length;
        out.line(
          denied === 0
            ? `Integration "${integration.name}" may use ${checked.length === 1 ? 'this resource' : `all ${checked.length} resources`}.`
            : `Integration "${integration.name}" is denied ${denied} of ${checked.length} resource(s).`,
        );
        if (integration.status !== 'active') {
          out.line(out.paint('warn', `Note: the integration is ${integration.status}: its API calls are refused whatever its access.`));
        }
      }
      if (!allAllowed) context.setExitCode(EXIT.ruleViolation);
    });

  program
    .command('acl:explain')
    .helpGroup(GROUP)
    .description('effective permissions of an integration or admin role: every resource, allowed or denied, and why')
    .argument('<integration|role>', 'an integration (ID or name), else an admin role (ID or name)')
    .addOption(new Option('--integration', 'only look for an integration').conflicts('role'))
    .addOption(new Option('--role', 'only look for an admin role'))
    .option('--json', JSON_OPTION_HELP)
    .addHelpText('after', '\nExamples:\n  portcullis acl:explain "ERP sync"\n  portcullis acl:explain Administrators --role --json')
    .action(async (ref: string, options: ExplainOptions) => {
      const cases = await useCases();
      const subject = await resolveSubject(cases, ref, options);
      const { access, permissions } = await cases.acl.effectivePermissions.execute(
        subject.kind === 'integration' ? { integrationId: subject.id } : { roleId: subject.id },
      );
      const out = context.output(options);
      if (out.json) out.document(explanationDocument(subject, access, permissions));
      else printExplanation(out, subject, access, permissions);
    });
};

function explanationDocument(subject: AclSubject, access: GrantView, permissions: readonly EffectivePermission[]): Record<string, unknown> {
  return { subject: { ...subject }, access: accessDocument(access), permissions: permissions.map(permissionDocument) };
}

/**
 * An integration first, then an admin role, unless `--integration` or `--role` says which.
 * @throws CliRuleViolation when nothing has that ID or name
 */
async function resolveSubject(cases: CliUseCases, ref: string, options: ExplainOptions): Promise<AclSubject> {
  if (options.role !== true) {
    try {
      const id = await resolveId(cases, ref);
      const view = await cases.integrations.get.execute({ id });
      return { kind: 'integration', id: view.id, name: view.name };
    } catch (error) {
      if (options.integration === true || !(error instanceof CliRuleViolation) || error.code !== 'INTEGRATION.NOT_FOUND') throw error;
    }
  }
  try {
    const role = await resolveRole(cases, ref);
    return { kind: 'role', id: role.id, name: role.name };
  } catch (error) {
    if (options.role === true || !(error instanceof CliRuleViolation) || error.code !== 'ROLE.NOT_FOUND') throw error;
  }
  throw new CliRuleViolation('ACL.SUBJECT_NOT_FOUND', `No integration or admin role has the ID or name "${excerpt(ref)}".`);
}

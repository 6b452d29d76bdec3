import { Option } from 'commander';
import { UnknownResourceError } from '../../../domain/acl/acl.errors';
import { type EffectivePermission } from '../../../domain/acl/grant.value-object';
import { excerpt } from '../../../domain/kernel/text';
import { CliRuleViolation, EXIT } from '../cli-errors';
import { type CliUseCases } from '../cli-services';
import { commandGroup, type JsonOption } from '../command-context';
import { accessDocument, allowedWord, permissionDocument, printExplanation, printTree, reasonText, treeDocument, type AclSubject } from './acl.presenter';
import { resolveId } from './integration.commands';
import { resolveRole } from './role.commands';

interface ExplainOptions extends JsonOption {
  readonly role?: boolean;
  readonly integration?: boolean;
}

/** `acl:*`: the resource tree, and what an integration or admin role may use (and why). */
export const aclCommands = commandGroup('ACL:', (command, context) => {
  command({
    name: 'acl:tree',
    description: 'print the ACL resource tree (titles and ids), in display order',
    run: async () => (await context.useCases()).acl.tree.execute(),
    json: (tree) => ({ resources: treeDocument(tree) }),
    text: (out, tree) => (tree.length === 0 ? out.line('No ACL resources.') : printTree(out, tree)),
  });

  command({
    name: 'acl:check',
    description: 'tell whether an integration may use each resource: exit 0 when all are allowed, 1 when any is denied',
    arguments: [
      ['<integration>', 'the integration: its ID, or its name (ignoring case and accents)'],
      ['<resource...>', 'ACL resource ids, e.g. Magento_Sales::sales'],
    ],
    helpAfter:
      '\nThe answer is printed on stdout either way; exit 1 (with nothing on stderr) means at least one\nresource is denied. An unknown resource id is an error (exit 1, one line on stderr).\n\nExample:\n  portcullis acl:check "ERP sync" Magento_Sales::sales Magento_Catalog::products && echo allowed',
    run: async (ref: string, resourceIds: string[]) => {
      const cases = await context.useCases();
      const integration = await cases.integrations.get.execute({ id: await resolveId(cases, ref) });
      const { permissions } = await cases.acl.effectivePermissions.execute({ integrationId: integration.id });
      const byId = new Map(permissions.map((permission) => [permission.resourceId, permission]));
      const unknown = resourceIds.filter((id) => !byId.has(id));
      if (unknown.length > 0) throw new UnknownResourceError([...new Set(unknown)]);
      const checked = resourceIds.map((id) => byId.get(id) as EffectivePermission);
      const allAllowed = checked.every((permission) => permission.allowed);
      if (!allAllowed) context.setExitCode(EXIT.ruleViolation);
      return { integration, checked, allAllowed };
    },
    json: ({ integration, checked, allAllowed }) => ({
      integration: { id: integration.id, name: integration.name, status: integration.status },
      allowed: allAllowed,
      resources: checked.map((permission) => ({
        resourceId: permission.resourceId,
        title: permission.title,
        allowed: permission.allowed,
        reason: permissionDocument(permission).reason,
      })),
    }),
    text: (out, { integration, checked }) => {
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
    },
  });

  command({
    name: 'acl:explain',
    description: 'effective permissions of an integration or admin role: every resource, allowed or denied, and why',
    arguments: [['<integration|role>', 'an integration (ID or name), else an admin role (ID or name)']],
    options: [new Option('--integration', 'only look for an integration').conflicts('role'), new Option('--role', 'only look for an admin role')],
    helpAfter: '\nExamples:\n  portcullis acl:explain "ERP sync"\n  portcullis acl:explain Administrators --role --json',
    run: async (ref: string, options: ExplainOptions) => {
      const cases = await context.useCases();
      const subject = await resolveSubject(cases, ref, options);
      const { access, permissions } = await cases.acl.effectivePermissions.execute(
        subject.kind === 'integration' ? { integrationId: subject.id } : { roleId: subject.id },
      );
      return { subject, access, permissions };
    },
    json: ({ subject, access, permissions }) => ({ subject: { ...subject }, access: accessDocument(access), permissions: permissions.map(permissionDocument) }),
    text: (out, { subject, access, permissions }) => printExplanation(out, subject, access, permissions),
  });
});

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

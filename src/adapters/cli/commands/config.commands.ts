import { Option } from 'commander';
import { type ConfigSyncSummary } from '../../../application/config-sync/sync-config-integrations.use-case';
import { type DeclarationFiles } from '../cli-services';
import { commandGroup, type JsonOption } from '../command-context';
import { type CliOutput } from '../output';

interface SyncOptions extends JsonOption {
  readonly dryRun?: boolean;
  readonly prune?: boolean;
  readonly allowNoDeclarations?: boolean;
}

const SYNC_HELP = `
Reads the integration declarations (Magento etc/integration.xml, the legacy
etc/integration/config.xml + api.xml pair, or JSON) from the files and globs given, else from
PORTCULLIS_INTEGRATION_FILES, checks them against the ACL tree (PORTCULLIS_ACL_FILES), and brings
the config integrations in line, all or nothing (the server does the same at every start):
  new declaration              created, inactive, setup type config
  unchanged                    nothing changes (same id, status and credentials)
  email changed, access        applied in place, status kept
  narrowed
  access widened, callback     status reset, tokens revoked: an admin must activate it again
  URL or identity link changed
  declaration removed          deactivated (tokens revoked) and reported as orphaned;
                               deleted only with --prune
A file that is wrong is reported with its line and column, and nothing changes (exit 78).
So is a glob that matches no file, and an empty file (one caught while it is written over).
Files that declare no integration at all retire nothing: the sync is refused (exit 78) unless
--allow-no-declarations says that deactivating (or with --prune deleting) every config
integration is meant. Two syncs at once (servers starting, this command) run one after the
other, each on what the one before committed.

Examples:
  $ portcullis config:sync --dry-run
  $ portcullis config:sync 'vendor/*/etc/integration.xml' 'vendor/*/etc/integration/*.xml'
  $ PORTCULLIS_ACL_FILES='vendor/*/etc/acl.xml' portcullis config:sync integrations.json --prune
  $ portcullis config:sync empty.json --allow-no-declarations   # retire every config integration`;

/** `config:sync`: configuration files in, config integrations out. */
export const configCommands = commandGroup('Configuration as code:', (command, context) => {
  command({
    name: 'config:sync',
    description: 'create, update, reset or orphan config integrations from their declaration files',
    arguments: [['[files...]', 'files and globs (default: PORTCULLIS_INTEGRATION_FILES)']],
    options: [
      new Option('--dry-run', 'print what would change, change nothing'),
      new Option('--prune', 'delete config integrations no file declares any more (default: deactivate them)'),
      new Option('--allow-no-declarations', 'let files that declare no integration retire every config integration (default: refused)'),
    ],
    helpAfter: SYNC_HELP,
    run: async (files: string[], options: SyncOptions) => {
      const services = context.services();
      const declared = services.declaredIntegrations(files.length > 0 ? files : undefined);
      const { config } = await services.useCases();
      const summary = await config.sync.execute({
        declarations: declared.parts,
        dryRun: options.dryRun === true,
        prune: options.prune === true,
        allowNoDeclarations: options.allowNoDeclarations === true,
      });
      return { summary, declared };
    },
    json: ({ summary, declared }) => ({ ...summary, files: declared.files }),
    text: (out, { summary, declared }) => printSummary(out, summary, declared),
  });
});

function printSummary(out: CliOutput, summary: ConfigSyncSummary, declared: DeclarationFiles): void {
  const declarations = summary.created.length + summary.updated.length + summary.reset.length + summary.unchanged.length;
  out.line(
    `${summary.dryRun ? out.paint('strong', 'Dry run, nothing was changed. ') : ''}${declarations} integration(s) declared in ${declared.files.length} file(s).`,
  );
  const names = (list: readonly string[]): string => list.join(', ');
  out.table(
    ['', 'COUNT', 'INTEGRATIONS'],
    [
      [summary.dryRun ? 'to create' : 'created', String(summary.created.length), names(summary.created)],
      [summary.dryRun ? 'to update' : 'updated', String(summary.updated.length), names(summary.updated.map((entry) => entry.name))],
      [summary.dryRun ? 'to reset' : 'reset', String(summary.reset.length), names(summary.reset.map((entry) => entry.name))],
      ['unchanged', String(summary.unchanged.length), names(summary.unchanged)],
      ['orphaned', String(summary.orphaned.length), names(summary.orphaned)],
      [summary.dryRun ? 'to delete' : 'deleted', String(summary.deleted.length), names(summary.deleted)],
    ],
  );
  for (const { name, changes } of summary.updated) out.line(`${name}: ${changes.join('; ')}`);
  for (const { name, reason } of summary.reset) {
    out.line(out.paint('warn', `${name}: reset, an admin must activate it again. ${reason}`));
  }
  if (summary.orphaned.length > 0) {
    out.line(out.paint('warn', `Orphaned integrations are deactivated and kept: delete them, or run config:sync --prune.`));
  }
}

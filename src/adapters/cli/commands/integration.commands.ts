import { type Command, Option } from 'commander';
import { type GrantInput } from '../../../application/access/grant-input';
import { type SaveIntegrationOutput } from '../../../application/use-cases/integrations/create-integration.use-case';
import { MAX_PAGE_SIZE } from '../../../application/use-cases/integrations/list-integrations.use-case';
import { IntegrationName } from '../../../domain/integration/integration-name.value-object';
import { IntegrationNotFoundError } from '../../../domain/integration/integration.errors';
import { excerpt } from '../../../domain/kernel/text';
import { CliRuleViolation, CliUsageError } from '../cli-errors';
import { type CliUseCases } from '../cli-services';
import { JSON_OPTION_HELP, type CommandGroup, type JsonOption } from '../command-context';
import { forTerminal, type CliOutput } from '../output';
import { commaList, wholeNumber } from '../option-parsers';
import { activationDocument, printActivation, printCredentials, printList, printView, viewDocument } from './integration.presenter';

interface ListOptions extends JsonOption {
  readonly status?: 'inactive' | 'active' | 'reset';
  readonly name?: string;
  readonly page?: number;
  readonly pageSize?: number;
}

interface SaveOptions extends JsonOption {
  readonly name?: string;
  readonly email?: string;
  readonly endpoint?: string;
  readonly identityLink?: string;
  readonly all?: boolean;
  readonly resources?: string[];
  readonly exclude?: string[];
  readonly activate?: boolean;
}

interface DeleteOptions extends JsonOption {
  readonly yes?: boolean;
}

const GROUP = 'Integrations:';
const REF = '<name|id>';
const REF_HELP = 'the integration: its ID, or its name (ignoring case and accents)';

/** `integration:*`: list, show, create, update, delete, activate, reauthorize, revoke, credentials. */
export const integrationCommands: CommandGroup = (program, context) => {
  const useCases = async (): Promise<CliUseCases> => context.services().useCases();

  program
    .command('integration:list')
    .helpGroup(GROUP)
    .description('list integrations, ordered by name')
    .addOption(new Option('--status <status>', 'only those with this status').choices(['inactive', 'active', 'reset']))
    .option('--name <part>', 'only those whose name contains this (ignoring case and accents)')
    .option('--page <n>', 'page number, from 1', wholeNumber(1))
    .option('--page-size <n>', `integrations per page, 1 to ${MAX_PAGE_SIZE} (default 20)`, wholeNumber(1, MAX_PAGE_SIZE))
    .option('--json', JSON_OPTION_HELP)
    .action(async (options: ListOptions) => {
      const { integrations } = await useCases();
      const result = await integrations.list.execute({
        ...(options.status !== undefined ? { status: options.status } : {}),
        ...(options.name !== undefined ? { name: options.name } : {}),
        ...(options.page !== undefined ? { page: options.page } : {}),
        ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
      });
      printList(context.output(options), result);
    });

  /** A command on one integration (`<name|id>`, `--json`): finds it, runs the use case, prints the result. */
  const integrationCommand = <T>(
    name: string,
    description: string,
    run: (integrations: CliUseCases['integrations'], id: string) => Promise<T>,
    print: (out: CliOutput, result: T) => void,
  ): void => {
    program
      .command(name)
      .helpGroup(GROUP)
      .description(description)
      .argument(REF, REF_HELP)
      .option('--json', JSON_OPTION_HELP)
      .action(async (ref: string, options: JsonOption) => {
        const cli = await useCases();
        print(context.output(options), await run(cli.integrations, await resolveId(cli, ref)));
      });
  };

  integrationCommand(
    'integration:show',
    'show an integration and its resource access (no secrets)',
    (integrations, id) => integrations.get.execute({ id }),
    (out, view) => (out.json ? out.document(viewDocument(view)) : printView(out, view)),
  );

  saveOptions(
    program
      .command('integration:create')
      .helpGroup(GROUP)
      .description('register an integration (inactive unless --activate)')
      .requiredOption('--name <name>', 'unique name')
      .requiredOption('--email <email>', 'contact email'),
  )
    .addHelpText('after', '\nExample:\n  portcullis integration:create --name "ERP sync" --email ops@example.com --resources Magento_Sales::sales --activate')
    .action(async (options: SaveOptions) => {
      const grant = grantFrom(options, 'integration:create');
      const { integrations } = await useCases();
      const result = await integrations.create.execute({
        name: options.name ?? '',
        email: options.email ?? '',
        ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
        ...(options.identityLink !== undefined ? { identityLinkUrl: options.identityLink } : {}),
        ...(grant as GrantInput),
        activate: options.activate === true,
      });
      printSaved(context.output(options), result, [
        `Integration "${result.integration.name}" created (inactive), ID ${result.integration.id}.`,
        `Activate it with: portcullis integration:activate ${quoteArg(result.integration.name)}`,
      ]);
    });

  saveOptions(
    program
      .command('integration:update')
      .helpGroup(GROUP)
      .description('change an integration; options left out keep their value')
      .argument(REF, REF_HELP)
      .option('--name <name>', 'new name')
      .option('--email <email>', 'new contact email'),
  ).action(async (ref: string, options: SaveOptions) => {
    const grant = grantFrom(options, null);
    const cli = await useCases();
    const result = await cli.integrations.update.execute({
      id: await resolveId(cli, ref),
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(options.email !== undefined ? { email: options.email } : {}),
      ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
      ...(options.identityLink !== undefined ? { identityLinkUrl: options.identityLink } : {}),
      ...grant,
      activate: options.activate === true,
    });
    printSaved(context.output(options), result, [`Integration "${result.integration.name}" updated.`]);
  });

  program
    .command('integration:delete')
    .helpGroup(GROUP)
    .description('delete an integration with its credentials, tokens and role')
    .argument(REF, REF_HELP)
    .option('-y, --yes', 'do not ask for confirmation (required when not run from a terminal)')
    .option('--json', JSON_OPTION_HELP)
    .action(async (ref: string, options: DeleteOptions) => {
      if (options.yes !== true && !context.io.interactive) {
        throw new CliUsageError(`integration:delete asks for confirmation: add --yes to delete "${excerpt(ref)}" when not run from a terminal.`);
      }
      const cli = await useCases();
      const { integrations } = cli;
      const view = await integrations.get.execute({ id: await resolveId(cli, ref) });
      if (options.yes !== true && !(await context.io.confirm(forTerminal(`Delete integration "${view.name}" (${view.id}) with its credentials and tokens? [y/N] `)))) {
        throw new CliRuleViolation('CLI.CANCELLED', 'Cancelled: nothing was deleted.');
      }
      const deleted = await integrations.delete.execute({ id: view.id });
      const out = context.output(options);
      if (out.json) out.document({ deleted: { id: deleted.id, name: deleted.name } });
      else out.line(`Integration "${deleted.name}" deleted.`);
    });

  // Activate and reauthorize answer alike: the integration, and its credentials or identity link.
  const activationCommand = (name: string, description: string, verb: 'activated' | 'reauthorized', use: 'activate' | 'reauthorize'): void =>
    integrationCommand(
      name,
      description,
      (integrations, id) => integrations[use].execute({ id }),
      (out, result) =>
        out.json
          ? out.document({ integration: viewDocument(result.integration), activation: activationDocument(result.activation) })
          : printActivation(out, result.integration, result.activation, verb),
    );
  activationCommand('integration:activate', 'activate: prints the four OAuth credentials, or the identity link of the token exchange', 'activated', 'activate');
  activationCommand('integration:reauthorize', 'issue a new access token (the old one stops working), or run the token exchange again', 'reauthorized', 'reauthorize');

  integrationCommand(
    'integration:revoke',
    'revoke its tokens at once; the integration becomes inactive (keys are kept)',
    (integrations, id) => integrations.revoke.execute({ id }),
    (out, view) =>
      out.json
        ? out.document({ integration: viewDocument(view) })
        : out.line(`Integration "${view.name}" revoked: its tokens no longer work; it is inactive until activated again.`),
  );

  integrationCommand(
    'integration:credentials',
    'print the four OAuth credentials of an active integration (secrets)',
    (integrations, id) => integrations.credentials.execute({ id }),
    (out, credentials) => (out.json ? out.document({ ...credentials }) : printCredentials(out, credentials)),
  );
};

/** What create and update print: the saved integration, and its activation when asked for. */
function printSaved(out: CliOutput, result: SaveIntegrationOutput, notActivated: readonly string[]): void {
  if (out.json) {
    out.document({ integration: viewDocument(result.integration), ...(result.activation ? { activation: activationDocument(result.activation) } : {}) });
  } else if (result.activation) {
    printActivation(out, result.integration, result.activation, 'activated');
  } else {
    notActivated.forEach((line) => out.line(line));
  }
}

/** The options create and update share. */
function saveOptions(command: Command): Command {
  return command
    .option('--endpoint <url>', 'callback URL the credentials are posted to ("" clears it on update)')
    .option('--identity-link <url>', 'identity link URL of the token exchange ("" clears it on update)')
    .addOption(new Option('--all', 'access to all resources').conflicts(['resources', 'exclude']))
    .option('--resources <ids>', 'custom access: comma-separated resource ids (their children included)', commaList)
    .option('--exclude <ids>', 'with --resources: ids unchecked under a checked resource', commaList)
    .option('--activate', 'activate in the same step and print the credentials (or the identity link)')
    .option('--json', JSON_OPTION_HELP);
}

/**
 * The resource access the options ask for: `--all`, or `--resources` with `--exclude`; nothing when
 * updating without either. `required` names the command that needs one.
 * @throws CliUsageError for `--exclude` without `--resources`, or neither when required
 */
export function grantFrom(options: SaveOptions, required: string | null): Partial<GrantInput> {
  if (options.all === true) return { resourceAccess: 'all' };
  if (options.resources !== undefined) return { resourceAccess: 'custom', resources: options.resources, excluded: options.exclude ?? [] };
  if (options.exclude !== undefined) throw new CliUsageError('--exclude needs --resources (the resources it is excluded from).');
  if (required !== null) throw new CliUsageError(`${required} needs --all or --resources <ids> (comma-separated resource ids).`);
  return {};
}

/**
 * `<name|id>`: an exact ID first, else the integration with that name (ignoring case and accents).
 * @throws CliRuleViolation INTEGRATION.NOT_FOUND when neither matches
 */
export async function resolveId(useCases: CliUseCases, ref: string): Promise<string> {
  const { integrations } = useCases;
  try {
    return (await integrations.get.execute({ id: ref })).id;
  } catch (error) {
    if (!(error instanceof IntegrationNotFoundError)) throw error;
  }
  const wanted = IntegrationName.keyOf(ref);
  if (wanted !== '') {
    for (let page = 1; ; page++) {
      const result = await integrations.list.execute({ name: ref.trim(), page, pageSize: MAX_PAGE_SIZE });
      const found = result.items.find((item) => IntegrationName.keyOf(item.name) === wanted);
      if (found !== undefined) return found.id;
      if (page * MAX_PAGE_SIZE >= result.total) break;
    }
  }
  throw new CliRuleViolation('INTEGRATION.NOT_FOUND', `No integration has the ID or name "${excerpt(ref)}".`);
}

/** `value` as one shell word for a printed command line; `--` first when it starts with `-`, so commander does not take it for an option. */
function quoteArg(value: string): string {
  const word = /^[\w.:@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
  return value.startsWith('-') ? `-- ${word}` : word;
}

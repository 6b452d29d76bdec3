import { InvalidArgumentError, Option } from 'commander';
import { type GrantInput } from '../../../application/access/grant-input';
import { type SaveIntegrationOutput } from '../../../application/use-cases/integrations/create-integration.use-case';
import { type CredentialPolicyInput } from '../../../application/use-cases/integrations/credential-policy-input';
import { MAX_PAGE_SIZE, MAX_UNUSED_DAYS } from '../../../application/use-cases/integrations/list-integrations.use-case';
import { instantOf } from '../../../application/use-cases/integrations/get-integration-usage.use-case';
import { IntegrationName } from '../../../domain/integration/integration-name.value-object';
import { IntegrationNotFoundError } from '../../../domain/integration/integration.errors';
import { excerpt } from '../../../domain/kernel/text';
import { CliRuleViolation } from '../cli-errors';
import { type CliUseCases } from '../cli-services';
import { commandGroup, type ArgumentDeclaration, type JsonOption } from '../command-context';
import { type CliOutput } from '../output';
import { wholeNumber } from '../option-parsers';
import { activationDocument, listDocument, printActivation, printCredentials, printList, printView, viewDocument } from './integration.presenter';
import { printUsage, usageDocument, type UsageGrouping } from './usage.presenter';
import { accessOptions, grantFrom, type AccessOptions } from './access-options';
import { policyFrom, policyOptions, POLICY_EXAMPLES, type PolicyOptions } from './policy-options';
import { deleteCommand } from './delete-command';

interface ListOptions extends JsonOption {
  readonly status?: 'inactive' | 'active' | 'reset';
  readonly name?: string;
  readonly page?: number;
  readonly pageSize?: number;
  readonly unusedFor?: number;
}

interface SaveOptions extends JsonOption, AccessOptions, PolicyOptions {
  readonly name?: string;
  readonly email?: string;
  readonly endpoint?: string;
  readonly identityLink?: string;
  readonly activate?: boolean;
}

interface UsageOptions extends JsonOption {
  readonly from?: Date;
  readonly to?: Date;
  readonly by?: UsageGrouping;
}

const INTEGRATION: ArgumentDeclaration = ['<name|id>', 'the integration: its ID, or its name (ignoring case and accents)'];

/** `integration:*`: list, show, create, update, delete, activate, reauthorize, revoke, credentials, usage. */
export const integrationCommands = commandGroup('Integrations:', (command, context) => {
  /** The work of a command on one integration (`<name|id>`): finds it, then runs the use case on its ID. */
  const onIntegration = async <T>(ref: string, run: (integrations: CliUseCases['integrations'], id: string) => Promise<T>): Promise<T> => {
    const cases = await context.useCases();
    return run(cases.integrations, await resolveId(cases, ref));
  };

  command({
    name: 'integration:list',
    description: 'list integrations, ordered by name',
    options: [
      new Option('--status <status>', 'only those with this status').choices(['inactive', 'active', 'reset']),
      new Option('--name <part>', 'only those whose name contains this (ignoring case and accents)'),
      new Option('--page <n>', 'page number, from 1').argParser(wholeNumber(1)),
      new Option('--page-size <n>', `integrations per page, 1 to ${MAX_PAGE_SIZE} (default 20)`).argParser(wholeNumber(1, MAX_PAGE_SIZE)),
      new Option('--unused-for <days>', 'only those not used for that long, such as 90d (never used ones: created before then)').argParser(daysArgument),
    ],
    helpAfter: `
EXPIRES says when its credentials stop working: "in 3 days", "expired", or - (never).

Examples:
  portcullis integration:list --status active
  portcullis integration:list --unused-for 90d --json`,
    run: async (options: ListOptions) => {
      const { integrations } = await context.useCases();
      return integrations.list.execute({
        ...(options.status !== undefined ? { status: options.status } : {}),
        ...(options.name !== undefined ? { name: options.name } : {}),
        ...(options.page !== undefined ? { page: options.page } : {}),
        ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
        ...(options.unusedFor !== undefined ? { unusedForDays: options.unusedFor } : {}),
      });
    },
    json: listDocument,
    text: printList,
  });

  command({
    name: 'integration:show',
    description: 'show an integration and its resource access (no secrets)',
    arguments: [INTEGRATION],
    run: (ref: string) => onIntegration(ref, (integrations, id) => integrations.get.execute({ id })),
    json: viewDocument,
    text: printView,
  });

  command({
    name: 'integration:create',
    description: 'register an integration (inactive unless --activate)',
    options: [new Option('--name <name>', 'unique name').makeOptionMandatory(), new Option('--email <email>', 'contact email').makeOptionMandatory(), ...saveOptions()],
    helpAfter: `${POLICY_EXAMPLES}

Examples:
  portcullis integration:create --name "ERP sync" --email ops@example.com --resources Magento_Sales::sales --activate
  portcullis integration:create --name Reports --email bi@example.com --all --read-only --expires-in 90d --allowed-ips 203.0.113.0/24 --rate-limit 600/min`,
    run: async (options: SaveOptions) => {
      const grant = grantFrom(options, 'integration:create');
      const { integrations } = await context.useCases();
      return integrations.create.execute({
        name: options.name ?? '',
        email: options.email ?? '',
        ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
        ...(options.identityLink !== undefined ? { identityLinkUrl: options.identityLink } : {}),
        ...(grant as GrantInput),
        ...policyOf(options),
        activate: options.activate === true,
      });
    },
    json: savedDocument,
    text: (out, result) =>
      printSaved(out, result, [
        `Integration "${result.integration.name}" created (inactive), ID ${result.integration.id}.`,
        `Activate it with: portcullis integration:activate ${quoteArg(result.integration.name)}`,
      ]),
  });

  command({
    name: 'integration:update',
    description: 'change an integration; options left out keep their value',
    arguments: [INTEGRATION],
    options: [new Option('--name <name>', 'new name'), new Option('--email <email>', 'new contact email'), ...saveOptions()],
    helpAfter: `${POLICY_EXAMPLES}

Examples:
  portcullis integration:update "ERP sync" --resources Magento_Sales::sales,Magento_Catalog::products
  portcullis integration:update "ERP sync" --expires-at never --allowed-ips any --rate-limit none --no-read-only`,
    run: async (ref: string, options: SaveOptions) => {
      const grant = grantFrom(options, null);
      const cases = await context.useCases();
      return cases.integrations.update.execute({
        id: await resolveId(cases, ref),
        ...(options.name !== undefined ? { name: options.name } : {}),
        ...(options.email !== undefined ? { email: options.email } : {}),
        ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
        ...(options.identityLink !== undefined ? { identityLinkUrl: options.identityLink } : {}),
        ...grant,
        ...policyOf(options),
        activate: options.activate === true,
      });
    },
    json: savedDocument,
    text: (out, result) => printSaved(out, result, [`Integration "${result.integration.name}" updated.`]),
  });

  command(
    deleteCommand(context, {
      name: 'integration:delete',
      description: 'delete an integration with its credentials, tokens and role',
      argument: INTEGRATION,
      find: async (cases, ref) => cases.integrations.get.execute({ id: await resolveId(cases, ref) }),
      question: (view) => `Delete integration "${view.name}" (${view.id}) with its credentials and tokens? [y/N] `,
      remove: (cases, view) => cases.integrations.delete.execute({ id: view.id }),
      json: (deleted) => ({ deleted: { id: deleted.id, name: deleted.name } }),
      text: (out, deleted) => out.line(`Integration "${deleted.name}" deleted.`),
    }),
  );

  // Activate and reauthorize answer alike: the integration, and its credentials or identity link.
  const activationCommand = (name: string, description: string, verb: 'activated' | 'reauthorized', use: 'activate' | 'reauthorize'): void =>
    command({
      name,
      description,
      arguments: [INTEGRATION],
      run: (ref: string) => onIntegration(ref, (integrations, id) => integrations[use].execute({ id })),
      json: savedDocument,
      text: (out, result) => printActivation(out, result.integration, result.activation, verb),
    });
  activationCommand('integration:activate', 'activate: prints the four OAuth credentials, or the identity link of the token exchange', 'activated', 'activate');
  activationCommand('integration:reauthorize', 'issue a new access token (the old one stops working), or run the token exchange again', 'reauthorized', 'reauthorize');

  command({
    name: 'integration:revoke',
    description: 'revoke its tokens at once; the integration becomes inactive (keys are kept)',
    arguments: [INTEGRATION],
    run: (ref: string) => onIntegration(ref, (integrations, id) => integrations.revoke.execute({ id })),
    json: (view) => ({ integration: viewDocument(view) }),
    text: (out, view) => out.line(`Integration "${view.name}" revoked: its tokens no longer work; it is inactive until activated again.`),
  });

  command({
    name: 'integration:usage',
    description: 'calls of an integration per hour or day (UTC), allowed and refused by reason; default the last 7 days',
    arguments: [INTEGRATION],
    options: [
      new Option('--from <time>', 'from this date or time on (2026-12-04, 2026-12-04T10:00:00Z); default 7 days before --to').argParser(instant),
      new Option('--to <time>', 'until this date or time (excluded); default now').argParser(instant),
      new Option('--by <unit>', 'one row per hour or per day (default: hour for 48 hours or less, else day)').choices(['hour', 'day']),
    ],
    helpAfter: '\nCounts are written every few seconds (USAGE_FLUSH_SECONDS): the last seconds of a running server show after its next flush.',
    run: (ref: string, options: UsageOptions) =>
      onIntegration(ref, async (integrations, id) => ({
        report: await integrations.usage.execute({ id, ...(options.from !== undefined ? { from: options.from } : {}), ...(options.to !== undefined ? { to: options.to } : {}) }),
        by: options.by,
      })),
    json: ({ report }) => usageDocument(report),
    text: (out, { report, by }) => printUsage(out, report, by),
  });

  command({
    name: 'integration:credentials',
    description: 'print the four OAuth credentials of an active integration (secrets)',
    arguments: [INTEGRATION],
    run: (ref: string) => onIntegration(ref, (integrations, id) => integrations.credentials.execute({ id })),
    json: (credentials) => ({ ...credentials }),
    text: printCredentials,
  });
});

/** The `--json` document of a saved, activated or reauthorized integration: it, and its activation if any. */
function savedDocument(result: SaveIntegrationOutput): unknown {
  return { integration: viewDocument(result.integration), ...(result.activation ? { activation: activationDocument(result.activation) } : {}) };
}

/** What create and update print without `--json`: the activation when asked for, else `notActivated`. */
function printSaved(out: CliOutput, result: SaveIntegrationOutput, notActivated: readonly string[]): void {
  if (result.activation) printActivation(out, result.integration, result.activation, 'activated');
  else notActivated.forEach((line) => out.line(line));
}

/** The options create and update share, after `--name` and `--email`. */
function saveOptions(): Option[] {
  return [
    new Option('--endpoint <url>', 'callback URL the credentials are posted to ("" clears it on update)'),
    new Option('--identity-link <url>', 'identity link URL of the token exchange ("" clears it on update)'),
    ...accessOptions(),
    ...policyOptions(),
    new Option('--activate', 'activate in the same step and print the credentials (or the identity link)'),
  ];
}

/** The `policy` input of create and update, when a policy option was given (`--expires-in` counts from now). */
function policyOf(options: PolicyOptions): { policy?: CredentialPolicyInput } {
  const policy = policyFrom(options, new Date());
  return policy === undefined ? {} : { policy };
}

/** `--unused-for 90d`: whole days, 1 to 36,500 (commander reports anything else as a usage error). */
function daysArgument(value: string): number {
  const match = /^(\d{1,5})d$/.exec(value.trim());
  const days = match === null ? NaN : Number(match[1]);
  if (!(days >= 1 && days <= MAX_UNUSED_DAYS)) throw new InvalidArgumentError(`Expected whole days from 1 to ${MAX_UNUSED_DAYS}, such as 90d.`);
  return days;
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

/** `--from 2026-12-04`: a date, or a date and time with Z or an offset (commander reports anything else as a usage error). */
function instant(value: string): Date {
  const parsed = instantOf(value.trim());
  if (parsed === null) throw new InvalidArgumentError('Expected a date (2026-12-04) or a date and time with Z or an offset (2026-12-04T10:00:00Z).');
  return parsed;
}

/** `value` as one shell word for a printed command line; `--` first when it starts with `-`, so commander does not take it for an option. */
function quoteArg(value: string): string {
  const word = /^[\w.:@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
  return value.startsWith('-') ? `-- ${word}` : word;
}

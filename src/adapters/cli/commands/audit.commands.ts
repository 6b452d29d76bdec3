import { InvalidArgumentError, Option } from 'commander';
import { AUDIT_ACTIONS } from '../../../application/audit/audit-actions';
import { type AuditEntryView } from '../../../application/use-cases/audit/audit.views';
import { type ListAuditEntriesOutput } from '../../../application/use-cases/audit/list-audit-entries.use-case';
import { type AuditChainReport } from '../../../application/use-cases/audit/verify-audit-chain.use-case';
import { MAX_PAGE_SIZE } from '../../../application/use-cases/paging';
import { CliRuleViolation, EXIT } from '../cli-errors';
import { type CliUseCases } from '../cli-services';
import { commandGroup, type JsonOption } from '../command-context';
import { jsonForTerminal, type CliOutput } from '../output';
import { wholeNumber } from '../option-parsers';
import { resolveId } from './integration.commands';

interface ListOptions extends JsonOption {
  readonly integration?: string;
  readonly actor?: string;
  readonly action?: string;
  readonly since?: Date;
  readonly until?: Date;
  readonly page?: number;
  readonly limit?: number;
}

interface ExportOptions {
  readonly since?: Date;
  readonly until?: Date;
}

const TIME_HELP = 'an ISO 8601 time (2026-12-04, 2026-12-04T10:00:00Z) or one this long ago: 30m, 24h, 7d, 2w';

/** `audit:*`: list, export and verify the audit trail. */
export const auditCommands = commandGroup('Audit trail:', (command, context) => {
  command({
    name: 'audit:list',
    description: 'list audit trail entries, newest first: who did what to which record, when and from where',
    options: [
      new Option('--integration <name|id>', 'only entries about this integration (a deleted one by its ID)'),
      new Option('--actor <who>', 'only entries by this actor: an admin username or user ID, an OS user, or a kind (admin, system, cli, config-sync, anonymous, integration)'),
      new Option('--action <action>', 'only this action, e.g. integration.grant_changed').choices(AUDIT_ACTIONS),
      new Option('--since <time>', `only entries from this time: ${TIME_HELP}`).argParser(timeArgument),
      new Option('--until <time>', `only entries before this time: ${TIME_HELP}`).argParser(timeArgument),
      new Option('--page <n>', 'page number, from 1').argParser(wholeNumber(1)),
      new Option('--limit <n>', `entries per page, 1 to ${MAX_PAGE_SIZE} (default 20)`).argParser(wholeNumber(1, MAX_PAGE_SIZE)),
    ],
    helpAfter: `
The --json document is the page as GET /rest/V1/audit answers it: { items, total, page, pageSize },
each item { seq, occurredAt, actor, action, target, source, details, prevHash, hash }.

Examples:
  portcullis audit:list --integration "ERP sync" --since 7d
  portcullis audit:list --actor jane --action integration.credentials_viewed --json`,
    run: async (options: ListOptions) => {
      const cases = await context.useCases();
      const integrationId = options.integration !== undefined ? await integrationIdOf(cases, options.integration) : undefined;
      return cases.audit.list.execute({
        ...(integrationId !== undefined ? { integrationId } : {}),
        ...(options.actor !== undefined ? { actor: options.actor } : {}),
        ...(options.action !== undefined ? { action: options.action } : {}),
        ...(options.since !== undefined ? { from: options.since } : {}),
        ...(options.until !== undefined ? { to: options.until } : {}),
        ...(options.page !== undefined ? { page: options.page } : {}),
        ...(options.limit !== undefined ? { pageSize: options.limit } : {}),
      });
    },
    json: (page) => ({ items: page.items, total: page.total, page: page.page, pageSize: page.pageSize }),
    text: printList,
  });

  command({
    name: 'audit:export',
    description: 'print audit trail entries as JSON lines, oldest first, as they are read (for a SIEM)',
    options: [
      new Option('--since <time>', `from this time (default: the first entry kept): ${TIME_HELP}`).argParser(timeArgument),
      new Option('--until <time>', `before this time (default: up to the last entry): ${TIME_HELP}`).argParser(timeArgument),
    ],
    helpAfter: `
One JSON object per line, the fields of GET /rest/V1/audit's items:
  {"seq":12,"occurredAt":"2026-12-04T10:00:00.000Z","actor":{"kind":"admin","id":"…","name":"jane"},
   "action":"integration.grant_changed","target":{"kind":"integration","id":"…","name":"ERP sync"},
   "source":{"ip":"203.0.113.7","userAgent":"…","requestId":"…"},"details":{"added":[…],"removed":[…],…},
   "prevHash":"…","hash":"…"}

Example:
  portcullis audit:export --since 24h >> /var/log/portcullis-audit.jsonl`,
    run: async (options: ExportOptions) => {
      const cases = await context.useCases();
      const { stdout } = context.io;
      let lines = 0;
      for await (const entry of cases.audit.export.execute({ ...(options.since !== undefined ? { since: options.since } : {}), ...(options.until !== undefined ? { until: options.until } : {}) })) {
        // Each line as it is read; a slow reader holds the export back instead of memory filling up.
        if (!stdout.write(`${jsonForTerminal(entry)}\n`) && stdout.flushed !== undefined) await stdout.flushed();
        lines += 1;
      }
      return lines;
    },
  });

  command({
    name: 'audit:verify',
    description: 'check the audit trail\'s hash chain; names the first entry that does not match (exit 1)',
    helpAfter: `
Each entry carries SHA-256 over its content and the hash of the entry before it: an entry edited,
removed or reordered in the database breaks the chain there. Entries pruned by AUDIT_RETENTION_DAYS
leave the hash of the last one pruned, from which the chain still verifies.
Exit codes: 0 the chain is whole, 1 an entry does not match (named on stdout).`,
    run: async () => {
      const report = await (await context.useCases()).audit.verify.execute();
      if (!report.valid) context.setExitCode(EXIT.ruleViolation);
      return report;
    },
    json: (report) => ({ ...report }),
    text: printVerification,
  });
});

/**
 * `--integration`: an integration's ID or name (as the integration commands take it); an ID no
 * integration has any more is taken as it is, for the history of a deleted one.
 */
async function integrationIdOf(cases: CliUseCases, ref: string): Promise<string> {
  try {
    return await resolveId(cases, ref);
  } catch (error) {
    if (error instanceof CliRuleViolation && error.code === 'INTEGRATION.NOT_FOUND') return ref.trim();
    throw error;
  }
}

/** `--since 24h` or `--since 2026-12-04T10:00:00Z`: commander reports anything else as a usage error. */
export function timeArgument(value: string, now: Date = new Date()): Date {
  const relative = /^(\d{1,6})([smhdw])$/.exec(value.trim());
  if (relative !== null) {
    const seconds = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[relative[2] as 's' | 'm' | 'h' | 'd' | 'w'];
    return new Date(now.getTime() - Number(relative[1]) * seconds * 1000);
  }
  const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim());
  const time = new Date(value.trim());
  if (!iso || Number.isNaN(time.getTime())) throw new InvalidArgumentError(`Expected ${TIME_HELP}.`);
  return time;
}

function printList(out: CliOutput, page: ListAuditEntriesOutput): void {
  const shown = out.itemTable(page.items, 'No audit entries.', ['SEQ', 'TIME', 'ACTOR', 'ACTION', 'TARGET', 'FROM'], (entry) => [
    String(entry.seq),
    entry.occurredAt.toISOString(),
    actorText(entry),
    entry.action,
    targetText(entry),
    entry.source?.ip ?? '',
  ]);
  if (shown) out.line(`${page.items.length} of ${page.total} entries (page ${page.page}, newest first).`);
}

function actorText({ actor }: AuditEntryView): string {
  if (actor.kind === 'admin') return actor.name ?? `admin ${actor.id ?? ''}`.trim();
  if (actor.kind === 'cli') return actor.name !== null ? `cli:${actor.name}` : 'cli';
  if (actor.kind === 'integration') return `integration:${actor.name ?? actor.id ?? ''}`;
  return actor.kind;
}

function targetText({ target }: AuditEntryView): string {
  if (target.kind === 'config') return 'config';
  return `${target.kind} ${target.name !== null ? `"${target.name}"` : (target.id ?? '(unknown)')}`;
}

function printVerification(out: CliOutput, report: AuditChainReport): void {
  const after = report.anchor !== null ? `, after the last pruned entry #${report.anchor.seq}` : '';
  if (report.valid) {
    const range = report.entries === 0 ? '' : ` (from #${report.firstSeq ?? ''} to #${report.lastSeq ?? ''}${after})`;
    out.line(`Audit chain verified: ${report.entries} ${report.entries === 1 ? 'entry' : 'entries'}${range}.`);
    return;
  }
  out.line(`Audit chain broken at entry #${report.problem?.seq ?? ''}: ${report.problem?.message ?? ''}`);
}

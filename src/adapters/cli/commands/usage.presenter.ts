import { type IntegrationUsageReport, type RefusedCalls } from '../../../application/use-cases/integrations/get-integration-usage.use-case';
import { REFUSAL_REASONS } from '../../../domain/usage/usage';
import { type CliOutput } from '../output';

/** One row per hour or per day. */
export type UsageGrouping = 'hour' | 'day';

/** Spans up to this long are shown per hour unless `--by` says otherwise. */
const HOURLY_UP_TO_MS = 48 * 3_600_000;

/** The `--json` document: the same shape as GET /rest/V1/integrations/{id}/usage. */
export function usageDocument(report: IntegrationUsageReport): Record<string, unknown> {
  return {
    integrationId: report.integrationId,
    from: report.from.toISOString(),
    to: report.to.toISOString(),
    hours: report.hours.map((hour) => ({ hour: hour.hour.toISOString(), allowed: hour.allowed, refused: { ...hour.refused } })),
    totals: { allowed: report.totals.allowed, refused: { ...report.totals.refused } },
  };
}

/** A table of hours or days with calls, then the totals. */
export function printUsage(out: CliOutput, report: IntegrationUsageReport, by: UsageGrouping | undefined): void {
  const grouping = by ?? (report.to.getTime() - report.from.getTime() <= HOURLY_UP_TO_MS ? 'hour' : 'day');
  out.line(`Calls of integration ${report.integrationId} from ${report.from.toISOString()} to ${report.to.toISOString()}, per ${grouping} (UTC):`);
  const rows = grouped(report, grouping);
  if (rows.length === 0) {
    out.line('No calls.');
    return;
  }
  const line = (label: string, allowed: number, refused: RefusedCalls): string[] => [label, String(allowed), String(refusedTotal(refused)), reasons(refused)];
  out.table(
    [grouping === 'hour' ? 'HOUR' : 'DAY', 'ALLOWED', 'REFUSED', 'REASONS'],
    [...rows.map((row) => line(row.label, row.allowed, row.refused)), line(out.paint('strong', 'total'), report.totals.allowed, report.totals.refused)],
  );
}

interface Row {
  readonly label: string;
  allowed: number;
  refused: RefusedCalls;
}

function grouped(report: IntegrationUsageReport, grouping: UsageGrouping): Row[] {
  const rows = new Map<string, Row>();
  for (const hour of report.hours) {
    const iso = hour.hour.toISOString();
    const label = grouping === 'hour' ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
    let row = rows.get(label);
    if (row === undefined) {
      row = { label, allowed: 0, refused: {} };
      rows.set(label, row);
    }
    row.allowed += hour.allowed;
    for (const reason of REFUSAL_REASONS) {
      const calls = hour.refused[reason];
      if (calls !== undefined) row.refused[reason] = (row.refused[reason] ?? 0) + calls;
    }
  }
  return [...rows.values()];
}

function refusedTotal(refused: RefusedCalls): number {
  return REFUSAL_REASONS.reduce((sum, reason) => sum + (refused[reason] ?? 0), 0);
}

/** `signature 1, nonce 2`, in REFUSAL_REASONS order; `-` for none. */
function reasons(refused: RefusedCalls): string {
  const parts = REFUSAL_REASONS.filter((reason) => (refused[reason] ?? 0) > 0).map((reason) => `${reason} ${refused[reason] ?? 0}`);
  return parts.length === 0 ? '-' : parts.join(', ');
}

/**
 * The usage chart's figures: an integration's hourly counts (`GET /rest/V1/integrations/{id}/usage`)
 * summed per day over the last 7 days, in UTC like the counts themselves, with the words the chart
 * says them in. Pure: no DOM, so it is unit-tested on its own.
 */
import { type RefusalCounts, type UsageHour } from './types.js';

export const CHART_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** One bar of the chart. */
export interface DayUsage {
  /** `2026-12-04` (a UTC day). */
  readonly day: string;
  readonly allowed: number;
  readonly refused: number;
  readonly refusedBy: RefusalCounts;
}

/**
 * The days the chart shows, oldest first: today (UTC) and the 6 before; and the range to ask the
 * API for: from the start of the first day (00:00 UTC) to `now`.
 */
export function lastDays(now: Date, count = CHART_DAYS): { readonly from: string; readonly to: string; readonly days: readonly string[] } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const days = Array.from({ length: count }, (_, index) => new Date(today - (count - 1 - index) * DAY_MS).toISOString().slice(0, 10));
  return { from: new Date(today - (count - 1) * DAY_MS).toISOString(), to: now.toISOString(), days };
}

/** Total refusals of an hour (or a day), whatever the reasons. */
export function refusedTotal(refused: RefusalCounts): number {
  return Object.values(refused).reduce((sum, count) => sum + count, 0);
}

/** The hours summed per UTC day, one entry for each of `days` (zero where no call was made); hours outside them are left out. */
export function dailyUsage(hours: readonly UsageHour[], days: readonly string[]): DayUsage[] {
  const sums = new Map<string, { allowed: number; refusedBy: Record<string, number> }>(days.map((day) => [day, { allowed: 0, refusedBy: {} }]));
  for (const hour of hours) {
    const time = new Date(hour.hour);
    if (Number.isNaN(time.getTime())) continue;
    const sum = sums.get(time.toISOString().slice(0, 10));
    if (sum === undefined) continue;
    sum.allowed += hour.allowed;
    for (const [reason, count] of Object.entries(hour.refused)) sum.refusedBy[reason] = (sum.refusedBy[reason] ?? 0) + count;
  }
  return days.map((day) => {
    const sum = sums.get(day) ?? { allowed: 0, refusedBy: {} };
    return { day, allowed: sum.allowed, refused: refusedTotal(sum.refusedBy), refusedBy: sum.refusedBy };
  });
}

/** "1,234". */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** "Thu 3 Dec" for `2026-12-03`. */
export function dayLabel(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return `${WEEKDAYS[date.getUTCDay()] ?? ''} ${shortDayLabel(day)}`;
}

/** "3 Dec" for `2026-12-03` (under a bar, where the weekday does not fit). */
export function shortDayLabel(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ''}`;
}

/** `forbidden_resource` → "forbidden resource". */
export function reasonLabel(reason: string): string {
  return reason.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
}

/** "signature 2, nonce 1", most frequent first; '' for none. */
export function refusalReasons(refusedBy: RefusalCounts): string {
  return Object.entries(refusedBy)
    .filter(([, count]) => count > 0)
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .map(([reason, count]) => `${reasonLabel(reason)} ${formatCount(count)}`)
    .join(', ');
}

/** A bar's tooltip: "Thu 3 Dec: 120 calls allowed, 3 refused (signature 2, nonce 1)". */
export function dayTitle(usage: DayUsage): string {
  const reasons = refusalReasons(usage.refusedBy);
  return `${dayLabel(usage.day)}: ${callsText(usage.allowed, usage.refused)}${reasons === '' ? '' : ` (${reasons})`}`;
}

/** The chart in one sentence: "1,234 calls allowed, 5 refused in the last 7 days". */
export function usageSummary(days: readonly DayUsage[]): string {
  const allowed = days.reduce((sum, day) => sum + day.allowed, 0);
  const refused = days.reduce((sum, day) => sum + day.refused, 0);
  return `${callsText(allowed, refused)} in the last ${days.length} ${days.length === 1 ? 'day' : 'days'}`;
}

function callsText(allowed: number, refused: number): string {
  return `${formatCount(allowed)} ${allowed === 1 ? 'call' : 'calls'} allowed, ${formatCount(refused)} refused`;
}

/** A bar's two parts, in pixels of a plot `height` tall. */
export interface BarHeights {
  readonly allowed: number;
  readonly refused: number;
}

/** Each day's bar scaled to the busiest day (full height); a part with calls is never drawn empty (at least 1 px). */
export function barHeights(days: readonly DayUsage[], height: number): BarHeights[] {
  const busiest = busiestDay(days);
  return days.map((day) => {
    const total = day.allowed + day.refused;
    if (total === 0) return { allowed: 0, refused: 0 };
    const bar = Math.max(1, (total / busiest) * height);
    const refused = day.refused === 0 ? 0 : Math.max(1, (day.refused / total) * bar);
    const allowed = day.allowed === 0 ? 0 : Math.max(1, bar - refused);
    return { allowed, refused };
  });
}

/** The largest of the days' totals, the top of the chart's scale (0 when there were no calls). */
export function busiestDay(days: readonly DayUsage[]): number {
  return Math.max(0, ...days.map((day) => day.allowed + day.refused));
}

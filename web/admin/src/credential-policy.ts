/**
 * An integration's credential policy as the admin UI words and edits it: how long until the
 * credentials expire, an instant as a `datetime-local` value, allowed addresses one per line, a
 * rate limit as "N requests per unit", and the grace periods of a rotation. Pure: no DOM, so it is
 * unit-tested on its own.
 */
import { type RateLimitView } from './types.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Credentials expiring sooner than this are flagged in the grid. */
export const EXPIRY_WARNING_DAYS = 7;

const counted = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`;

/** "3 days", "2 hours", "5 minutes", "less than a minute": a span rounded in its largest unit (71.9 hours is "3 days"). */
export function spanWords(ms: number): string {
  const span = Math.abs(ms);
  const minutes = Math.round(span / MINUTE_MS);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return counted(minutes, 'minute');
  const hours = Math.round(span / HOUR_MS);
  if (hours < 24) return counted(hours, 'hour');
  return counted(Math.round(span / DAY_MS), 'day');
}

/** Beside the expiry field: "expires in 3 days", "expired 2 hours ago". */
export function expiryPhrase(expiresAt: Date, now: Date): string {
  const left = expiresAt.getTime() - now.getTime();
  return left > 0 ? `expires in ${spanWords(left)}` : `expired ${spanWords(left)} ago`;
}

/** The grid's Expires cell: "in 3 days", "expired", or "—" for never; `warn` when expired or under {@link EXPIRY_WARNING_DAYS} days. */
export function expiryCell(expiresAt: string | null, now: Date): { readonly text: string; readonly warn: boolean } {
  const instant = expiresAt === null ? NaN : new Date(expiresAt).getTime();
  if (Number.isNaN(instant)) return { text: '—', warn: false };
  const left = instant - now.getTime();
  if (left <= 0) return { text: 'expired', warn: true };
  return { text: `in ${spanWords(left)}`, warn: left < EXPIRY_WARNING_DAYS * DAY_MS };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2027-01-31T14:05`: the instant in the browser's time zone, as a `datetime-local` input holds it; '' for none. */
export function localInputValue(instant: string | Date | null): string {
  if (instant === null) return '';
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The ISO instant of a `datetime-local` value (read in the browser's time zone), or null when it is no date and time. */
export function instantOfLocalInput(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (match === null) return null;
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  // 2027-02-30 rolls over into March: not a date that exists.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date.toISOString();
}

/** The allowed addresses typed one per line: each trimmed, blank lines left out (none: anywhere). */
export function addressLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export interface WindowOption {
  readonly seconds: number;
  readonly label: string;
}

/** The windows the form offers: "per second", "per minute", "per hour". */
export const RATE_WINDOWS: readonly WindowOption[] = [
  { seconds: 1, label: 'second' },
  { seconds: 60, label: 'minute' },
  { seconds: 3600, label: 'hour' },
];

/**
 * The windows to offer for a saved limit: the usual three, plus its own when the API set another
 * ("30 seconds"), so saving the page keeps it.
 */
export function rateWindowsFor(rateLimit: RateLimitView | null): readonly WindowOption[] {
  if (rateLimit === null || RATE_WINDOWS.some((option) => option.seconds === rateLimit.windowSeconds)) return RATE_WINDOWS;
  return [...RATE_WINDOWS, { seconds: rateLimit.windowSeconds, label: counted(rateLimit.windowSeconds, 'second') }].sort((a, b) => a.seconds - b.seconds);
}

/**
 * The rate limit to send for the typed count and the chosen window. The count is sent as typed
 * (blank as 0): the API words what is wrong with it.
 */
export function rateLimitOf(count: string, windowSeconds: number): RateLimitView {
  const text = count.trim();
  return { limit: text === '' ? 0 : Number(text), windowSeconds };
}

/** How long a replaced access token or consumer secret keeps working (`graceSeconds`). */
export const GRACE_PERIODS: readonly WindowOption[] = [
  { seconds: 0, label: 'No grace period: it stops at once' },
  { seconds: 5 * 60, label: '5 minutes' },
  { seconds: 60 * 60, label: '1 hour' },
  { seconds: 24 * 60 * 60, label: '1 day' },
  { seconds: 7 * 24 * 60 * 60, label: '7 days' },
];

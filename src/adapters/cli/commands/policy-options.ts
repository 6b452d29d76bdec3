import { InvalidArgumentError, Option } from 'commander';
import { type CredentialPolicyInput } from '../../../application/use-cases/integrations/credential-policy-input';
import { type RateLimitPolicy } from '../../../domain/integration/credential-policy.value-object';
import { commaList } from '../option-parsers';

/** `--read-only`, `--expires-at` or `--expires-in`, `--allowed-ips`, `--rate-limit`: an integration's credential policy. */
export interface PolicyOptions {
  readonly readOnly?: boolean;
  readonly expiresAt?: Date | 'never';
  /** Milliseconds from when the command runs. */
  readonly expiresIn?: number;
  /** Empty: any address. */
  readonly allowedIps?: string[];
  readonly rateLimit?: RateLimitPolicy | 'none';
}

// The parsers answer `never` and `none` as words: commander turns an option value of null into ''.

const SECONDS = { s: 1, m: 60, min: 60, h: 3600, d: 86_400 } as const;
type Unit = keyof typeof SECONDS;
const EXPIRES_AT_FORM = 'an ISO 8601 date and time with Z or an offset (2027-01-31T00:00:00Z), or never';
const EXPIRES_IN_FORM = 'a duration such as 90d, 12h or 30m';
const RATE_FORM = 'N/window, such as 10/s, 600/min, 5000/h or 600/1m (window s, min, h, or a count with s, m, h, d), or none';

/**
 * The policy options of integration:create and integration:update; on update an option left out
 * keeps its value. Forms are checked here (a usage error naming the option); values the core
 * refuses (a bad CIDR range, a limit out of range) are its errors.
 */
export function policyOptions(): Option[] {
  return [
    new Option('--read-only', 'only GET, HEAD and OPTIONS calls on what its access allows'),
    new Option('--no-read-only', 'let it write again'),
    new Option('--expires-at <time>', `its credentials are refused from then on: ${EXPIRES_AT_FORM}`).argParser(expiresAtArgument).conflicts('expiresIn'),
    new Option('--expires-in <duration>', `its credentials are refused that long from now: ${EXPIRES_IN_FORM}`).argParser(durationArgument),
    new Option('--allowed-ips <cidrs>', 'comma-separated IPv4/IPv6 addresses or CIDR ranges calls may come from; "" or any: anywhere').argParser(allowedIpsArgument),
    new Option('--rate-limit <N/window>', `at most N calls per window: ${RATE_FORM}`).argParser(rateLimitArgument),
  ];
}

/** The `--help` examples of the policy options. */
export const POLICY_EXAMPLES = `
Credential policy (on update, options left out keep their value):
  --read-only                            --no-read-only lets it write again
  --expires-at 2027-01-31T00:00:00Z      or --expires-in 90d (12h, 30m); --expires-at never removes the expiry
  --allowed-ips 203.0.113.0/24,2001:db8::/32   --allowed-ips any (or "") allows every address
  --rate-limit 600/min                   10/s, 5000/h, 600/1m; --rate-limit none removes the limit`;

/** The credential policy the options ask for, with `--expires-in` counted from `now`; undefined when none is given. */
export function policyFrom(options: PolicyOptions, now: Date): CredentialPolicyInput | undefined {
  const expiresAt = options.expiresIn !== undefined ? new Date(now.getTime() + options.expiresIn) : options.expiresAt === 'never' ? null : options.expiresAt;
  const rateLimit = options.rateLimit === 'none' ? null : options.rateLimit;
  const policy: CredentialPolicyInput = {
    ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(options.allowedIps !== undefined ? { allowedIps: options.allowedIps } : {}),
    ...(rateLimit !== undefined ? { rateLimit } : {}),
  };
  return Object.keys(policy).length === 0 ? undefined : policy;
}

/** `--expires-at 2027-01-31T00:00:00Z` (Z or an offset required, so the time is not the machine's zone) or `never`. */
export function expiresAtArgument(value: string): Date | 'never' {
  const text = value.trim();
  if (text.toLowerCase() === 'never') return 'never';
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/i.test(text) ? new Date(text) : null;
  if (time === null || Number.isNaN(time.getTime())) throw new InvalidArgumentError(`Expected ${EXPIRES_AT_FORM}.`);
  return time;
}

/** `--expires-in 90d`, `12h`, `30m`, `45s`: a whole number (more than 0) with s, m, h or d, in milliseconds. */
export function durationArgument(value: string): number {
  const match = /^(\d{1,6})([smhd])$/.exec(value.trim());
  if (match === null || Number(match[1]) === 0) throw new InvalidArgumentError(`Expected ${EXPIRES_IN_FORM} (a whole number, more than 0, with s, m, h or d).`);
  return Number(match[1]) * SECONDS[match[2] as Unit] * 1000;
}

/** `--allowed-ips 203.0.113.0/24,2001:db8::/32`; `""` or `any`: every address. Each range is checked by the core. */
export function allowedIpsArgument(value: string): string[] {
  return value.trim().toLowerCase() === 'any' ? [] : commaList(value);
}

/** `--rate-limit 600/min`, `10/s`, `600/1m`, `5000/1h`, or `none`. The limits' ranges are checked by the core. */
export function rateLimitArgument(value: string): RateLimitPolicy | 'none' {
  const text = value.trim().toLowerCase();
  if (text === 'none') return 'none';
  const match = /^(\d{1,9})\/(?:(s|min|h)|(\d{1,6})(s|m|h|d))$/.exec(text);
  if (match === null) throw new InvalidArgumentError(`Expected ${RATE_FORM}.`);
  const [, limit, unit, count, countedUnit] = match;
  return { limit: Number(limit), windowSeconds: unit !== undefined ? SECONDS[unit as Unit] : Number(count) * SECONDS[countedUnit as Unit] };
}

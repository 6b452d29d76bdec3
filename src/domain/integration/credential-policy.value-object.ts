import { InvalidValueError } from '../kernel/domain-error';
import { IpAllowlist } from './ip-allowlist.value-object';

/** At most `limit` requests per `windowSeconds`, refilled continuously (a token bucket of `limit`). */
export interface RateLimitPolicy {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** A credential policy as stored and shown. */
export interface CredentialPolicySnapshot {
  /** After it, the integration's credentials are refused ("The access token has expired"); null: never. */
  readonly expiresAt: Date | null;
  /** CIDR ranges (IPv4, IPv6) the integration may call from; empty: anywhere. */
  readonly allowedIps: readonly string[];
  /** Null: no limit. */
  readonly rateLimit: RateLimitPolicy | null;
}

/** A change to some of a policy's parts (absent parts stay). */
export interface CredentialPolicyChange {
  readonly expiresAt?: Date | null;
  readonly allowedIps?: readonly string[];
  readonly rateLimit?: RateLimitPolicy | null;
}

export const MAX_RATE_LIMIT = 1_000_000;
export const MAX_RATE_WINDOW_SECONDS = 86_400;

/**
 * How an integration's credentials may be used, beyond its grant: until when, from where and how
 * often (read-only access is its role's, `Role.readOnly`, since admin roles have it too). The
 * guard checks it on every call; `wideningsFrom` tells a configuration sync which changes need an
 * admin's consent again.
 */
export class CredentialPolicy {
  private constructor(
    readonly expiresAt: Date | null,
    readonly allowedIps: IpAllowlist,
    readonly rateLimit: RateLimitPolicy | null,
  ) {}

  private static readonly OPEN = new CredentialPolicy(null, IpAllowlist.any(), null);

  /** No expiry, any address, no rate limit. */
  static open(): CredentialPolicy {
    return CredentialPolicy.OPEN;
  }

  /**
   * @throws InvalidValueError for an address that is not a CIDR range (VALIDATION.IP_RANGE), a
   *   rate limit outside 1–1,000,000 requests per 1–86,400 s (VALIDATION.RATE_LIMIT), an invalid date
   */
  static of(snapshot: CredentialPolicySnapshot): CredentialPolicy {
    if (snapshot.expiresAt !== null && Number.isNaN(snapshot.expiresAt.getTime())) {
      throw new InvalidValueError('VALIDATION.DATE', '"expiresAt" is not a valid date. Use an ISO 8601 date and time, such as 2027-01-31T00:00:00Z.', { field: 'expiresAt' });
    }
    return new CredentialPolicy(snapshot.expiresAt, IpAllowlist.parse(snapshot.allowedIps), validRateLimit(snapshot.rateLimit));
  }

  /** This policy with the parts `change` names replaced. @throws InvalidValueError as `of` */
  with(change: CredentialPolicyChange): CredentialPolicy {
    return CredentialPolicy.of({ ...this.toSnapshot(), ...change });
  }

  /** True from `expiresAt` on. */
  isExpired(now: number): boolean {
    return this.expiresAt !== null && now >= this.expiresAt.getTime();
  }

  /** Whether nothing beyond the grant restricts the credentials. */
  get isOpen(): boolean {
    return this.expiresAt === null && this.allowedIps.isOpen && this.rateLimit === null;
  }

  /**
   * What this policy allows that `previous` did not, in words ("the credentials no longer expire",
   * "more client addresses are allowed", "a higher rate limit"), empty when it is no looser: a
   * declaration that loosens its policy needs an admin's consent again, like wider resources.
   */
  wideningsFrom(previous: CredentialPolicy): string[] {
    const widenings: string[] = [];
    if (previous.expiresAt !== null && (this.expiresAt === null || this.expiresAt.getTime() > previous.expiresAt.getTime())) {
      widenings.push(this.expiresAt === null ? 'the credentials no longer expire' : 'the credentials expire later');
    }
    if (!previous.allowedIps.covers(this.allowedIps)) widenings.push('more client addresses are allowed');
    if (previous.rateLimit !== null && (this.rateLimit === null || rateOf(this.rateLimit) > rateOf(previous.rateLimit))) {
      widenings.push(this.rateLimit === null ? 'the rate limit is removed' : 'the rate limit is higher');
    }
    return widenings;
  }

  equals(other: CredentialPolicy): boolean {
    return JSON.stringify(this.toSnapshot()) === JSON.stringify(other.toSnapshot());
  }

  toSnapshot(): CredentialPolicySnapshot {
    return { expiresAt: this.expiresAt, allowedIps: [...this.allowedIps.ranges], rateLimit: this.rateLimit === null ? null : { ...this.rateLimit } };
  }
}

function rateOf(rate: RateLimitPolicy): number {
  return rate.limit / rate.windowSeconds;
}

function validRateLimit(rate: RateLimitPolicy | null): RateLimitPolicy | null {
  if (rate === null) return null;
  const { limit, windowSeconds } = rate;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RATE_LIMIT || !Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > MAX_RATE_WINDOW_SECONDS) {
    throw new InvalidValueError(
      'VALIDATION.RATE_LIMIT',
      `A rate limit is 1 to ${MAX_RATE_LIMIT.toLocaleString('en-US')} requests per 1 to ${MAX_RATE_WINDOW_SECONDS.toLocaleString('en-US')} seconds, such as 600 per 60 seconds.`,
      { field: 'rateLimit', value: `${String(limit)}/${String(windowSeconds)}s` },
    );
  }
  return { limit, windowSeconds };
}

import { injectionToken } from '../../domain/kernel/injection-token';

/** How credentials are issued and replaced. */
export interface CredentialSettings {
  /**
   * New credentials (activation, reauthorization, a rotated secret) expire this many days after
   * they are issued, unless the integration's own expiry is earlier; null: only as each
   * integration's policy says.
   */
  readonly maxAgeDays: number | null;
}

/** The longest grace period a replaced token or secret may keep working: 7 days. */
export const MAX_GRACE_SECONDS = 7 * 86_400;

export const DEFAULT_CREDENTIAL_SETTINGS: CredentialSettings = Object.freeze({ maxAgeDays: null });

export const CREDENTIAL_SETTINGS = injectionToken<CredentialSettings>('CredentialSettings');

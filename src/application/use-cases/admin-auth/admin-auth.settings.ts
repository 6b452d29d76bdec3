import { injectionToken } from '../../../domain/kernel/injection-token';
import { DEFAULT_ADMIN_TOKEN_LIFETIME_SECONDS } from '../../../domain/admin-session/admin-token';
import { DEFAULT_LOCKOUT_POLICY, type LockoutPolicy } from '../../../domain/admin-session/sign-in-lockout';

/** How admin sign-in behaves; every field has Magento's default. */
export interface AdminAuthSettings {
  readonly tokenLifetimeSeconds: number;
  readonly lockout: LockoutPolicy;
}

export const DEFAULT_ADMIN_AUTH_SETTINGS: AdminAuthSettings = Object.freeze({
  tokenLifetimeSeconds: DEFAULT_ADMIN_TOKEN_LIFETIME_SECONDS,
  lockout: DEFAULT_LOCKOUT_POLICY,
});

export const ADMIN_AUTH_SETTINGS = injectionToken<AdminAuthSettings>('AdminAuthSettings');

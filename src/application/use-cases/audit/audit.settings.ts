import { injectionToken } from '../../../domain/kernel/injection-token';

export interface AuditSettings {
  /** Entries older than this many days are pruned by the housekeeping; null keeps them forever (the default). */
  readonly retentionDays: number | null;
}

export const DEFAULT_AUDIT_SETTINGS: AuditSettings = { retentionDays: null };

export const AUDIT_SETTINGS = injectionToken<AuditSettings>('AuditSettings');

import { injectionToken } from '../../domain/kernel/injection-token';
import { type AuditSource } from '../audit/audit-entry';

/**
 * Who acts, as the edges know it before any use case runs: an admin (by user id; the username is
 * looked up when the entry is written), the system, an operator at the terminal, or the config
 * sync.
 */
export type ScopedActor =
  | { readonly kind: 'admin'; readonly userId: string }
  | { readonly kind: 'system' }
  | { readonly kind: 'cli'; readonly osUser: string | null }
  | { readonly kind: 'config-sync' };

/** What the audit trail records of the current call, besides what happened: who, and from where. */
export interface AuditContext {
  readonly actor?: ScopedActor;
  readonly source?: AuditSource;
}

/**
 * The audit context of the current async call chain (never a field of a singleton: calls run side
 * by side). The HTTP adapter sets the source of each request, the use-case registry the actor of
 * each call that names one; the audit journal reads it when it writes the entries of a unit of work.
 */
export interface AuditScope {
  /**
   * Runs `work` with `context` merged over the current one (fields `context` gives win; nested
   * runs merge again), and restores the outer context after it.
   */
  run<T>(context: AuditContext, work: () => Promise<T>): Promise<T>;
  /** The context of the current call chain, over the runtime's defaults (the actor `system` unless configured). */
  current(): AuditContext;
}

export const AUDIT_SCOPE = injectionToken<AuditScope>('AuditScope');

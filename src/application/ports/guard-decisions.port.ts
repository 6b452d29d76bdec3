import { injectionToken } from '../../domain/kernel/injection-token';
import { type RefusalReason } from '../../domain/usage/usage';

/**
 * Told of every decision of the guard (the Fastify plugin, the Express middleware, forward-auth),
 * as it is made: the metrics (`src/adapters/metrics`). Both methods run on every guarded request,
 * so they must be cheap (no allocation, no string work, no promise) and must never throw.
 */
export interface GuardDecisions {
  /** A mark `decided` measures the decision's duration from, on a monotonic clock of the implementation's choosing. */
  started(): number;
  /**
   * @param refusal null when the request was allowed; else why it was refused (or failed)
   * @param startedAt what `started` answered when the decision began
   */
  decided(refusal: RefusalReason | null, startedAt: number): void;
}

/** Decisions nobody watches (metrics off, the admin API's own door). */
export const NO_GUARD_DECISIONS: GuardDecisions = Object.freeze({
  started: (): number => 0,
  decided: (): void => undefined,
});

export const GUARD_DECISIONS = injectionToken<GuardDecisions>('GuardDecisions');

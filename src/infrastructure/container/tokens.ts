import { type CacheClearing } from '../../adapters/cache/read-through-cache';
import { type InMemoryDatabase } from '../../adapters/in-memory/in-memory-database';
import { type PrometheusMetrics } from '../../adapters/metrics/prometheus-metrics';
import { type RequestAuthorizer } from '../../application/guard/request-authorizer';
import { injectionToken } from '../../domain/kernel/injection-token';

/** DI tokens of the composition root's own values (ports have theirs beside their interfaces). */
export const IN_MEMORY_DATABASE = injectionToken<InMemoryDatabase>('InMemoryDatabase');
/** The guard's read caches, emptied together. */
export const GUARD_CACHE_CLEARING = injectionToken<CacheClearing>('GuardCacheClearing');
/** The metrics (`PortcullisConfig.metrics`), or null when they are off. */
export const METRICS = injectionToken<PrometheusMetrics | null>('Metrics');
/**
 * The admin API's door for routes an integration may call with its access token as a bearer
 * token whatever `guard.integrationBearer` says (GET /metrics: Prometheus cannot sign OAuth 1.0a).
 */
export const BEARER_REQUEST_AUTHORIZER = injectionToken<RequestAuthorizer>('BearerRequestAuthorizer');

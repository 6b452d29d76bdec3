import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { type GuardDecisions } from '../../application/ports/guard-decisions.port';
import { REFUSAL_REASONS, type RefusalReason } from '../../domain/usage/usage';

/** Upper bounds, in seconds, of the guard's latency buckets: 50 µs to 50 ms (and +Inf). */
export const GUARD_DURATION_BUCKETS: readonly number[] = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05];

/** How long the database may take to answer the scrape's ping before it counts as down. */
const DATABASE_PING_TIMEOUT_MS = 2000;

/** The index of each reason in the decision counts; 0 is allowed. */
const REASON_INDEX: Readonly<Record<RefusalReason, number>> = Object.fromEntries(REFUSAL_REASONS.map((reason, index) => [reason, index + 1])) as Record<RefusalReason, number>;

/**
 * Portcullis's Prometheus metrics (prom-client), in a registry of their own (never prom-client's
 * global one), so two Portcullis in one process keep theirs apart (docs/architecture.md, "Usage
 * and metrics"):
 * - `portcullis_guard_decisions_total{outcome="allowed"|"refused", reason}`: every decision of the
 *   guard's door (Fastify plugin, Express middleware, forward-auth); `reason` is `none` when
 *   allowed, else one of REFUSAL_REASONS. Every series exists from the start, at 0.
 * - `portcullis_guard_duration_seconds`: how long the decisions took (histogram, 50 µs–50 ms).
 * - `portcullis_admin_api_requests_total{method, route, status}`: requests the standalone server
 *   answered, by route pattern (`/rest/V1/integrations/:id`, never the URL with its ids).
 * - `portcullis_database_up`: 1 when the database answered a ping at scrape time, else 0.
 * - prom-client's default metrics of the process, prefixed `portcullis_`, from the first scrape on.
 *
 * The guard's path does no string work and allocates nothing: `decided` increments an array slot
 * and observes the histogram (no labels); the counter's series are filled from the array when
 * Prometheus scrapes.
 */
export class PrometheusMetrics implements GuardDecisions {
  readonly registry = new Registry();
  /** Decisions by outcome: [allowed, ...REFUSAL_REASONS]. */
  private readonly decisions = new Float64Array(1 + REFUSAL_REASONS.length);
  private readonly guardDuration: Histogram;
  private readonly adminRequests: Counter<'method' | 'route' | 'status'>;
  private databasePing: () => Promise<void> = () => Promise.resolve();
  private processMetrics = false;

  constructor() {
    const decisions = this.decisions;
    new Counter({
      name: 'portcullis_guard_decisions_total',
      help: 'Decisions of the guard (Fastify plugin, Express middleware, forward-auth), by outcome and refusal reason.',
      labelNames: ['outcome', 'reason'] as const,
      registers: [this.registry],
      collect(this: Counter<'outcome' | 'reason'>) {
        this.reset();
        this.inc({ outcome: 'allowed', reason: 'none' }, decisions[0] ?? 0);
        for (const reason of REFUSAL_REASONS) this.inc({ outcome: 'refused', reason }, decisions[REASON_INDEX[reason]] ?? 0);
      },
    });
    this.guardDuration = new Histogram({
      name: 'portcullis_guard_duration_seconds',
      help: 'How long the guard took to decide, from the credential to the answer (authentication, the nonce, the grant).',
      buckets: [...GUARD_DURATION_BUCKETS],
      registers: [this.registry],
    });
    this.adminRequests = new Counter({
      name: 'portcullis_admin_api_requests_total',
      help: 'Requests the standalone server answered, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [this.registry],
    });
    const ping = (): Promise<void> => this.databasePing();
    new Gauge({
      name: 'portcullis_database_up',
      help: 'Whether the database answered a ping when scraped (1) or not within 2 s (0).',
      registers: [this.registry],
      async collect(this: Gauge) {
        this.set((await answersWithin(ping, DATABASE_PING_TIMEOUT_MS)) ? 1 : 0);
      },
    });
  }

  /** The text format's content type (`text/plain; version=0.0.4; charset=utf-8`). */
  get contentType(): string {
    return this.registry.contentType;
  }

  started(): number {
    return performance.now();
  }

  decided(refusal: RefusalReason | null, startedAt: number): void {
    const index = refusal === null ? 0 : REASON_INDEX[refusal];
    this.decisions[index] = (this.decisions[index] ?? 0) + 1;
    this.guardDuration.observe((performance.now() - startedAt) / 1000);
  }

  /** One request the standalone server answered; `route` is the route's pattern (or `unmatched`). */
  adminRequest(method: string, route: string, status: number): void {
    this.adminRequests.inc({ method, route, status: String(status) });
  }

  /** What `portcullis_database_up` pings at each scrape (resolves when the database answers). */
  watchDatabase(ping: () => Promise<void>): void {
    this.databasePing = ping;
  }

  /** Every metric in Prometheus's text format; the first call starts the process metrics. */
  text(): Promise<string> {
    if (!this.processMetrics) {
      this.processMetrics = true;
      collectDefaultMetrics({ register: this.registry, prefix: 'portcullis_' });
    }
    return this.registry.metrics();
  }
}

/** Whether `ping` resolves within `ms` (a ping that hangs must not hang the scrape). */
async function answersWithin(ping: () => Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([ping().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

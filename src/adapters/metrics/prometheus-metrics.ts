import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Histogram, type MetricType, Registry } from 'prom-client';
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
 * The guard's path does no string work and allocates nothing: `decided` increments a slot of the
 * decisions' array and one of the histogram's (ArrayHistogram); prom-client reads them when
 * Prometheus scrapes (prom-client's own `observe` would allocate and hash labels per call).
 */
export class PrometheusMetrics implements GuardDecisions {
  readonly registry = new Registry();
  /** Decisions by outcome: [allowed, ...REFUSAL_REASONS]. */
  private readonly decisions = new Float64Array(1 + REFUSAL_REASONS.length);
  private readonly guardDuration: ArrayHistogram;
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
    this.guardDuration = new ArrayHistogram({
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
    this.guardDuration.record((performance.now() - startedAt) / 1000);
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

/**
 * A histogram without labels whose observations are counted in plain arrays, with no allocation
 * and no label hashing per observation (prom-client's `observe` does both): `record` on the hot
 * path; prom-client's registry reads the buckets, in the shape its Histogram gives, when scraped.
 */
export class ArrayHistogram extends Histogram {
  private readonly metricName: string;
  private readonly metricHelp: string;
  private readonly bounds: readonly number[];
  /** Observations per bucket (not cumulative); the last slot holds those above every bound. */
  private readonly perBucket: Float64Array;
  private sum = 0;
  private count = 0;

  constructor(configuration: { readonly name: string; readonly help: string; readonly buckets: number[]; readonly registers: Registry[] }) {
    super(configuration);
    this.metricName = configuration.name;
    this.metricHelp = configuration.help;
    this.bounds = [...configuration.buckets].sort((a, b) => a - b);
    this.perBucket = new Float64Array(this.bounds.length + 1);
  }

  /** One observation (seconds): the first bucket whose upper bound it does not exceed. */
  record(value: number): void {
    const bounds = this.bounds;
    let index = 0;
    while (index < bounds.length && value > (bounds[index] as number)) index += 1;
    this.perBucket[index] = (this.perBucket[index] ?? 0) + 1;
    this.sum += value;
    this.count += 1;
  }

  /** What the registry formats (it asks this method when a metric has it, as prom-client's Histogram does). */
  getForPromString(): ReturnType<Histogram['get']> {
    const bucket = `${this.metricName}_bucket`;
    let cumulative = 0;
    const values = this.bounds.map((bound, index) => {
      cumulative += this.perBucket[index] ?? 0;
      return { labels: { le: bound }, value: cumulative, metricName: bucket };
    });
    values.push({ labels: { le: '+Inf' } as unknown as { le: number }, value: this.count, metricName: bucket });
    const totals = [
      { labels: {}, value: this.sum, metricName: `${this.metricName}_sum` },
      { labels: {}, value: this.count, metricName: `${this.metricName}_count` },
    ];
    // prom-client's type names the enum; at run time the registry writes the type as the string.
    return Promise.resolve({ name: this.metricName, help: this.metricHelp, type: 'histogram' as unknown as MetricType, aggregator: 'sum', collect: () => undefined, values: [...values, ...totals] });
  }

  override get(): ReturnType<Histogram['get']> {
    return this.getForPromString();
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

import { Registry } from 'prom-client';
import { ArrayHistogram, GUARD_DURATION_BUCKETS, PrometheusMetrics } from '../../../../src/adapters/metrics/prometheus-metrics';
import { REFUSAL_REASONS } from '../../../../src/domain/usage/usage';

/** The value of one sample line of the text format (`name{labels} value`), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('PrometheusMetrics', () => {
  it('counts the guard\'s decisions by outcome and reason, every series present from the start', async () => {
    const metrics = new PrometheusMetrics();
    const before = await metrics.text();
    expect(sample(before, 'portcullis_guard_decisions_total{outcome="allowed",reason="none"}')).toBe(0);
    for (const reason of REFUSAL_REASONS) expect(sample(before, `portcullis_guard_decisions_total{outcome="refused",reason="${reason}"}`)).toBe(0);

    for (let i = 0; i < 3; i++) metrics.decided(null, metrics.started());
    metrics.decided('signature', metrics.started());
    metrics.decided('nonce', metrics.started());
    metrics.decided('nonce', metrics.started());

    const after = await metrics.text();
    expect(sample(after, 'portcullis_guard_decisions_total{outcome="allowed",reason="none"}')).toBe(3);
    expect(sample(after, 'portcullis_guard_decisions_total{outcome="refused",reason="signature"}')).toBe(1);
    expect(sample(after, 'portcullis_guard_decisions_total{outcome="refused",reason="nonce"}')).toBe(2);
    expect(sample(after, 'portcullis_guard_duration_seconds_count')).toBe(6);
    expect(sample(after, 'portcullis_guard_duration_seconds_bucket{le="+Inf"}')).toBe(6);
    expect(after).toContain('portcullis_guard_duration_seconds_bucket{le="0.00005"}');
    expect(after).toContain('portcullis_guard_duration_seconds_bucket{le="0.05"}');
  });

  it('counts admin API requests by method, route pattern and status', async () => {
    const metrics = new PrometheusMetrics();
    metrics.adminRequest('GET', '/rest/V1/integrations/:id', 200);
    metrics.adminRequest('GET', '/rest/V1/integrations/:id', 200);
    metrics.adminRequest('GET', 'unmatched', 404);
    const text = await metrics.text();
    expect(sample(text, 'portcullis_admin_api_requests_total{method="GET",route="/rest/V1/integrations/:id",status="200"}')).toBe(2);
    expect(sample(text, 'portcullis_admin_api_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
  });

  it('says whether the database answered its ping at scrape time', async () => {
    const metrics = new PrometheusMetrics();
    let up = true;
    metrics.watchDatabase(() => (up ? Promise.resolve() : Promise.reject(new Error('ECONNREFUSED'))));
    expect(sample(await metrics.text(), 'portcullis_database_up')).toBe(1);
    up = false;
    expect(sample(await metrics.text(), 'portcullis_database_up')).toBe(0);
  });

  it('keeps two instances apart (a registry each) and adds the process metrics, prefixed', async () => {
    const first = new PrometheusMetrics();
    const second = new PrometheusMetrics();
    first.decided(null, first.started());
    const text = await second.text();
    expect(sample(text, 'portcullis_guard_decisions_total{outcome="allowed",reason="none"}')).toBe(0);
    expect(text).toContain('portcullis_process_cpu_seconds_total');
    expect(sample(await first.text(), 'portcullis_guard_decisions_total{outcome="allowed",reason="none"}')).toBe(1);
    expect(first.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('writes the guard\'s latency buckets cumulatively, as a prom-client histogram', async () => {
    const registry = new Registry();
    const histogram = new ArrayHistogram({ name: 'latency_seconds', help: 'h', buckets: [...GUARD_DURATION_BUCKETS], registers: [registry] });
    for (const seconds of [0.00004, 0.00005, 0.0003, 0.02, 0.07]) histogram.record(seconds);
    const text = await registry.metrics();
    const buckets = Object.fromEntries(
      [...GUARD_DURATION_BUCKETS.map(String), '+Inf'].map((bound) => [bound, sample(text, `latency_seconds_bucket{le="${bound}"}`)]),
    );
    expect(buckets).toEqual({ '0.00005': 2, '0.0001': 2, '0.00025': 2, '0.0005': 3, '0.001': 3, '0.0025': 3, '0.005': 3, '0.01': 3, '0.025': 4, '0.05': 4, '+Inf': 5 });
    expect(sample(text, 'latency_seconds_count')).toBe(5);
    expect(sample(text, 'latency_seconds_sum')).toBeCloseTo(0.09039, 10);
    expect(text).toContain('# TYPE latency_seconds histogram');
    expect((await registry.getMetricsAsJSON())[0]).toMatchObject({ name: 'latency_seconds', type: 'histogram' });
  });
});

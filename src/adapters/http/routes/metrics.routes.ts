import { PortcullisResource } from '../../../domain/acl/portcullis-resources';
import { RESPONSES } from '../response-schemas';
import { RawAnswer, route, type RouteSpec } from '../route-spec';

/** The metrics as the server serves and feeds them (the metrics adapter, wired by the composition root). */
export interface HttpMetrics {
  /** `public`: GET /metrics answers anyone; `admin`: it needs `Portcullis::metrics`. */
  readonly mode: 'public' | 'admin';
  /** The text format's content type. */
  readonly contentType: string;
  /** Every metric in Prometheus's text format. */
  text(): Promise<string>;
  /** Counts a request the server answered, by its route's pattern (`unmatched` for none). */
  adminRequest(method: string, route: string, status: number): void;
}

export const METRICS_URL = '/metrics';

/**
 * GET /metrics in Prometheus's text format (docs/architecture.md, "Usage and metrics"). In `admin`
 * mode the caller needs `Portcullis::metrics`: an admin's token, or an integration's access token
 * as bearer (Prometheus's `authorization: { credentials: <token> }`), since admin tokens expire.
 */
export function metricsRoutes(metrics: HttpMetrics | undefined): RouteSpec[] {
  if (metrics === undefined) return [];
  const admin = metrics.mode === 'admin';
  return [
    route({
      method: 'GET',
      url: METRICS_URL,
      operationId: 'metrics',
      summary: admin ? 'Prometheus metrics (an admin or an integration granted Portcullis::metrics, as bearer)' : 'Prometheus metrics (METRICS=public: no authentication)',
      description:
        'Guard decisions by outcome and reason, the guard latency histogram, admin API requests by route pattern and status, database availability, and the process.',
      tag: 'Service',
      access: admin ? [PortcullisResource.metrics] : 'anonymous',
      ...(admin ? { bearerIntegrations: true } : {}),
      wire: 'text',
      success: { status: 200, description: 'The metrics, `text/plain; version=0.0.4`.', schema: RESPONSES.metrics },
      handle: async () => new RawAnswer(200, metrics.contentType, await metrics.text()),
    }),
  ];
}

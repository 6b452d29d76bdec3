import { RESPONSES } from '../response-schemas';
import { DATABASE_UNAVAILABLE, HttpProblem } from '../http-errors';
import { route, type RouteSpec } from '../route-spec';

/** Liveness, readiness and the API description. */
export function serviceRoutes(options: { checkReady: () => Promise<void>; openApi: () => unknown }): RouteSpec[] {
  return [
    route({
      method: 'GET',
      url: '/health',
      operationId: 'health',
      summary: 'Liveness: the process answers',
      tag: 'Service',
      access: 'anonymous',
      success: { status: 200, description: 'The process is alive.', schema: RESPONSES.health },
      handle: () => Promise.resolve({ status: 'ok' }),
    }),
    route({
      method: 'GET',
      url: '/ready',
      operationId: 'ready',
      summary: 'Readiness: the database answers',
      tag: 'Service',
      access: 'anonymous',
      success: { status: 200, description: 'Ready to serve requests.', schema: RESPONSES.ready },
      handle: async () => {
        try {
          await options.checkReady();
        } catch {
          throw new HttpProblem(503, DATABASE_UNAVAILABLE, { 'retry-after': '5' });
        }
        return { status: 'ready', database: 'up' };
      },
    }),
    route({
      method: 'GET',
      url: '/rest/openapi.json',
      operationId: 'openApi',
      summary: 'This description (OpenAPI 3.1)',
      tag: 'Service',
      access: 'anonymous',
      success: { status: 200, description: 'The OpenAPI document.', schema: { type: 'object', additionalProperties: true } },
      handle: () => Promise.resolve(options.openApi()),
    }),
  ];
}

import { type FastifyRequest } from 'fastify';
import { type AuditSource } from '../../application/audit/audit-entry';
import { type AuditScope } from '../../application/ports/audit-scope.port';

/** Where a request came from, for the audit trail: the client's address (as `trustProxy` says), its user agent and the request id. */
export function auditSourceOf(request: FastifyRequest): AuditSource {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip === '' ? null : request.ip, userAgent: typeof userAgent === 'string' && userAgent !== '' ? userAgent : null, requestId: request.id };
}

/** Runs `work` (a request's handling) so that the audit entries its changes make name the request as their source. */
export function withAuditSource<T>(scope: AuditScope, request: FastifyRequest, work: () => Promise<T>): Promise<T> {
  return scope.run({ source: auditSourceOf(request) }, work);
}

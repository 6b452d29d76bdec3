import { PortcullisResource } from '../../../domain/acl/portcullis-resources';
import { ListAuditQuery } from '../dtos/audit.dto';
import { type HttpUseCases } from '../http-use-cases';
import { RESPONSES } from '../response-schemas';
import { route, type RouteSpec } from '../route-spec';
import { definedOnly } from './resource-routes';

/** The audit trail: who gave which access, when, from where. */
export function auditRoutes(useCases: HttpUseCases): RouteSpec[] {
  return [
    route<unknown, ListAuditQuery>({
      method: 'GET',
      url: '/rest/V1/audit',
      operationId: 'listAuditEntries',
      summary: 'The audit trail, newest first (paged; filter by integrationId, actor, action, from/to)',
      description:
        'Every admin action and credential lifecycle event, hash-chained. `actor` matches an admin username or user id, an OS user, or a kind (admin, system, cli, config-sync, anonymous, integration); `from` is inclusive, `to` exclusive (ISO 8601). Needs Portcullis::audit.',
      tag: 'Audit trail',
      access: [PortcullisResource.audit],
      query: ListAuditQuery,
      success: { status: 200, description: 'One page of entries.', schema: RESPONSES.auditPage },
      handle: ({ query }) =>
        useCases.audit.list.execute(
          definedOnly({
            page: query.page,
            pageSize: query.pageSize,
            integrationId: query.integrationId,
            actor: query.actor,
            action: query.action,
            from: query.from !== undefined ? new Date(query.from) : undefined,
            to: query.to !== undefined ? new Date(query.to) : undefined,
          }),
        ),
    }),
  ];
}

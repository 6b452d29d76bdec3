import { PortcullisResource } from '../../../domain/acl/portcullis-resources';
import { instantOf } from '../../../application/use-cases/integrations/get-integration-usage.use-case';
import { type CredentialPolicyInput } from '../../../application/use-cases/integrations/credential-policy-input';
import { CreateIntegrationBody, GraceBody, IntegrationUsageQuery, ListIntegrationsQuery, UpdateIntegrationBody, type CredentialPolicyBody } from '../dtos/integration.dto';
import { PageQuery } from '../dtos/page.dto';
import { HttpProblem } from '../http-errors';
import { type HttpUseCases } from '../http-use-cases';
import { RESPONSES } from '../response-schemas';
import { type RouteSpec } from '../route-spec';
import { actorOf, definedOnly, recordOf, ResourceRoutes } from './resource-routes';

const integrations = new ResourceRoutes('/rest/V1/integrations', 'Integrations', [PortcullisResource.integrations]);

/** System > Integrations: the grid, the edit page, Save, Save and Activate, Reauthorize, Delete, History. */
export function integrationRoutes(useCases: HttpUseCases): RouteSpec[] {
  const uc = useCases.integrations;
  return [
    integrations.list<ListIntegrationsQuery>({
      operationId: 'listIntegrations',
      summary: 'List integrations (paged; by name or `sort` = email, status, setupType, lastUsedAt, `direction` asc/desc; filter by status, part of the name, part of the email)',
      integrations: true,
      query: ListIntegrationsQuery,
      success: { description: 'One page of integrations.', schema: RESPONSES.integrationPage },
      handle: ({ query }) => uc.list.execute(query),
    }),
    integrations.create({
      operationId: 'createIntegration',
      summary: 'Save a new integration; with `activate: true`, "Save and Activate"',
      description:
        'Activation without both handshake URLs issues the four OAuth credentials at once (shown in `activation.credentials`); with a callback URL and an identity link it starts the token exchange.',
      body: CreateIntegrationBody,
      success: { description: 'The saved integration (and the activation result when asked for).', schema: RESPONSES.savedIntegration },
      errors: [409, 422, 502],
      handle: ({ body, principal }) =>
        uc.create.execute({
          name: body.name,
          email: body.email,
          endpoint: body.endpoint ?? null,
          identityLinkUrl: body.identityLinkUrl ?? null,
          resourceAccess: body.resourceAccess,
          ...definedOnly({ resources: body.resources, excluded: body.excluded, activate: body.activate, policy: policyInputOf(body.policy) }),
          ...actorOf(principal),
        }),
      idOf: (saved) => saved.integration.id,
    }),
    integrations.record('GET', null, {
      operationId: 'getIntegration',
      summary: 'One integration with its resource access',
      success: { description: 'The integration.', schema: RESPONSES.integration },
      handle: ({ params }) => uc.get.execute({ id: params.id ?? '' }),
    }),
    integrations.update<UpdateIntegrationBody>({
      operationId: 'updateIntegration',
      summary: 'Save changes to an integration (fields not sent keep their value); `activate: true` saves and activates',
      body: UpdateIntegrationBody,
      success: { description: 'The saved integration (and the activation result when asked for).', schema: RESPONSES.savedIntegration },
      errors: [409, 422, 502],
      handle: ({ body, params, principal }) =>
        uc.update.execute({
          ...recordOf({ params, principal }),
          ...definedOnly({
            name: body.name,
            email: body.email,
            endpoint: body.endpoint,
            identityLinkUrl: body.identityLinkUrl,
            resourceAccess: body.resourceAccess,
            resources: body.resources,
            excluded: body.excluded,
            activate: body.activate,
            policy: policyInputOf(body.policy),
          }),
        }),
    }),
    integrations.record('DELETE', null, {
      operationId: 'deleteIntegration',
      summary: 'Delete an integration, its role and its tokens',
      success: { description: 'What was deleted.', schema: RESPONSES.deletedIntegration },
      errors: [422],
      handle: (context) => uc.delete.execute(recordOf(context)),
    }),
    integrations.record('POST', 'activate', {
      operationId: 'activateIntegration',
      summary: 'Activate: issue the credentials locally, or start the token exchange',
      success: { description: 'The integration and the activation result.', schema: RESPONSES.activatedIntegration },
      errors: [409, 422, 502],
      handle: (context) => uc.activate.execute(recordOf(context)),
    }),
    integrations.record<GraceBody>('POST', 'reauthorize', {
      operationId: 'reauthorizeIntegration',
      summary: 'Reauthorize: replace the access token; the old one stops working at once, or after `graceSeconds` (local reauthorization, up to 7 days)',
      description:
        'With `graceSeconds`, the replaced access token keeps working until `activation.previousTokenValidUntil`, so the third party can switch without an outage. A revocation still cuts every token at once.',
      body: GraceBody,
      success: { description: 'The integration and the new activation result.', schema: RESPONSES.activatedIntegration },
      errors: [409, 422, 502],
      handle: (context) => uc.reauthorize.execute({ ...recordOf(context), ...definedOnly({ graceSeconds: context.body.graceSeconds }) }),
    }),
    integrations.record<GraceBody>('POST', 'rotate-secret', {
      operationId: 'rotateIntegrationSecret',
      summary: 'Rotate the consumer secret: a new one is issued (shown once); the old one works until `previousSecretValidUntil` (`graceSeconds`, 0 to 7 days)',
      body: GraceBody,
      success: { description: 'The new consumer secret and when the old one stops working.', schema: RESPONSES.rotatedSecret },
      handle: async (context) => {
        void context.reply.header('cache-control', 'no-store');
        return uc.rotateSecret.execute({ ...recordOf(context), ...definedOnly({ graceSeconds: context.body.graceSeconds }) });
      },
    }),
    integrations.record('POST', 'revoke', {
      operationId: 'revokeIntegration',
      summary: 'Revoke: its access token stops working at once; the integration is inactive until activated again',
      success: { description: 'The integration, now inactive.', schema: RESPONSES.integration },
      handle: (context) => uc.revoke.execute(recordOf(context)),
    }),
    integrations.record('GET', 'credentials', {
      operationId: 'getIntegrationCredentials',
      summary: 'The consumer key and secret, access token and token secret of an active integration',
      success: { description: 'The four OAuth values.', schema: RESPONSES.credentials },
      errors: [422],
      handle: async (context) => {
        void context.reply.header('cache-control', 'no-store');
        return uc.credentials.execute(recordOf(context));
      },
    }),
    integrations.record<unknown, IntegrationUsageQuery>('GET', 'usage', {
      operationId: 'getIntegrationUsage',
      summary: 'Calls of an integration per hour (UTC), allowed and refused by reason; default the last 7 days, at most 92',
      description:
        'Hours that start at or after `from` (rounded down to its hour) and before `to`, with at least one call. Counts are written every few seconds (USAGE_FLUSH_SECONDS); this server adds those it has not written yet.',
      query: IntegrationUsageQuery,
      success: { description: 'The hours with calls, and the totals.', schema: RESPONSES.integrationUsage },
      handle: ({ params, query }) => {
        const from = query.from !== undefined ? instantParameter(query.from, 'from') : undefined;
        const to = query.to !== undefined ? instantParameter(query.to, 'to') : undefined;
        return uc.usage.execute({ id: params.id ?? '', ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
      },
    }),
    integrations.record<unknown, PageQuery>('GET', 'history', {
      operationId: 'getIntegrationHistory',
      summary: 'What happened to an integration, newest first (paged): its audit trail entries',
      description: 'Created, edited, access given and taken (`integration.grant_changed`: `details.added` / `details.removed`), activated, credentials shown, revoked, deleted… A deleted integration keeps its history.',
      query: PageQuery,
      success: { description: 'One page of entries.', schema: RESPONSES.auditPage },
      handle: ({ params, query }) => useCases.audit.history.execute({ id: params.id ?? '', ...definedOnly({ page: query.page, pageSize: query.pageSize }) }),
    }),
    integrations.record('GET', 'permissions', {
      operationId: 'getIntegrationPermissions',
      summary: 'Effective permissions of an integration: every resource, allowed or not, and why',
      success: { description: 'The grant and each resource with its reason.', schema: RESPONSES.permissions },
      handle: ({ params }) => useCases.acl.effectivePermissions.execute({ integrationId: params.id ?? '' }),
    }),
  ];
}

/** A `from`/`to` the DTO let through that is still no date (`2026-02-30`): 400 naming the field. */
function instantParameter(text: string, field: string): Date {
  const instant = instantOf(text);
  if (instant === null) throw HttpProblem.badRequest([{ field, message: `"${field}" is not a date that exists.` }]);
  return instant;
}

/** The policy parts a body sends (absent ones stay), `expiresAt` as a date. */
function policyInputOf(body: CredentialPolicyBody | undefined): CredentialPolicyInput | undefined {
  if (body === undefined) return undefined;
  const expiresAt = body.expiresAt === undefined ? undefined : body.expiresAt === null ? null : instantParameter(body.expiresAt, 'policy.expiresAt');
  return definedOnly({
    readOnly: body.readOnly,
    expiresAt,
    allowedIps: body.allowedIps,
    rateLimit: body.rateLimit === undefined ? undefined : body.rateLimit === null ? null : { limit: body.rateLimit.limit, windowSeconds: body.rateLimit.windowSeconds },
  });
}

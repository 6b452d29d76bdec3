import { PortcullisResource } from '../../../domain/acl/portcullis-resources';
import { CreateIntegrationBody, ListIntegrationsQuery, UpdateIntegrationBody } from '../dtos/integration.dto';
import { type HttpUseCases } from '../http-use-cases';
import { RESPONSES } from '../response-schemas';
import { route, type RouteSpec } from '../route-spec';

const BASE = '/rest/V1/integrations';
const TAG = 'Integrations';
const MANAGE = [PortcullisResource.integrations];

/** System > Integrations: the grid, the edit page, Save, Save and Activate, Reauthorize, Delete. */
export function integrationRoutes(useCases: HttpUseCases): RouteSpec[] {
  const uc = useCases.integrations;
  return [
    route<unknown, ListIntegrationsQuery>({
      method: 'GET',
      url: BASE,
      operationId: 'listIntegrations',
      summary: 'List integrations (paged; by name or `sort` = email, status, setupType, lastUsedAt, `direction` asc/desc; filter by status, part of the name, part of the email)',
      tag: TAG,
      access: MANAGE,
      integrations: true,
      query: ListIntegrationsQuery,
      success: { status: 200, description: 'One page of integrations.', schema: RESPONSES.integrationPage },
      handle: ({ query }) => uc.list.execute(query),
    }),
    route<CreateIntegrationBody>({
      method: 'POST',
      url: BASE,
      operationId: 'createIntegration',
      summary: 'Save a new integration; with `activate: true`, "Save and Activate"',
      description:
        'Activation without both handshake URLs issues the four OAuth credentials at once (shown in `activation.credentials`); with a callback URL and an identity link it starts the token exchange.',
      tag: TAG,
      access: MANAGE,
      body: CreateIntegrationBody,
      confirmsPassword: true,
      success: { status: 201, description: 'The saved integration (and the activation result when asked for).', schema: RESPONSES.savedIntegration },
      errors: [409, 422, 502],
      handle: async ({ body, principal, reply }) => {
        const saved = await uc.create.execute({
          name: body.name,
          email: body.email,
          endpoint: body.endpoint ?? null,
          identityLinkUrl: body.identityLinkUrl ?? null,
          resourceAccess: body.resourceAccess,
          ...(body.resources !== undefined ? { resources: body.resources } : {}),
          ...(body.excluded !== undefined ? { excluded: body.excluded } : {}),
          ...(body.activate !== undefined ? { activate: body.activate } : {}),
          ...(principal !== null ? { actor: principal.actor } : {}),
        });
        void reply.header('location', `${BASE}/${saved.integration.id}`);
        return saved;
      },
    }),
    route({
      method: 'GET',
      url: `${BASE}/:id`,
      operationId: 'getIntegration',
      summary: 'One integration with its resource access',
      tag: TAG,
      access: MANAGE,
      success: { status: 200, description: 'The integration.', schema: RESPONSES.integration },
      handle: ({ params }) => uc.get.execute({ id: params.id ?? '' }),
    }),
    route<UpdateIntegrationBody>({
      method: 'PUT',
      url: `${BASE}/:id`,
      operationId: 'updateIntegration',
      summary: 'Save changes to an integration (fields not sent keep their value); `activate: true` saves and activates',
      tag: TAG,
      access: MANAGE,
      body: UpdateIntegrationBody,
      confirmsPassword: true,
      success: { status: 200, description: 'The saved integration (and the activation result when asked for).', schema: RESPONSES.savedIntegration },
      errors: [409, 422, 502],
      handle: ({ body, params, principal }) =>
        uc.update.execute({
          id: params.id ?? '',
          ...definedOnly({
            name: body.name,
            email: body.email,
            endpoint: body.endpoint,
            identityLinkUrl: body.identityLinkUrl,
            resourceAccess: body.resourceAccess,
            resources: body.resources,
            excluded: body.excluded,
            activate: body.activate,
          }),
          ...(principal !== null ? { actor: principal.actor } : {}),
        }),
    }),
    route({
      method: 'DELETE',
      url: `${BASE}/:id`,
      operationId: 'deleteIntegration',
      summary: 'Delete an integration, its role and its tokens',
      tag: TAG,
      access: MANAGE,
      success: { status: 200, description: 'What was deleted.', schema: RESPONSES.deletedIntegration },
      errors: [422],
      handle: ({ params, principal }) => uc.delete.execute({ id: params.id ?? '', ...(principal !== null ? { actor: principal.actor } : {}) }),
    }),
    route({
      method: 'POST',
      url: `${BASE}/:id/activate`,
      operationId: 'activateIntegration',
      summary: 'Activate: issue the credentials locally, or start the token exchange',
      tag: TAG,
      access: MANAGE,
      success: { status: 200, description: 'The integration and the activation result.', schema: RESPONSES.activatedIntegration },
      errors: [409, 422, 502],
      handle: ({ params, principal }) => uc.activate.execute({ id: params.id ?? '', ...(principal !== null ? { actor: principal.actor } : {}) }),
    }),
    route({
      method: 'POST',
      url: `${BASE}/:id/reauthorize`,
      operationId: 'reauthorizeIntegration',
      summary: 'Reauthorize: replace the access token (the old one stops working)',
      tag: TAG,
      access: MANAGE,
      success: { status: 200, description: 'The integration and the new activation result.', schema: RESPONSES.activatedIntegration },
      errors: [409, 422, 502],
      handle: ({ params, principal }) => uc.reauthorize.execute({ id: params.id ?? '', ...(principal !== null ? { actor: principal.actor } : {}) }),
    }),
    route({
      method: 'POST',
      url: `${BASE}/:id/revoke`,
      operationId: 'revokeIntegration',
      summary: 'Revoke: its access token stops working at once; the integration is inactive until activated again',
      tag: TAG,
      access: MANAGE,
      success: { status: 200, description: 'The integration, now inactive.', schema: RESPONSES.integration },
      handle: ({ params, principal }) => uc.revoke.execute({ id: params.id ?? '', ...(principal !== null ? { actor: principal.actor } : {}) }),
    }),
    route({
      method: 'GET',
      url: `${BASE}/:id/credentials`,
      operationId: 'getIntegrationCredentials',
      summary: 'The consumer key and secret, access token and token secret of an active integration',
      tag: TAG,
      access: MANAGE,
      success: { status: 200, description: 'The four OAuth values.', schema: RESPONSES.credentials },
      errors: [422],
      handle: async ({ params, principal, reply }) => {
        void reply.header('cache-control', 'no-store');
        return uc.credentials.execute({ id: params.id ?? '', ...(principal !== null ? { actor: principal.actor } : {}) });
      },
    }),
    route({
      method: 'GET',
      url: `${BASE}/:id/permissions`,
      operationId: 'getIntegrationPermissions',
      summary: 'Effective permissions of an integration: every resource, allowed or not, and why',
      tag: TAG,
      access: MANAGE,
      success: { status: 200, description: 'The grant and each resource with its reason.', schema: RESPONSES.permissions },
      handle: ({ params }) => useCases.acl.effectivePermissions.execute({ integrationId: params.id ?? '' }),
    }),
  ];
}

/** Drops undefined fields, so a partial update leaves unsent fields alone. */
export function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

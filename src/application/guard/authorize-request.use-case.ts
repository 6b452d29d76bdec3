import { AccessDeniedError } from '../../domain/admin-session/admin-session.errors';
import { type AdminTokenRepository } from '../../domain/admin-session/admin-token.repository';
import { type IntegrationRepository } from '../../domain/integration/integration.repository';
import { AccessTokenRevokedError, IntegrationInactiveError } from '../../domain/oauth/oauth-problems';
import { splitRequestTarget } from '../../domain/oauth/oauth-request';
import { type RoleRepository } from '../../domain/role/role.repository';
import { type OAuthTokenRepository } from '../../domain/token/oauth-token.repository';
import { type AuthorizeIntegrationCall } from '../oauth/authorize-integration-call.use-case';
import { type AclTreeProvider } from '../ports/acl-tree.port';
import { type AuthorizeAdmin } from '../use-cases/admin-auth/authorize-admin.use-case';
import { GuardUnauthenticatedError, IntegrationBearerDisabledError } from './guard.errors';
import { type GuardSettings } from './guard.settings';
import { type IntegrationUsage } from './integration-usage';
import { isOAuthAuthorization } from '../../domain/oauth/authorization-header';

/** Who a request acts for. */
export type Principal =
  | { readonly kind: 'integration'; readonly integrationId: string; readonly name: string }
  | { readonly kind: 'admin'; readonly adminUserId: string; readonly username: string }
  | { readonly kind: 'anonymous' };

/** A request as any HTTP framework (or a gateway's forward-auth call) can describe it. */
export interface GuardRequest {
  readonly method: string;
  /** Path and query exactly as the client sent them (`/rest/V1/orders?x=%2F`). */
  readonly url: string;
  /** Header names in any case; a repeated header as a list. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body, when it is `application/x-www-form-urlencoded` (its parameters are signed). */
  readonly formBody?: string;
  /**
   * `scheme://host[:port]` the client addressed, for OAuth signatures: the configured public base
   * URL, or what the framework saw (honouring `X-Forwarded-*` only behind trusted proxies).
   */
  readonly baseUrl: string;
}

/** Resources a route needs (all of them), or `anonymous` for a route anyone may call. */
export type RequiredAccess = 'anonymous' | readonly string[];

export interface AuthorizeRequestDeps {
  readonly integrationCalls: AuthorizeIntegrationCall;
  readonly admins: AuthorizeAdmin;
  readonly adminTokens: AdminTokenRepository;
  readonly tokens: OAuthTokenRepository;
  readonly integrations: IntegrationRepository;
  readonly roles: RoleRepository;
  readonly aclTree: AclTreeProvider;
  readonly settings: GuardSettings;
  readonly usage: IntegrationUsage;
}

/**
 * The guard (OAUTH.md §5), free of any framework: authenticates a request — an integration's
 * OAuth 1.0a signature, an integration's access token as bearer (when enabled), or an admin's
 * bearer token — then checks the principal's grant allows every required resource.
 */
export class AuthorizeRequest {
  constructor(private readonly deps: AuthorizeRequestDeps) {}

  /**
   * @throws GuardUnauthenticatedError, IntegrationBearerDisabledError, the OAuth refusals of
   *   OAUTH.md §4, AdminTokenInvalidError (401 each)
   * @throws AccessDeniedError naming every required resource the principal lacks (403)
   */
  async execute(request: GuardRequest, required: RequiredAccess): Promise<Principal> {
    if (required === 'anonymous') return { kind: 'anonymous' };
    const authorization = headerOf(request.headers, 'authorization');
    if (authorization === undefined || authorization.trim() === '') throw new GuardUnauthenticatedError('the request has no Authorization header');
    if (isOAuthAuthorization(authorization)) return this.signed(request, authorization, required);
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (bearer === undefined) throw new GuardUnauthenticatedError('the Authorization header is neither "OAuth …" nor "Bearer <token>"');
    return this.bearer(bearer, required);
  }

  private async signed(request: GuardRequest, authorization: string, required: readonly string[]): Promise<Principal> {
    const { path, rawQuery } = splitRequestTarget(request.url);
    const caller = await this.deps.integrationCalls.execute({
      request: {
        method: request.method,
        baseUrl: request.baseUrl,
        path,
        rawQuery,
        ...(request.formBody !== undefined ? { formBody: request.formBody } : {}),
        authorization,
      },
      resources: required,
    });
    await this.deps.usage.record(caller.integrationId);
    return { kind: 'integration', integrationId: caller.integrationId, name: caller.name };
  }

  private async bearer(token: string, required: readonly string[]): Promise<Principal> {
    const { adminTokens, tokens, admins, settings } = this.deps;
    if ((await adminTokens.findByToken(token)) !== null) {
      const admin = await admins.execute({ token, resources: required });
      return { kind: 'admin', adminUserId: admin.adminUserId, username: admin.username };
    }
    const access = await tokens.findByToken(token);
    if (access === null || access.type !== 'access') throw new GuardUnauthenticatedError('the bearer token is unknown');
    if (!settings.integrationBearer) throw new IntegrationBearerDisabledError();
    if (access.isRevoked) throw new AccessTokenRevokedError();
    const integration = await this.deps.integrations.findById(access.integrationId);
    if (integration === null || !integration.isActive) throw new IntegrationInactiveError();
    const role = await this.deps.roles.findByIntegrationId(integration.id);
    const tree = this.deps.aclTree.current();
    const missing = required.filter((resource) => role === null || !role.grant.isAllowed(resource, tree));
    if (missing.length > 0) throw new AccessDeniedError(missing);
    await this.deps.usage.record(integration.id);
    return { kind: 'integration', integrationId: integration.id, name: integration.name };
  }
}

function headerOf(headers: GuardRequest['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return typeof value === 'string' ? value : value?.[0];
  }
  return undefined;
}

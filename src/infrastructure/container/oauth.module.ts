import { ContainerModule } from 'inversify';
import { IntegrationUsage } from '../../application/guard/integration-usage';
import { AuthorizeRequest, guardUnrecognised } from '../../application/guard/authorize-request.use-case';
import { AdminTokenAuthenticator } from '../../application/guard/authenticators/admin-token.authenticator';
import { IntegrationBearerAuthenticator } from '../../application/guard/authenticators/integration-bearer.authenticator';
import { OAuthSignatureAuthenticator } from '../../application/guard/authenticators/oauth-signature.authenticator';
import { RequestAuthorizer } from '../../application/guard/request-authorizer';
import { GUARD_SETTINGS, type GuardSettings } from '../../application/guard/guard.settings';
import { adminUnrecognised } from '../../application/use-cases/admin-auth/authorize-admin.use-case';
import { ADMIN_TOKEN_REPOSITORY, type AdminTokenRepository } from '../../domain/admin-session/admin-token.repository';
import { ADMIN_USER_REPOSITORY, type AdminUserRepository } from '../../domain/admin-user/admin-user.repository';
import { CacheClearing, withCachedReads } from '../../adapters/cache/read-through-cache';
import { CLOCK, type Clock } from '../../application/ports/clock.port';
import { HMAC, type Hmac } from '../../application/ports/hmac.port';
import { RANDOM_SOURCE, type RandomSource } from '../../application/ports/random-source.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../../application/ports/unit-of-work.port';
import { AuthorizeIntegrationCall } from '../../application/oauth/authorize-integration-call.use-case';
import { ACL_TREE_PROVIDER, type AclTreeProvider } from '../../application/ports/acl-tree.port';
import { ROLE_REPOSITORY, type RoleRepository } from '../../domain/role/role.repository';
import { ConsumerRequestChecks } from '../../application/oauth/consumer-request';
import { IssueAccessToken } from '../../application/oauth/issue-access-token.use-case';
import { IssueRequestToken } from '../../application/oauth/issue-request-token.use-case';
import { OAUTH_SETTINGS, type OAuthSettings } from '../../application/oauth/oauth.settings';
import { PurgeOAuthLeftovers } from '../../application/oauth/purge-oauth-leftovers.use-case';
import { SignatureVerifier } from '../../application/oauth/signature-verifier';
import { IntegrationAccess } from '../../application/use-cases/integrations/integration-access';
import { RevokeIntegration } from '../../application/use-cases/integrations/revoke-integration.use-case';
import { INTEGRATION_REPOSITORY, type IntegrationRepository } from '../../domain/integration/integration.repository';
import { NONCE_REPOSITORY, type NonceRepository } from '../../domain/oauth/nonce.repository';
import { OAUTH_TOKEN_REPOSITORY, type OAuthTokenRepository } from '../../domain/token/oauth-token.repository';
import { GUARD_CACHE_CLEARING } from './tokens';

/** The OAuth 1.0a side and the guard: signature checks, the token endpoints, revocation, purges. */
export const oauthModule = new ContainerModule(({ bind }) => {
  // Emptied when a change the guard may have read is committed (see events.module.ts).
  bind(GUARD_CACHE_CLEARING).toConstantValue(new CacheClearing());
  bind(AuthorizeRequest)
    .toResolvedValue(
      (
        integrations: IntegrationRepository,
        tokens: OAuthTokenRepository,
        roles: RoleRepository,
        adminTokens: AdminTokenRepository,
        adminUsers: AdminUserRepository,
        nonces: NonceRepository,
        signatures: SignatureVerifier,
        aclTree: AclTreeProvider,
        clock: Clock,
        oauth: OAuthSettings,
        settings: GuardSettings,
        usage: IntegrationUsage,
        clearing: CacheClearing,
      ) => {
        // The guard runs on every request of the host's API: it reads through a cache whose TTL
        // bounds the staleness (GuardSettings.cacheTtlMs), emptied at once on a change committed
        // by this process; the nonce is always written.
        const cache = { ttlMs: settings.cacheTtlMs, maxEntries: 50_000, now: () => clock.now().getTime(), clearing };
        const cached = {
          integrations: withCachedReads(integrations, ['findByConsumerKey', 'findById'], cache),
          tokens: withCachedReads(tokens, ['findByToken'], cache),
          roles: withCachedReads(roles, ['findByIntegrationId', 'findById'], cache),
          adminTokens: withCachedReads(adminTokens, ['findByToken'], cache),
          adminUsers: withCachedReads(adminUsers, ['findById'], cache),
        };
        const checks = new ConsumerRequestChecks({ integrations: cached.integrations, nonces, signatures, clock, settings: oauth });
        const authenticators = [
          new OAuthSignatureAuthenticator({ checks, tokens: cached.tokens, roles: cached.roles }),
          new AdminTokenAuthenticator({ tokens: cached.adminTokens, adminUsers: cached.adminUsers, roles: cached.roles, clock }),
          new IntegrationBearerAuthenticator({ tokens: cached.tokens, integrations: cached.integrations, roles: cached.roles, settings }),
        ];
        return new AuthorizeRequest(new RequestAuthorizer({ authenticators, unrecognised: guardUnrecognised, aclTree, usage }));
      },
      [
        INTEGRATION_REPOSITORY,
        OAUTH_TOKEN_REPOSITORY,
        ROLE_REPOSITORY,
        ADMIN_TOKEN_REPOSITORY,
        ADMIN_USER_REPOSITORY,
        NONCE_REPOSITORY,
        SignatureVerifier,
        ACL_TREE_PROVIDER,
        CLOCK,
        OAUTH_SETTINGS,
        GUARD_SETTINGS,
        IntegrationUsage,
        GUARD_CACHE_CLEARING,
      ],
    )
    .inSingletonScope();
  // The admin REST API's door: an integration's signed call (on routes that accept integrations)
  // or an admin's token, read without the guard's cache (an admin's change shows at once).
  bind(RequestAuthorizer)
    .toResolvedValue(
      (signatures: OAuthSignatureAuthenticator, adminTokens: AdminTokenAuthenticator, aclTree: AclTreeProvider, usage: IntegrationUsage) =>
        new RequestAuthorizer({ authenticators: [signatures, adminTokens], unrecognised: adminUnrecognised, aclTree, usage }),
      [OAuthSignatureAuthenticator, AdminTokenAuthenticator, ACL_TREE_PROVIDER, IntegrationUsage],
    )
    .inSingletonScope();
  bind(OAuthSignatureAuthenticator)
    .toResolvedValue(
      (checks: ConsumerRequestChecks, tokens: OAuthTokenRepository, roles: RoleRepository) => new OAuthSignatureAuthenticator({ checks, tokens, roles }),
      [ConsumerRequestChecks, OAUTH_TOKEN_REPOSITORY, ROLE_REPOSITORY],
    )
    .inSingletonScope();
  bind(IntegrationUsage)
    .toResolvedValue(
      (integrations: IntegrationRepository, clock: Clock, settings: GuardSettings) => new IntegrationUsage({ integrations, clock, settings }),
      [INTEGRATION_REPOSITORY, CLOCK, GUARD_SETTINGS],
    )
    .inSingletonScope();
  bind(SignatureVerifier).toResolvedValue((hmac: Hmac) => new SignatureVerifier(hmac), [HMAC]).inSingletonScope();
  bind(ConsumerRequestChecks)
    .toResolvedValue(
      (integrations: IntegrationRepository, nonces: NonceRepository, signatures: SignatureVerifier, clock: Clock, settings: OAuthSettings) =>
        new ConsumerRequestChecks({ integrations, nonces, signatures, clock, settings }),
      [INTEGRATION_REPOSITORY, NONCE_REPOSITORY, SignatureVerifier, CLOCK, OAUTH_SETTINGS],
    )
    .inSingletonScope();
  bind(IssueRequestToken)
    .toResolvedValue(
      (checks: ConsumerRequestChecks, tokens: OAuthTokenRepository, unitOfWork: UnitOfWork, clock: Clock, random: RandomSource, settings: OAuthSettings) =>
        new IssueRequestToken({ checks, tokens, unitOfWork, clock, random, settings }),
      [ConsumerRequestChecks, OAUTH_TOKEN_REPOSITORY, UNIT_OF_WORK, CLOCK, RANDOM_SOURCE, OAUTH_SETTINGS],
    )
    .inSingletonScope();
  bind(IssueAccessToken)
    .toResolvedValue(
      (
        checks: ConsumerRequestChecks,
        integrations: IntegrationRepository,
        tokens: OAuthTokenRepository,
        unitOfWork: UnitOfWork,
        clock: Clock,
        random: RandomSource,
        hmac: Hmac,
      ) => new IssueAccessToken({ checks, integrations, tokens, unitOfWork, clock, random, hmac }),
      [ConsumerRequestChecks, INTEGRATION_REPOSITORY, OAUTH_TOKEN_REPOSITORY, UNIT_OF_WORK, CLOCK, RANDOM_SOURCE, HMAC],
    )
    .inSingletonScope();
  bind(AuthorizeIntegrationCall)
    .toResolvedValue(
      (signatures: OAuthSignatureAuthenticator, aclTree: AclTreeProvider) => new AuthorizeIntegrationCall({ signatures, aclTree }),
      [OAuthSignatureAuthenticator, ACL_TREE_PROVIDER],
    )
    .inSingletonScope();
  bind(PurgeOAuthLeftovers)
    .toResolvedValue(
      (nonces: NonceRepository, tokens: OAuthTokenRepository, clock: Clock, settings: OAuthSettings) => new PurgeOAuthLeftovers(nonces, tokens, clock, settings),
      [NONCE_REPOSITORY, OAUTH_TOKEN_REPOSITORY, CLOCK, OAUTH_SETTINGS],
    )
    .inSingletonScope();
  bind(RevokeIntegration)
    .toResolvedValue(
      (integrations: IntegrationRepository, tokens: OAuthTokenRepository, unitOfWork: UnitOfWork, clock: Clock, access: IntegrationAccess) =>
        new RevokeIntegration({ integrations, tokens, unitOfWork, clock, access }),
      [INTEGRATION_REPOSITORY, OAUTH_TOKEN_REPOSITORY, UNIT_OF_WORK, CLOCK, IntegrationAccess],
    )
    .inSingletonScope();
});


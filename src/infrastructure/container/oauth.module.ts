import { ContainerModule } from 'inversify';
import { IntegrationUsage } from '../../application/guard/integration-usage';
import { AuthorizeRequest, guardUnrecognised } from '../../application/guard/authorize-request.use-case';
import { AdminTokenAuthenticator } from '../../application/guard/authenticators/admin-token.authenticator';
import { IntegrationBearerAuthenticator } from '../../application/guard/authenticators/integration-bearer.authenticator';
import { OAuthSignatureAuthenticator } from '../../application/guard/authenticators/oauth-signature.authenticator';
import { RequestAuthorizer } from '../../application/guard/request-authorizer';
import { GUARD_SETTINGS } from '../../application/guard/guard.settings';
import { GUARD_DECISIONS } from '../../application/ports/guard-decisions.port';
import { RATE_LIMITER } from '../../application/ports/rate-limiter.port';
import { MemoryRateLimiter } from '../../adapters/rate-limit/memory-rate-limiter';
import { STORAGE_OUTAGES } from '../../application/ports/storage-outages.port';
import { UsageCounter } from '../../application/usage/usage-counter';
import { USAGE_REPOSITORY } from '../../domain/usage/usage.repository';
import { adminUnrecognised } from '../../application/use-cases/admin-auth/authorize-admin.use-case';
import { ADMIN_TOKEN_REPOSITORY } from '../../domain/admin-session/admin-token.repository';
import { ADMIN_USER_REPOSITORY } from '../../domain/admin-user/admin-user.repository';
import { CacheClearing, withCachedReads } from '../../adapters/cache/read-through-cache';
import { CLOCK } from '../../application/ports/clock.port';
import { HMAC } from '../../application/ports/hmac.port';
import { RANDOM_SOURCE } from '../../application/ports/random-source.port';
import { UNIT_OF_WORK } from '../../application/ports/unit-of-work.port';
import { AuthorizeIntegrationCall } from '../../application/oauth/authorize-integration-call.use-case';
import { ACL_TREE_PROVIDER } from '../../application/ports/acl-tree.port';
import { ROLE_REPOSITORY } from '../../domain/role/role.repository';
import { ConsumerRequestChecks } from '../../application/oauth/consumer-request';
import { IssueAccessToken } from '../../application/oauth/issue-access-token.use-case';
import { IssueRequestToken } from '../../application/oauth/issue-request-token.use-case';
import { OAUTH_SETTINGS } from '../../application/oauth/oauth.settings';
import { PurgeOAuthLeftovers } from '../../application/oauth/purge-oauth-leftovers.use-case';
import { SignatureVerifier } from '../../application/oauth/signature-verifier';
import { IntegrationAccess } from '../../application/use-cases/integrations/integration-access';
import { RevokeIntegration } from '../../application/use-cases/integrations/revoke-integration.use-case';
import { INTEGRATION_REPOSITORY } from '../../domain/integration/integration.repository';
import { NONCE_REPOSITORY } from '../../domain/oauth/nonce.repository';
import { OAUTH_TOKEN_REPOSITORY } from '../../domain/token/oauth-token.repository';
import { singleton, singletonClass } from './singleton';
import { BEARER_REQUEST_AUTHORIZER, GUARD_CACHE_CLEARING } from './tokens';

/** The OAuth 1.0a side and the guard: signature checks, the token endpoints, revocation, purges. */
export const oauthModule = new ContainerModule(({ bind }) => {
  // Emptied when a change the guard may have read is committed (see events.module.ts).
  bind(GUARD_CACHE_CLEARING).toConstantValue(new CacheClearing());
  singleton(
    bind,
    AuthorizeRequest,
    {
      integrations: INTEGRATION_REPOSITORY,
      tokens: OAUTH_TOKEN_REPOSITORY,
      roles: ROLE_REPOSITORY,
      adminTokens: ADMIN_TOKEN_REPOSITORY,
      adminUsers: ADMIN_USER_REPOSITORY,
      nonces: NONCE_REPOSITORY,
      signatures: SignatureVerifier,
      aclTree: ACL_TREE_PROVIDER,
      clock: CLOCK,
      oauth: OAUTH_SETTINGS,
      settings: GUARD_SETTINGS,
      usage: IntegrationUsage,
      clearing: GUARD_CACHE_CLEARING,
      decisions: GUARD_DECISIONS,
      isUnavailable: STORAGE_OUTAGES,
      rateLimiter: RATE_LIMITER,
    },
    ({ integrations, tokens, roles, adminTokens, adminUsers, nonces, signatures, aclTree, clock, oauth, settings, usage, clearing, decisions, isUnavailable, rateLimiter }) => {
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
        new OAuthSignatureAuthenticator({ checks, tokens: cached.tokens, roles: cached.roles, clock }),
        new AdminTokenAuthenticator({ tokens: cached.adminTokens, adminUsers: cached.adminUsers, roles: cached.roles, clock }),
        new IntegrationBearerAuthenticator({ tokens: cached.tokens, integrations: cached.integrations, roles: cached.roles, settings, clock }),
      ];
      // The guard's decisions are the metrics' (the admin API's are counted by route instead).
      return new AuthorizeRequest(new RequestAuthorizer({ authenticators, unrecognised: guardUnrecognised, aclTree, usage, decisions, isUnavailable, rateLimiter, clock }));
    },
  );
  // The admin REST API's door: an integration's signed call (on routes that accept integrations)
  // or an admin's token, read without the guard's cache (an admin's change shows at once).
  singleton(
    bind,
    RequestAuthorizer,
    {
      signatures: OAuthSignatureAuthenticator,
      adminTokens: AdminTokenAuthenticator,
      aclTree: ACL_TREE_PROVIDER,
      usage: IntegrationUsage,
      isUnavailable: STORAGE_OUTAGES,
      rateLimiter: RATE_LIMITER,
      clock: CLOCK,
    },
    ({ signatures, adminTokens, aclTree, usage, isUnavailable, rateLimiter, clock }) =>
      new RequestAuthorizer({ authenticators: [signatures, adminTokens], unrecognised: adminUnrecognised, aclTree, usage, isUnavailable, rateLimiter, clock }),
  );
  // The admin API's door for GET /metrics: an admin's token, or an integration's access token as
  // bearer whatever guard.integrationBearer says (a scraper cannot sign; the integration must
  // still be granted Portcullis::metrics), read without the guard's cache.
  singleton(
    bind,
    BEARER_REQUEST_AUTHORIZER,
    {
      adminTokens: AdminTokenAuthenticator,
      tokens: OAUTH_TOKEN_REPOSITORY,
      integrations: INTEGRATION_REPOSITORY,
      roles: ROLE_REPOSITORY,
      aclTree: ACL_TREE_PROVIDER,
      usage: IntegrationUsage,
      isUnavailable: STORAGE_OUTAGES,
      rateLimiter: RATE_LIMITER,
      clock: CLOCK,
    },
    ({ adminTokens, tokens, integrations, roles, aclTree, usage, isUnavailable, rateLimiter, clock }) =>
      new RequestAuthorizer({
        authenticators: [adminTokens, new IntegrationBearerAuthenticator({ tokens, integrations, roles, settings: { integrationBearer: true }, clock })],
        unrecognised: adminUnrecognised,
        aclTree,
        usage,
        isUnavailable,
        rateLimiter,
        clock,
      }),
  );
  singletonClass(bind, OAuthSignatureAuthenticator, { checks: ConsumerRequestChecks, tokens: OAUTH_TOKEN_REPOSITORY, roles: ROLE_REPOSITORY, clock: CLOCK });
  // Per process; `redisModule` shares the buckets through Redis.
  bind(RATE_LIMITER).toConstantValue(new MemoryRateLimiter());
  singletonClass(bind, UsageCounter, { usage: USAGE_REPOSITORY, unitOfWork: UNIT_OF_WORK });
  singletonClass(bind, IntegrationUsage, { integrations: INTEGRATION_REPOSITORY, clock: CLOCK, settings: GUARD_SETTINGS, counter: UsageCounter });
  singleton(bind, SignatureVerifier, { hmac: HMAC }, ({ hmac }) => new SignatureVerifier(hmac));
  singletonClass(bind, ConsumerRequestChecks, {
    integrations: INTEGRATION_REPOSITORY,
    nonces: NONCE_REPOSITORY,
    signatures: SignatureVerifier,
    clock: CLOCK,
    settings: OAUTH_SETTINGS,
  });
  singletonClass(bind, IssueRequestToken, {
    checks: ConsumerRequestChecks,
    tokens: OAUTH_TOKEN_REPOSITORY,
    unitOfWork: UNIT_OF_WORK,
    clock: CLOCK,
    random: RANDOM_SOURCE,
    settings: OAUTH_SETTINGS,
  });
  singletonClass(bind, IssueAccessToken, {
    checks: ConsumerRequestChecks,
    integrations: INTEGRATION_REPOSITORY,
    tokens: OAUTH_TOKEN_REPOSITORY,
    unitOfWork: UNIT_OF_WORK,
    clock: CLOCK,
    random: RANDOM_SOURCE,
    hmac: HMAC,
  });
  singletonClass(bind, AuthorizeIntegrationCall, { signatures: OAuthSignatureAuthenticator, aclTree: ACL_TREE_PROVIDER });
  singleton(
    bind,
    PurgeOAuthLeftovers,
    { nonces: NONCE_REPOSITORY, tokens: OAUTH_TOKEN_REPOSITORY, clock: CLOCK, settings: OAUTH_SETTINGS },
    (d) => new PurgeOAuthLeftovers(d.nonces, d.tokens, d.clock, d.settings),
  );
  singletonClass(bind, RevokeIntegration, {
    integrations: INTEGRATION_REPOSITORY,
    tokens: OAUTH_TOKEN_REPOSITORY,
    unitOfWork: UNIT_OF_WORK,
    clock: CLOCK,
    access: IntegrationAccess,
  });
});

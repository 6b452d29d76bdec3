import {
  AccessTokenConsumerMismatchError,
  AccessTokenRevokedError,
  IntegrationInactiveError,
  TokenNotAccessError,
  TokenUnknownError,
} from '../../domain/oauth/oauth-problems';
import { type RoleRepository } from '../../domain/role/role.repository';
import { type OAuthTokenRepository } from '../../domain/token/oauth-token.repository';
import { assertAllowed } from '../access/required-resources';
import { type AclTreeProvider } from '../ports/acl-tree.port';
import { type ConsumerRequestChecks, type ConsumerRequestInput } from './consumer-request';

/** The integration an OAuth-signed API call acts for. */
export interface IntegrationCaller {
  readonly integrationId: string;
  readonly name: string;
}

export interface AuthorizeIntegrationCallInput {
  readonly request: ConsumerRequestInput;
  /** Resources the call needs, all of them. */
  readonly resources: readonly string[];
  /** When given, the grant must also allow at least one of these. */
  readonly anyOf?: readonly string[];
}

export interface AuthorizeIntegrationCallDeps {
  readonly checks: ConsumerRequestChecks;
  readonly tokens: OAuthTokenRepository;
  readonly roles: RoleRepository;
  readonly aclTree: AclTreeProvider;
}

/**
 * Authenticates an API call signed with an integration's consumer secret and access token secret
 * (OAUTH.md §1 step 5) — the token must be this consumer's unrevoked access token, the signature
 * valid, the nonce new and the integration active — then checks its grant allows the resources.
 */
export class AuthorizeIntegrationCall {
  constructor(private readonly deps: AuthorizeIntegrationCallDeps) {}

  /**
   * @throws the 400/401 refusals of ConsumerRequestChecks, TokenUnknownError, TokenNotAccessError,
   *   AccessTokenRevokedError, AccessTokenConsumerMismatchError, IntegrationInactiveError (401)
   * @throws AccessDeniedError naming every required resource the integration lacks (403)
   */
  async execute(input: AuthorizeIntegrationCallInput): Promise<IntegrationCaller> {
    const { checks, tokens, roles, aclTree } = this.deps;
    const identified = await checks.identify(input.request, 'api-call');
    const { integration } = identified;
    const token = await tokens.findByToken(identified.token ?? '');
    if (token === null) throw new TokenUnknownError();
    if (token.type !== 'access') throw new TokenNotAccessError();
    if (token.isRevoked) throw new AccessTokenRevokedError();
    if (token.integrationId !== integration.id) throw new AccessTokenConsumerMismatchError();
    await checks.authenticate(identified, token.secret);
    if (!integration.isActive) throw new IntegrationInactiveError();
    const role = await roles.findByIntegrationId(integration.id);
    const tree = aclTree.current();
    const allows = (resource: string): boolean => role !== null && role.grant.isAllowed(resource, tree);
    assertAllowed(allows, { all: input.resources, ...(input.anyOf !== undefined ? { anyOf: input.anyOf } : {}) }, 'consumer');
    return { integrationId: integration.id, name: integration.name };
  }
}

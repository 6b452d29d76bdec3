import { type IntegrationRepository } from '../../domain/integration/integration.repository';
import { type NonceRepository } from '../../domain/oauth/nonce.repository';
import { type RoleRepository } from '../../domain/role/role.repository';
import { type OAuthTokenRepository } from '../../domain/token/oauth-token.repository';
import { type Clock } from '../ports/clock.port';
import { type Hmac } from '../ports/hmac.port';
import { type RandomSource } from '../ports/random-source.port';
import { type UnitOfWork } from '../ports/unit-of-work.port';
import { type OAuthSettings } from './oauth.settings';
import { type SignatureVerifier } from './signature-verifier';

/**
 * What the OAuth 1.0a endpoints and the signature check draw on, each under the one name they all use; a user's
 * dependencies are the `Pick` of what it needs. (`ConsumerRequestChecks`, itself drawing on them,
 * is added by its users.)
 */
export interface OAuthServices {
  readonly integrations: IntegrationRepository;
  readonly tokens: OAuthTokenRepository;
  readonly nonces: NonceRepository;
  /** An integration's grant is its role's. */
  readonly roles: RoleRepository;
  readonly signatures: SignatureVerifier;
  readonly unitOfWork: UnitOfWork;
  readonly hmac: Hmac;
  readonly settings: OAuthSettings;
  readonly clock: Clock;
  readonly random: RandomSource;
}

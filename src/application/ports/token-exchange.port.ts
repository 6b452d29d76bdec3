import { type Integration } from '../../domain/integration/integration.aggregate';
import { DomainError } from '../../domain/shared/domain-error';

export interface TokenExchangeStarted {
  /** Where the admin is sent: the identity link with `oauth_consumer_key` and `success_call_back`. */
  readonly identityLinkUrl: string;
  readonly consumerKey: string;
}

/**
 * The OAuth 1.0a handshake (OAUTH.md §1): creates the verifier and posts the credentials to the
 * integration's callback URL. Runs inside the activation's unit of work, so a failed post leaves
 * nothing half-activated.
 */
export interface TokenExchange {
  /** @throws a DomainError saying why the callback POST failed (status code or network error). */
  begin(integration: Integration): Promise<TokenExchangeStarted>;
}

export const TOKEN_EXCHANGE = Symbol.for('portcullis.TokenExchange');

export class TokenExchangeUnavailableError extends DomainError {
  readonly code = 'INTEGRATION.TOKEN_EXCHANGE_UNAVAILABLE';
  constructor(name: string) {
    super(
      `The integration "${name}" needs the OAuth token exchange, which this Portcullis instance does not provide. Remove its callback URL or identity link URL to activate it locally.`,
      { name },
    );
  }
}

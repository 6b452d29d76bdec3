import { injectionToken } from '../../domain/kernel/injection-token';
import { type Integration } from '../../domain/integration/integration.aggregate';
import { UnavailableError, UpstreamError } from '../../domain/kernel/domain-error';

/**
 * The outward half of the OAuth 1.0a handshake (docs/oauth.md §1): where the admin is sent, and the
 * credentials POST to the integration's callback URL. The token endpoints are the inward half.
 */
export interface TokenExchange {
  /**
   * The identity link with `oauth_consumer_key` and `success_call_back` (step 2). Called inside
   * the activation's unit of work, before anything is posted.
   * @throws TokenExchangeUnavailableError when this instance cannot run the handshake
   */
  identityLinkFor(integration: Integration): Promise<string>;
  /**
   * POSTs `oauth_consumer_key`, `oauth_consumer_secret`, `store_base_url` and `oauth_verifier`
   * to the callback URL (step 1). Called after the verifier token is committed, so a third party
   * that asks for its request token before answering finds it.
   * @throws CallbackFailedError naming the status the callback answered, or (in `reason`, for the
   *   server log only) why it could not be reached
   */
  sendCredentials(integration: Integration, verifier: string): Promise<void>;
}

export const TOKEN_EXCHANGE = injectionToken<TokenExchange>('TokenExchange');

export class TokenExchangeUnavailableError extends UnavailableError {
  readonly code = 'INTEGRATION.TOKEN_EXCHANGE_UNAVAILABLE';
  constructor(name: string) {
    super(
      `The integration "${name}" needs the OAuth token exchange, which this Portcullis instance does not provide. Remove its callback URL or identity link URL to activate it locally.`,
      { name },
    );
  }
}

/**
 * The third party's callback URL did not accept the credentials: nothing was activated. A status
 * it answered is told (only a destination the outbound policy let through can answer); why it could
 * not be reached is not: the same sentence for a refused, closed, timed-out, unresolvable or blocked
 * destination, or the callback URL would be a port scanner for whoever may activate integrations.
 */
export class CallbackFailedError extends UpstreamError {
  readonly code = 'OAUTH.CALLBACK_FAILED';
  /** Why it could not be reached (e.g. `the connection to 10.0.0.5:8080 was refused`): for the server log only. */
  readonly reason: string | undefined;

  constructor(name: string, failure: { readonly status: number } | { readonly reason: string }) {
    super(
      'status' in failure
        ? `The callback URL of integration "${name}" answered HTTP ${failure.status} to the credentials POST, so the integration was not activated. The third party must answer 2xx.`
        : `The callback URL of integration "${name}" could not be reached, so the integration was not activated.`,
      'status' in failure ? { name, status: failure.status } : { name },
    );
    this.reason = 'reason' in failure ? failure.reason : undefined;
  }
}

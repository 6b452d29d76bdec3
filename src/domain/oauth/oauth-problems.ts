import { MalformedError, UnauthenticatedError } from '../kernel/domain-error';
import { echoed } from './oauth.errors';

/*
 * The refusals of OAuth 1.0a requests (docs/oauth.md §4), with Magento's texts, which third-party
 * clients may match on: keep them verbatim. Each declares its kind by its base: malformed input
 * (HTTP 400) or an authentication failure (HTTP 401).
 */

/** `oauth_version` is present and is not `1.0`. */
export class OAuthVersionRejectedError extends MalformedError {
  readonly code = 'OAUTH.VERSION_REJECTED';
  constructor(version: string) {
    super(`The "${echoed(version)}" Oauth version isn't supported.`, { version: echoed(version) });
  }
}

/** `oauth_token` is not 32 characters long. */
export class TokenLengthInvalidError extends MalformedError {
  readonly code = 'OAUTH.TOKEN_LENGTH_INVALID';
  constructor() {
    super('The token length is invalid. Check the length and try again.');
  }
}

/** `oauth_consumer_key` is not 32 characters long. */
export class ConsumerKeyLengthError extends UnauthenticatedError {
  readonly code = 'OAUTH.CONSUMER_KEY_LENGTH';
  constructor() {
    super('Consumer key is not the correct length');
  }
}

/** No integration has this consumer key. */
export class ConsumerUnknownError extends UnauthenticatedError {
  readonly code = 'OAUTH.CONSUMER_UNKNOWN';
  constructor() {
    super('A consumer having the specified key does not exist');
  }
}

/** `oauth_timestamp` is not a positive integer within the allowed skew of the server's clock. */
export class TimestampRefusedError extends MalformedError {
  readonly code = 'OAUTH.TIMESTAMP_REFUSED';
  constructor() {
    super('Incorrect timestamp value in the oauth_timestamp parameter');
  }
}

/** `oauth_nonce` is longer than the 255 characters a nonce may have. */
export class NonceInvalidError extends MalformedError {
  readonly code = 'OAUTH.NONCE_INVALID';
  constructor(maxLength: number) {
    super(`The oauth_nonce parameter must be 1 to ${maxLength} characters long.`, { maxLength });
  }
}

/** The consumer already used this nonce (a replayed request). */
export class NonceUsedError extends UnauthenticatedError {
  readonly code = 'OAUTH.NONCE_USED';
  constructor(consumerId: string) {
    super(`The nonce is already being used by the consumer with ID ${consumerId}`, { consumerId });
  }
}

/** The request token was asked for after the exchange window closed (300 s from the credentials POST). */
export class ConsumerExpiredError extends UnauthenticatedError {
  readonly code = 'OAUTH.CONSUMER_EXPIRED';
  constructor() {
    super('Consumer key has expired');
  }
}

/** No token exchange is under way for this consumer (no verifier token). */
export class ConsumerTokenMissingError extends UnauthenticatedError {
  readonly code = 'OAUTH.CONSUMER_TOKEN_MISSING';
  constructor(consumerId: string) {
    super(`A token with consumer ID ${consumerId} does not exist`, { consumerId });
  }
}

/** The consumer's token has already moved past the verifier step (a request token was issued). */
export class TokenNotVerifierError extends UnauthenticatedError {
  readonly code = 'OAUTH.TOKEN_NOT_VERIFIER';
  constructor(consumerId: string) {
    super('Cannot create request token because consumer token is not a verifier token', { consumerId });
  }
}

/** `oauth_token` names no token. */
export class TokenUnknownError extends UnauthenticatedError {
  readonly code = 'OAUTH.TOKEN_UNKNOWN';
  constructor() {
    super('Specified token does not exist');
  }
}

/** The request token belongs to another consumer. */
export class RequestTokenConsumerMismatchError extends UnauthenticatedError {
  readonly code = 'OAUTH.REQUEST_TOKEN_CONSUMER_MISMATCH';
  constructor() {
    super('Request token is not associated with the specified consumer');
  }
}

/** The request token was already exchanged for an access token. */
export class TokenAlreadyUsedError extends UnauthenticatedError {
  readonly code = 'OAUTH.TOKEN_USED';
  constructor() {
    super('Token is already being used');
  }
}

/** `oauth_verifier` does not match the verifier posted to the integration. */
export class VerifierInvalidError extends UnauthenticatedError {
  readonly code = 'OAUTH.VERIFIER_INVALID';
  constructor() {
    super('Verifier is invalid');
  }
}

/** `oauth_verifier` is not 32 characters long. */
export class VerifierLengthError extends UnauthenticatedError {
  readonly code = 'OAUTH.VERIFIER_LENGTH';
  constructor() {
    super('Verifier is not the correct length');
  }
}

/** `oauth_signature` is not the HMAC of the request under the consumer's and token's secrets. */
export class SignatureInvalidError extends UnauthenticatedError {
  readonly code = 'OAUTH.SIGNATURE_INVALID';
  constructor() {
    super('The signature is invalid. Verify and try again.');
  }
}

/** An API call carries a token that is not an access token. */
export class TokenNotAccessError extends UnauthenticatedError {
  readonly code = 'OAUTH.TOKEN_NOT_ACCESS';
  constructor() {
    super('Token is not an access token');
  }
}

/** An API call carries a revoked access token. */
export class AccessTokenRevokedError extends UnauthenticatedError {
  readonly code = 'OAUTH.TOKEN_REVOKED';
  constructor() {
    super('Access token has been revoked');
  }
}

/** An API call carries another consumer's access token. */
export class AccessTokenConsumerMismatchError extends UnauthenticatedError {
  readonly code = 'OAUTH.TOKEN_CONSUMER_MISMATCH';
  constructor() {
    super('Token is not associated with the specified consumer');
  }
}

/** A correctly signed API call of an integration that is not active (Magento only accepts status 1). */
export class IntegrationInactiveError extends UnauthenticatedError {
  readonly code = 'OAUTH.INTEGRATION_INACTIVE';
  constructor() {
    super('The integration of this consumer is not active. An administrator must activate it.');
  }
}

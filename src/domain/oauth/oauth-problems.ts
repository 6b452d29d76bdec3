import { MalformedError, malformedError, UnauthenticatedError, unauthenticatedError } from '../kernel/domain-error';
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
export class TokenLengthInvalidError extends malformedError('OAUTH.TOKEN_LENGTH_INVALID', 'The token length is invalid. Check the length and try again.') {}

/** `oauth_consumer_key` is not 32 characters long. */
export class ConsumerKeyLengthError extends unauthenticatedError('OAUTH.CONSUMER_KEY_LENGTH', 'Consumer key is not the correct length') {}

/**
 * The integration's credentials are past their expiry (`CredentialPolicy.expiresAt`), or this
 * access token was replaced and its grace period is over.
 */
export class AccessTokenExpiredError extends unauthenticatedError('OAUTH.TOKEN_EXPIRED', 'The access token has expired') {}

/** No integration has this consumer key. */
export class ConsumerUnknownError extends unauthenticatedError('OAUTH.CONSUMER_UNKNOWN', 'A consumer having the specified key does not exist') {}

/** `oauth_timestamp` is not a positive integer within the allowed skew of the server's clock. */
export class TimestampRefusedError extends malformedError('OAUTH.TIMESTAMP_REFUSED', 'Incorrect timestamp value in the oauth_timestamp parameter') {}

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
export class ConsumerExpiredError extends unauthenticatedError('OAUTH.CONSUMER_EXPIRED', 'Consumer key has expired') {}

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
export class TokenUnknownError extends unauthenticatedError('OAUTH.TOKEN_UNKNOWN', 'Specified token does not exist') {}

/** The request token belongs to another consumer. */
export class RequestTokenConsumerMismatchError extends unauthenticatedError('OAUTH.REQUEST_TOKEN_CONSUMER_MISMATCH', 'Request token is not associated with the specified consumer') {}

/** The request token was already exchanged for an access token. */
export class TokenAlreadyUsedError extends unauthenticatedError('OAUTH.TOKEN_USED', 'Token is already being used') {}

/** `oauth_verifier` does not match the verifier posted to the integration. */
export class VerifierInvalidError extends unauthenticatedError('OAUTH.VERIFIER_INVALID', 'Verifier is invalid') {}

/** `oauth_verifier` is not 32 characters long. */
export class VerifierLengthError extends unauthenticatedError('OAUTH.VERIFIER_LENGTH', 'Verifier is not the correct length') {}

/** `oauth_signature` is not the HMAC of the request under the consumer's and token's secrets. */
export class SignatureInvalidError extends unauthenticatedError('OAUTH.SIGNATURE_INVALID', 'The signature is invalid. Verify and try again.') {}

/** An API call carries a token that is not an access token. */
export class TokenNotAccessError extends unauthenticatedError('OAUTH.TOKEN_NOT_ACCESS', 'Token is not an access token') {}

/** An API call carries a revoked access token. */
export class AccessTokenRevokedError extends unauthenticatedError('OAUTH.TOKEN_REVOKED', 'Access token has been revoked') {}

/** An API call carries another consumer's access token. */
export class AccessTokenConsumerMismatchError extends unauthenticatedError('OAUTH.TOKEN_CONSUMER_MISMATCH', 'Token is not associated with the specified consumer') {}

/** A correctly signed API call of an integration that is not active (Magento only accepts status 1). */
export class IntegrationInactiveError extends unauthenticatedError('OAUTH.INTEGRATION_INACTIVE', 'The integration of this consumer is not active. An administrator must activate it.') {}

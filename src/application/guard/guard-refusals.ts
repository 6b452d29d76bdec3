import { DomainError } from '../../domain/kernel/domain-error';
import { type RefusalReason } from '../../domain/usage/usage';

/*
 * What the usage per integration and the metrics need to know of a refused call, and the error
 * alone does not say: whose call it was (the integration, once an authenticator has identified
 * it), and the reason among the fixed few (REFUSAL_REASONS).
 */

/** Where a refusal keeps the integration it concerns: a non-enumerable own property, so logs and JSON of the error are unchanged. */
const REFUSED_INTEGRATION = Symbol('portcullis.refusedIntegration');

/**
 * Marks `error`, thrown while authenticating a call of integration `integrationId`, as that
 * integration's refusal, so the call counts in its usage. The first mark stays (the innermost
 * code knows best). Only refused calls pay for it.
 * @returns `error`, for `throw refusalOf(error, id)`
 */
export function refusalOf<E>(error: E, integrationId: string): E {
  if (typeof error === 'object' && error !== null && Object.isExtensible(error) && !Object.prototype.hasOwnProperty.call(error, REFUSED_INTEGRATION)) {
    Object.defineProperty(error, REFUSED_INTEGRATION, { value: integrationId, enumerable: false, configurable: false, writable: false });
  }
  return error;
}

/** The integration a refusal was marked with (`refusalOf`), or null when the caller was never identified (an unknown consumer key, no credential). */
export function refusedIntegrationOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const id = (error as { [REFUSED_INTEGRATION]?: unknown })[REFUSED_INTEGRATION];
  return typeof id === 'string' ? id : null;
}

/** The codes that have a reason of their own; other refusals take the reason of their kind. */
const REASON_BY_CODE: ReadonlyMap<string, RefusalReason> = new Map<string, RefusalReason>([
  ['OAUTH.SIGNATURE_INVALID', 'signature'],
  ['OAUTH.NONCE_USED', 'nonce'],
  ['OAUTH.NONCE_INVALID', 'nonce'],
  ['OAUTH.TIMESTAMP_REFUSED', 'timestamp'],
  ['OAUTH.TOKEN_REVOKED', 'revoked'],
  ['OAUTH.INTEGRATION_INACTIVE', 'inactive'],
  ['GUARD.UNAUTHENTICATED', 'unauthenticated'],
  ['OAUTH.TOKEN_EXPIRED', 'expired'],
  ['GUARD.ADDRESS_NOT_ALLOWED', 'address'],
  ['GUARD.RATE_LIMITED', 'rate_limited'],
  ['GUARD.READ_ONLY', 'read_only'],
]);

/**
 * The reason of a failed authorization: by code where one has its own (signature, nonce,
 * timestamp, revoked, inactive, no credential), else by kind (unauthenticated → token, forbidden,
 * malformed, unavailable); an error that is no refusal is `unavailable` when `isUnavailable`
 * recognises a storage outage, else `error`.
 */
export function refusalReasonOf(error: unknown, isUnavailable: (error: unknown) => boolean): RefusalReason {
  if (error instanceof DomainError) {
    const byCode = REASON_BY_CODE.get(error.code);
    if (byCode !== undefined) return byCode;
    switch (error.kind) {
      case 'unauthenticated':
        return 'token';
      case 'forbidden':
        return 'forbidden';
      case 'malformed':
        return 'malformed';
      case 'unavailable':
        return 'unavailable';
      default:
        break;
    }
  }
  return isUnavailable(error) ? 'unavailable' : 'error';
}

import { injectionToken } from '../../domain/kernel/injection-token';

/** How the OAuth 1.0a side behaves (docs/oauth.md); every field has Magento's default or ours where stricter. */
export interface OAuthSettings {
  /** Accept HMAC-SHA1 signatures besides HMAC-SHA256 (Magento 2.4.4 dropped it silently; we keep it, switchable). */
  readonly allowSha1: boolean;
  /** `oauth_timestamp` may differ from the server's clock by this much, either way. */
  readonly timestampSkewSeconds: number;
  /** The request token must be asked for within this long after the credentials POST. */
  readonly exchangeWindowSeconds: number;
  /** Timeout of the credentials POST to the integration's callback URL. */
  readonly callbackTimeoutMs: number;
  /** Verifier and request tokens of unfinished handshakes are purged after this long. */
  readonly unfinishedTokenLifetimeSeconds: number;
}

export const DEFAULT_OAUTH_SETTINGS: OAuthSettings = Object.freeze({
  allowSha1: true,
  timestampSkewSeconds: 600,
  exchangeWindowSeconds: 300,
  callbackTimeoutMs: 5000,
  unfinishedTokenLifetimeSeconds: 7200,
});

export const OAUTH_SETTINGS = injectionToken<OAuthSettings>('OAuthSettings');

/**
 * How long a spent nonce is kept beyond the timestamp window (by the Redis key's expiry and by the
 * purge). The guard judges `oauth_timestamp` first and spends the nonce only after the integration
 * and token lookups, so a request accepted in the window's last second spends its nonce, and must
 * find the first use of it, a moment after the window closed; the margin covers that moment.
 */
export const NONCE_RETENTION_MARGIN_SECONDS = 60;

/** Magento's lengths of consumer keys, tokens and verifiers. */
export const CREDENTIAL_LENGTH = 32;
/** The longest nonce the store keeps (its key column). */
export const MAX_NONCE_LENGTH = 255;

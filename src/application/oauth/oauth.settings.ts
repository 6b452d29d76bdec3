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

/** Magento's lengths of consumer keys, tokens and verifiers. */
export const CREDENTIAL_LENGTH = 32;
/** The longest nonce the store keeps (its key column). */
export const MAX_NONCE_LENGTH = 255;

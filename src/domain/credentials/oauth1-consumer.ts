/**
 * An OAuth 1.0a consumer (docs/oauth.md): the key that names the integration in every signed
 * request and the secret that signs them. Issued when the integration is created; it stays through
 * activation, reauthorization and revocation (only the tokens change).
 */
export interface OAuth1Consumer {
  readonly kind: 'oauth1';
  readonly key: string;
  /** Clear text in the domain; adapters store it encrypted. */
  readonly secret: string;
}

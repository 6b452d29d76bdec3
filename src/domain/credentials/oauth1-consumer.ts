/**
 * An OAuth 1.0a consumer (docs/oauth.md): the key that names the integration in every signed
 * request and the secret that signs them. Issued when the integration is created; it stays through
 * activation, reauthorization and revocation (only the tokens change) until its secret is rotated.
 */
export interface OAuth1Consumer {
  readonly kind: 'oauth1';
  readonly key: string;
  /** Clear text in the domain; adapters store it encrypted. */
  readonly secret: string;
  /**
   * The secret before the last rotation, still accepted until `until` (the rotation's grace
   * period); absent when there was none or it ended early (a revocation).
   */
  readonly previous?: PreviousSecret;
}

/** A rotated-out secret and the end of its grace period. */
export interface PreviousSecret {
  readonly secret: string;
  readonly until: Date;
}

/** The secrets a signature may use at `now`: the current one, then the previous one within its grace. */
export function acceptedSecretsOf(consumer: OAuth1Consumer, now: number): readonly string[] {
  const previous = consumer.previous;
  return previous !== undefined && now < previous.until.getTime() ? [consumer.secret, previous.secret] : [consumer.secret];
}

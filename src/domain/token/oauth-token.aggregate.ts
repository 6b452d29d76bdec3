import { TokenAlreadyUsedError, TokenNotVerifierError } from '../oauth/oauth-problems';
import { AggregateRoot } from '../kernel/aggregate-root';
import { type OAuthTokenEvent } from './oauth-token.events';

/**
 * OAuth 1.0a tokens of an integration. `verifier` and `request` exist only during the token
 * exchange; an `access` token authenticates API calls until it is revoked or replaced.
 */
export type OAuthTokenType = 'verifier' | 'request' | 'access';

export interface OAuthTokenSnapshot {
  readonly id: string;
  readonly integrationId: string;
  readonly type: OAuthTokenType;
  readonly token: string;
  /** Clear text in the domain; adapters store it encrypted. */
  readonly secret: string;
  readonly verifier: string | null;
  readonly revoked: boolean;
  /**
   * An access token replaced with a grace period works until then (null: until revoked or
   * replaced without grace).
   */
  readonly expiresAt: Date | null;
  readonly createdAt: Date;
}

export interface NewOAuthToken {
  readonly id: string;
  readonly integrationId: string;
  readonly token: string;
  readonly secret: string;
  readonly now: Date;
}

/** A fresh token value and its secret. */
export interface TokenValue {
  readonly token: string;
  readonly secret: string;
}

/** Records what happens to access tokens (`OAuthTokenEvent`, src/domain/token/oauth-token.events.ts). */
export class OAuthToken extends AggregateRoot<OAuthTokenSnapshot, OAuthTokenEvent> {
  private constructor(state: OAuthTokenSnapshot) {
    super(state);
  }

  /** An access token issued at once (local activation or reauthorization). */
  static issueAccessToken(input: NewOAuthToken): OAuthToken {
    const token = new OAuthToken({
      id: input.id,
      integrationId: input.integrationId,
      type: 'access',
      token: input.token,
      secret: input.secret,
      verifier: null,
      revoked: false,
      expiresAt: null,
      createdAt: input.now,
    });
    token.record('AccessTokenIssued', input.now, { integrationId: input.integrationId, via: 'local' });
    return token;
  }

  /**
   * The first step of the token exchange (docs/oauth.md §1): created when the credentials are posted to
   * the integration's callback URL; its `verifier` is posted along and must come back with the
   * request token. The caller replaces any earlier token of the integration.
   */
  static issueVerifier(input: NewOAuthToken & { readonly verifier: string }): OAuthToken {
    return new OAuthToken({
      id: input.id,
      integrationId: input.integrationId,
      type: 'verifier',
      token: input.token,
      secret: input.secret,
      verifier: input.verifier,
      revoked: false,
      expiresAt: null,
      createdAt: input.now,
    });
  }

  /** Rebuilds a stored token; records nothing. */
  static restore(snapshot: OAuthTokenSnapshot): OAuthToken {
    return new OAuthToken({ ...snapshot });
  }

  toSnapshot(): OAuthTokenSnapshot {
    return { ...this.state };
  }

  get integrationId(): string {
    return this.state.integrationId;
  }
  get type(): OAuthTokenType {
    return this.state.type;
  }
  get token(): string {
    return this.state.token;
  }
  get secret(): string {
    return this.state.secret;
  }
  get isRevoked(): boolean {
    return this.state.revoked;
  }
  get verifier(): string | null {
    return this.state.verifier;
  }
  get createdAt(): Date {
    return this.state.createdAt;
  }
  get expiresAt(): Date | null {
    return this.state.expiresAt;
  }

  /** An access token past the end of its grace period (`expiresAt`). */
  isExpired(now: number): boolean {
    return this.state.expiresAt !== null && now >= this.state.expiresAt.getTime();
  }

  /** Still authenticates: an access token neither revoked nor past its grace period. */
  isUsable(now: number): boolean {
    return this.state.type === 'access' && !this.state.revoked && !this.isExpired(now);
  }

  /**
   * Replaced by a new access token with a grace period: it keeps working until `until` (or its
   * earlier end), then is refused as expired.
   */
  retireAt(until: Date): void {
    const end = this.state.expiresAt !== null && this.state.expiresAt.getTime() < until.getTime() ? this.state.expiresAt : until;
    this.state = { ...this.state, expiresAt: end };
  }

  /**
   * `POST /oauth/token/request`: the verifier token becomes the request token, in place (Magento
   * keeps one row per integration), with a new value and secret; the verifier is kept.
   * @throws TokenNotVerifierError when this token is not a verifier token
   */
  exchangeForRequestToken(replacement: TokenValue, now: Date): void {
    if (this.state.type !== 'verifier') throw new TokenNotVerifierError(this.state.integrationId);
    this.state = { ...this.state, type: 'request', token: replacement.token, secret: replacement.secret, createdAt: now };
  }

  /**
   * `POST /oauth/token/access`: the request token becomes the access token, in place, with a new
   * value and secret.
   * @throws TokenAlreadyUsedError when this token is not a request token
   */
  exchangeForAccessToken(replacement: TokenValue, now: Date): void {
    if (this.state.type !== 'request') throw new TokenAlreadyUsedError();
    this.state = { ...this.state, type: 'access', token: replacement.token, secret: replacement.secret, verifier: null, createdAt: now };
    this.record('AccessTokenIssued', now, { integrationId: this.state.integrationId, via: 'token-exchange' });
  }

  /**
   * The token stops authenticating; it stays for the audit trail until its integration goes.
   * `AccessTokenRevoked` is recorded for an access token not revoked yet.
   */
  revoke(now: Date): void {
    if (this.state.type === 'access' && !this.state.revoked) this.record('AccessTokenRevoked', now, { integrationId: this.state.integrationId });
    this.state = { ...this.state, revoked: true };
  }
}

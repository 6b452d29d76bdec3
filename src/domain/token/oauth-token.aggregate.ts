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
  readonly createdAt: Date;
}

export interface NewOAuthToken {
  readonly id: string;
  readonly integrationId: string;
  readonly token: string;
  readonly secret: string;
  readonly now: Date;
}

export class OAuthToken {
  private constructor(private state: OAuthTokenSnapshot) {}

  /** An access token issued at once (local activation or reauthorization). */
  static issueAccessToken(input: NewOAuthToken): OAuthToken {
    return new OAuthToken({
      id: input.id,
      integrationId: input.integrationId,
      type: 'access',
      token: input.token,
      secret: input.secret,
      verifier: null,
      revoked: false,
      createdAt: input.now,
    });
  }

  static restore(snapshot: OAuthTokenSnapshot): OAuthToken {
    return new OAuthToken({ ...snapshot });
  }

  toSnapshot(): OAuthTokenSnapshot {
    return { ...this.state };
  }

  get id(): string {
    return this.state.id;
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

  /** The token stops authenticating; it stays for the audit trail until its integration goes. */
  revoke(): void {
    this.state = { ...this.state, revoked: true };
  }
}

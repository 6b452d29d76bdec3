/**
 * Third-party clients as they really are: the `oauth` package (0.10) doing its own HTTP, and
 * `oauth-1.0a` signing headers sent with fetch. Tests drive the handshake and signed calls with
 * them, never with Portcullis's own signature code.
 */
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import OAuth1a from 'oauth-1.0a';

export type SignatureMethod = 'HMAC-SHA256' | 'HMAC-SHA1';

export interface TokenPairJson {
  readonly token: string;
  readonly secret: string;
}

/** The answer of a call made by a client library. */
export interface ClientAnswer {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

interface OAuthLibResponse {
  readonly statusCode?: number;
  readonly headers: Record<string, string | string[] | undefined>;
}
type OAuthLibCallback = (error: { statusCode: number; data?: string } | null, ...rest: unknown[]) => void;
interface OAuthLibClient {
  getOAuthRequestToken(extraParams: Record<string, string>, callback: OAuthLibCallback): void;
  getOAuthAccessToken(token: string, secret: string, verifier: string, callback: OAuthLibCallback): void;
  get(url: string, token: string, secret: string, callback: OAuthLibCallback): void;
}
/** The constructor of the untyped `oauth` package's OAuth class, typed by the parts a test touches. */
export type OAuthPackageConstructor<Client> = new (
  requestUrl: string | null,
  accessUrl: string | null,
  consumerKey: string,
  consumerSecret: string,
  version: string,
  authorizeCallback: string | null,
  signatureMethod: string,
) => Client;

/** The `oauth` package's OAuth class (it ships no typings). */
export function oauthPackage<Client>(): OAuthPackageConstructor<Client> {
  return (createRequire(__filename)('oauth') as { OAuth: OAuthPackageConstructor<Client> }).OAuth;
}

const OAuthLib = oauthPackage<OAuthLibClient>();

/** A third party using the `oauth` package against a Portcullis at `baseUrl` (its `store_base_url`). */
export class OauthPackageClient {
  private readonly client: OAuthLibClient;

  constructor(storeBaseUrl: string, consumerKey: string, consumerSecret: string, signatureMethod: SignatureMethod) {
    this.client = new OAuthLib(`${storeBaseUrl}oauth/token/request`, `${storeBaseUrl}oauth/token/access`, consumerKey, consumerSecret, '1.0', null, signatureMethod);
  }

  /** @throws an Error carrying the status and body when refused */
  requestToken(): Promise<TokenPairJson> {
    return new Promise((resolve, reject) =>
      this.client.getOAuthRequestToken({}, (error, token, secret) => {
        if (error !== null) reject(new Error(`request token refused: ${error.statusCode} ${error.data ?? ''}`));
        else resolve({ token: token as string, secret: secret as string });
      }),
    );
  }

  /** @throws an Error carrying the status and body when refused */
  accessToken(requestToken: TokenPairJson, verifier: string): Promise<TokenPairJson> {
    return new Promise((resolve, reject) =>
      this.client.getOAuthAccessToken(requestToken.token, requestToken.secret, verifier, (error, token, secret) => {
        if (error !== null) reject(new Error(`access token refused: ${error.statusCode} ${error.data ?? ''}`));
        else resolve({ token: token as string, secret: secret as string });
      }),
    );
  }

  /** A signed GET; refusals are answers too. */
  get(url: string, access: TokenPairJson): Promise<ClientAnswer> {
    return new Promise((resolve) =>
      this.client.get(url, access.token, access.secret, (error, data, response) => {
        const headers = (response as OAuthLibResponse | undefined)?.headers ?? {};
        const contentType = String(headers['content-type'] ?? '');
        if (error !== null) resolve({ status: error.statusCode, body: error.data ?? '', contentType });
        else resolve({ status: 200, body: String(data), contentType });
      }),
    );
  }
}

export interface Oauth1aSigning {
  readonly method: string;
  /** Absolute URL as the client calls it (query included). */
  readonly url: string;
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly token?: string;
  readonly tokenSecret?: string;
  readonly signatureMethod?: SignatureMethod;
  /** Fields of an `application/x-www-form-urlencoded` body (signed). */
  readonly form?: Readonly<Record<string, string>>;
  /** Further protocol parameters, signed and sent in the header (e.g. `oauth_verifier`). */
  readonly oauthParams?: Readonly<Record<string, string>>;
  readonly nonce?: string;
  /** Seconds since the epoch (default now). */
  readonly timestamp?: number;
}

/** The `Authorization` header `oauth-1.0a` produces for a request. */
export function oauth1aHeader(signing: Oauth1aSigning): string {
  const signatureMethod = signing.signatureMethod ?? 'HMAC-SHA256';
  const algorithm = signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256';
  const client = new OAuth1a({
    consumer: { key: signing.consumerKey, secret: signing.consumerSecret },
    signature_method: signatureMethod,
    hash_function: (base, key) => createHmac(algorithm, key).update(base).digest('base64'),
  });
  if (signing.nonce !== undefined) client.getNonce = () => signing.nonce ?? '';
  if (signing.timestamp !== undefined) client.getTimeStamp = () => signing.timestamp ?? 0;
  const token = signing.token !== undefined ? { key: signing.token, secret: signing.tokenSecret ?? '' } : undefined;
  const authorized = client.authorize({ url: signing.url, method: signing.method, data: { ...signing.form, ...signing.oauthParams } }, token);
  return client.toHeader({ ...authorized, ...signing.oauthParams }).Authorization;
}

/** Sends a request signed by `oauth-1.0a` with fetch (a real socket). */
export async function fetchSigned(signing: Oauth1aSigning, authorization = oauth1aHeader(signing)): Promise<ClientAnswer> {
  const body = signing.form !== undefined ? new URLSearchParams(signing.form as Record<string, string>).toString() : undefined;
  const response = await fetch(signing.url, {
    method: signing.method,
    headers: { authorization, ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') ?? '' };
}

/** `oauth_token=…&oauth_token_secret=…` parsed. */
export function tokenPairOf(body: string): TokenPairJson {
  const fields = new URLSearchParams(body);
  return { token: fields.get('oauth_token') ?? '', secret: fields.get('oauth_token_secret') ?? '' };
}

/** The message of an `oauth_problem=…` answer. */
export function problemOf(body: string): string | null {
  return new URLSearchParams(body).get('oauth_problem');
}

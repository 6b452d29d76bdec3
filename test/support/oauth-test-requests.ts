/**
 * OAuth 1.0a requests as the application layer receives them (ConsumerRequestInput), signed by
 * the `oauth-1.0a` library (never by Portcullis's own signature code), with timestamps from the
 * test core's FixedClock; plus a token exchange that records the credentials POST, so tests can
 * play the third party of the handshake against the use cases resolved from the container.
 */
import { type Container } from 'inversify';
import { AuthorizeIntegrationCall } from '../../src/application/oauth/authorize-integration-call.use-case';
import { ConsumerRequestChecks, type ConsumerRequestInput } from '../../src/application/oauth/consumer-request';
import { IssueAccessToken } from '../../src/application/oauth/issue-access-token.use-case';
import { IssueRequestToken } from '../../src/application/oauth/issue-request-token.use-case';
import { DEFAULT_OAUTH_SETTINGS, OAUTH_SETTINGS, type OAuthSettings } from '../../src/application/oauth/oauth.settings';
import { PurgeOAuthLeftovers } from '../../src/application/oauth/purge-oauth-leftovers.use-case';
import { type TokenPair } from '../../src/application/oauth/token-pair';
import { type TokenExchange } from '../../src/application/ports/token-exchange.port';
import { type CreateIntegrationInput } from '../../src/application/use-cases/integrations/create-integration.use-case';
import { RevokeIntegration } from '../../src/application/use-cases/integrations/revoke-integration.use-case';
import { type Integration } from '../../src/domain/integration/integration.aggregate';
import { HANDSHAKE_URLS, anIntegration, identityLinkOf } from './integration-fixtures';
import { oauth1aHeader, type SignatureMethod } from './oauth-clients';
import { type TestCore } from './test-core';

/** The public base URL the test requests are signed for. */
export const PORTCULLIS_BASE_URL = 'https://portcullis.test';
export const REQUEST_TOKEN_PATH = '/oauth/token/request';
export const ACCESS_TOKEN_PATH = '/oauth/token/access';
export const API_PATH = '/rest/V1/orders';

/** An integration's OAuth consumer as the third party knows it. */
export interface ConsumerCredentials {
  readonly key: string;
  readonly secret: string;
}

export interface SignedRequestOptions {
  readonly consumer: ConsumerCredentials;
  readonly path: string;
  /** Default POST. */
  readonly method?: string;
  /** Raw query, without `?` (signed). */
  readonly rawQuery?: string;
  /** `application/x-www-form-urlencoded` fields (signed, sent as formBody). */
  readonly form?: Readonly<Record<string, string>>;
  /** `oauth_token` and the secret the signature uses with the consumer secret. */
  readonly token?: TokenPair;
  /** `oauth_verifier` (signed, sent in the header). */
  readonly verifier?: string;
  /** Default a fresh one. */
  readonly nonce?: string;
  /** Seconds since the epoch; default the test clock's now. */
  readonly timestamp?: number;
  /** Default HMAC-SHA256. */
  readonly signatureMethod?: SignatureMethod;
}

/** The test clock's now in whole seconds since the epoch (what a well-synchronised client sends). */
export function nowSeconds(core: TestCore): number {
  return Math.floor(core.clock.now().getTime() / 1000);
}

let nonces = 0;
/** A nonce no earlier call returned. */
export function freshNonce(): string {
  nonces += 1;
  return `nonce${nonces}`;
}

/** A request signed by `oauth-1.0a` as the HTTP edge hands it to the use cases. */
export function signedRequest(core: TestCore, options: SignedRequestOptions): ConsumerRequestInput {
  const method = options.method ?? 'POST';
  const rawQuery = options.rawQuery ?? '';
  const authorization = oauth1aHeader({
    method,
    url: `${PORTCULLIS_BASE_URL}${options.path}${rawQuery === '' ? '' : `?${rawQuery}`}`,
    consumerKey: options.consumer.key,
    consumerSecret: options.consumer.secret,
    ...(options.token !== undefined ? { token: options.token.token, tokenSecret: options.token.secret } : {}),
    ...(options.signatureMethod !== undefined ? { signatureMethod: options.signatureMethod } : {}),
    ...(options.form !== undefined ? { form: options.form } : {}),
    ...(options.verifier !== undefined ? { oauthParams: { oauth_verifier: options.verifier } } : {}),
    nonce: options.nonce ?? freshNonce(),
    timestamp: options.timestamp ?? nowSeconds(core),
  });
  return {
    method,
    baseUrl: PORTCULLIS_BASE_URL,
    path: options.path,
    rawQuery,
    ...(options.form !== undefined ? { formBody: new URLSearchParams(options.form as Record<string, string>).toString() } : {}),
    authorization,
  };
}

/** The `name="value"` pairs of an `OAuth` header, values as written (percent-encoded). */
export function headerParameters(authorization: string): Array<[string, string]> {
  return authorization
    .replace(/^OAuth\s+/, '')
    .split(/,\s*/)
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^([^=]+)="(.*)"$/.exec(part);
      if (match === null) throw new Error(`not a name="value" pair: ${part}`);
      return [match[1] ?? '', match[2] ?? ''];
    });
}

/**
 * The header with one parameter set to `value` (written as given: pass it percent-encoded),
 * appended when absent, or removed when `value` is null. The signature is left as it was.
 */
export function withHeaderParameter(authorization: string, name: string, value: string | null): string {
  const parameters = headerParameters(authorization);
  const index = parameters.findIndex(([candidate]) => candidate === name);
  if (value === null) {
    if (index >= 0) parameters.splice(index, 1);
  } else if (index >= 0) {
    parameters[index] = [name, value];
  } else {
    parameters.push([name, value]);
  }
  return `OAuth ${parameters.map(([key, written]) => `${key}="${written}"`).join(', ')}`;
}

/** The request with its `Authorization` header changed by `withHeaderParameter`. */
export function withParameter(request: ConsumerRequestInput, name: string, value: string | null): ConsumerRequestInput {
  return { ...request, authorization: withHeaderParameter(request.authorization ?? '', name, value) };
}

/** What the credentials POST carried to an integration's callback URL. */
export interface CredentialsPost {
  readonly integrationId: string;
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly verifier: string;
}

/**
 * A token exchange that records each credentials POST (as the third party receives it) and then
 * runs `onPost` — by default it answers 2xx; set `onPost` to fail, or to play a third party that
 * already asks for its request token before answering.
 */
export class RecordingExchange implements TokenExchange {
  readonly posts: CredentialsPost[] = [];
  onPost: (post: CredentialsPost) => Promise<void> = () => Promise.resolve();

  identityLinkFor(integration: Integration): Promise<string> {
    return Promise.resolve(identityLinkOf(integration));
  }

  async sendCredentials(integration: Integration, verifier: string): Promise<void> {
    const post = { integrationId: integration.id, consumerKey: integration.credentials.require('oauth1').key, consumerSecret: integration.credentials.require('oauth1').secret, verifier };
    this.posts.push(post);
    await this.onPost(post);
  }

  /** The latest POST for an integration. */
  lastFor(integrationId: string): CredentialsPost {
    const post = [...this.posts].reverse().find((candidate) => candidate.integrationId === integrationId);
    if (post === undefined) throw new Error(`no credentials POST for ${integrationId}`);
    return post;
  }
}

/** `override` for testCore: OAuth settings other than the defaults. */
export function withOAuthSettings(settings: Partial<OAuthSettings>): (container: Container) => void {
  return (container) => container.rebindSync(OAUTH_SETTINGS).toConstantValue({ ...DEFAULT_OAUTH_SETTINGS, ...settings });
}

/** The OAuth use cases as the composition root wires them. */
export function oauthUseCases(core: TestCore): {
  checks: ConsumerRequestChecks;
  requestToken: IssueRequestToken;
  accessToken: IssueAccessToken;
  authorizeCall: AuthorizeIntegrationCall;
  purge: PurgeOAuthLeftovers;
  revoke: RevokeIntegration;
} {
  const { container } = core;
  return {
    checks: container.get(ConsumerRequestChecks),
    requestToken: container.get(IssueRequestToken),
    accessToken: container.get(IssueAccessToken),
    authorizeCall: container.get(AuthorizeIntegrationCall),
    purge: container.get(PurgeOAuthLeftovers),
    revoke: container.get(RevokeIntegration),
  };
}

/** An integration whose handshake the admin started: the credentials POST reached the third party. */
export interface StartedHandshake {
  readonly id: string;
  readonly consumer: ConsumerCredentials;
  readonly verifier: string;
}

/** Creates an integration with both handshake URLs and activates it (the exchange records the POST). */
export async function aStartedHandshake(
  core: TestCore,
  exchange: RecordingExchange,
  overrides: Partial<CreateIntegrationInput> = {},
): Promise<StartedHandshake> {
  const id = await anIntegration(core, { ...HANDSHAKE_URLS, ...overrides });
  await core.portcullis.integrations.activate({ id });
  const post = exchange.lastFor(id);
  return { id, consumer: { key: post.consumerKey, secret: post.consumerSecret }, verifier: post.verifier };
}

/** `POST /oauth/token/request` signed with the consumer secret and an empty token secret. */
export function requestTokenRequest(core: TestCore, consumer: ConsumerCredentials, options: Partial<SignedRequestOptions> = {}): ConsumerRequestInput {
  return signedRequest(core, { consumer, path: REQUEST_TOKEN_PATH, ...options });
}

/** `POST /oauth/token/access` with the request token and verifier, signed with both secrets. */
export function accessTokenRequest(
  core: TestCore,
  consumer: ConsumerCredentials,
  requestToken: TokenPair,
  verifier: string,
  options: Partial<SignedRequestOptions> = {},
): ConsumerRequestInput {
  return signedRequest(core, { consumer, path: ACCESS_TOKEN_PATH, token: requestToken, verifier, ...options });
}

/** A signed API call (GET by default) with the access token. */
export function apiCallRequest(core: TestCore, consumer: ConsumerCredentials, accessToken: TokenPair, options: Partial<SignedRequestOptions> = {}): ConsumerRequestInput {
  return signedRequest(core, { consumer, path: API_PATH, method: 'GET', token: accessToken, ...options });
}

/** An integration whose handshake the third party completed: active, with its access token. */
export interface CompletedHandshake extends StartedHandshake {
  readonly accessToken: TokenPair;
}

/** Runs the whole handshake: activation, request token, access token. */
export async function aCompletedHandshake(
  core: TestCore,
  exchange: RecordingExchange,
  overrides: Partial<CreateIntegrationInput> = {},
): Promise<CompletedHandshake> {
  const started = await aStartedHandshake(core, exchange, overrides);
  const { requestToken, accessToken } = oauthUseCases(core);
  const request = await requestToken.execute(requestTokenRequest(core, started.consumer));
  const access = await accessToken.execute(accessTokenRequest(core, started.consumer, request, started.verifier));
  return { ...started, accessToken: access };
}

/** An integration without handshake URLs, activated locally: active, with its four credentials. */
export async function aLocallyActivatedIntegration(
  core: TestCore,
  overrides: Partial<CreateIntegrationInput> = {},
): Promise<{ id: string; consumer: ConsumerCredentials; accessToken: TokenPair }> {
  const id = await anIntegration(core, overrides);
  const { activation } = await core.portcullis.integrations.activate({ id });
  if (activation.mode !== 'local') throw new Error('expected a local activation');
  const { credentials } = activation;
  return {
    id,
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    accessToken: { token: credentials.accessToken, secret: credentials.accessTokenSecret },
  };
}

/** The nonces the store holds, as `integrationId nonce` strings. */
export function storedNonces(core: TestCore): string[] {
  return [...core.database.tables.nonces.values()].map((row) => `${row.integrationId} ${row.nonce}`);
}

/**
 * Drives the two independent client libraries the wire contract must accept (`oauth` and
 * `oauth-1.0a`) without any network: each call returns what the client would put on the wire,
 * plus the base string the library signed (captured from inside the library).
 */
import { createHmac } from 'node:crypto';
import OAuth1a from 'oauth-1.0a';
import { isFormUrlEncoded } from '../../../../src/domain/oauth/oauth-request';
import { oauthPackage } from '../../../support/oauth-clients';

export type ClientSignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256';

/** A signed request as it leaves the client. */
export interface WireRequest {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  /** Present only for form-encoded bodies, as the HTTP edge would hand it over. */
  readonly formBody?: string;
  readonly authorization: string;
  /** The signature base string the library computed. */
  readonly libraryBaseString: string;
}

export interface ClientRequest {
  readonly signatureMethod: ClientSignatureMethod;
  readonly consumerKey?: string;
  readonly consumerSecret: string;
  readonly token?: string;
  readonly tokenSecret?: string;
  readonly method: string;
  /** Absolute URL handed to the library. */
  readonly url: string;
  /** Form fields sent as an `application/x-www-form-urlencoded` body. */
  readonly body?: Readonly<Record<string, string>>;
}

interface FakeClientRequest {
  on(event: string, listener: unknown): FakeClientRequest;
  write(chunk: string): void;
  end(): void;
}

/** The parts of the untyped `oauth` package's OAuth class these tests touch. */
interface OAuthLibClient {
  _createClient(port: unknown, hostname: string, method: string, path: string, headers: Record<string, string>, ssl?: boolean): FakeClientRequest;
  _createSignature(signatureBase: string, tokenSecret: string | undefined): string;
  _performSecureRequest(
    token: string | null,
    tokenSecret: string | null,
    method: string,
    url: string,
    extraParams: Record<string, string> | null,
    postBody: string | null,
    postContentType: string | null,
    callback: () => void,
  ): unknown;
}

const OAuthLib = oauthPackage<OAuthLibClient>();

function splitTarget(target: string): { path: string; rawQuery: string } {
  const question = target.indexOf('?');
  return question < 0 ? { path: target, rawQuery: '' } : { path: target.slice(0, question), rawQuery: target.slice(question + 1) };
}

/** What the `oauth` package (0.10) sends: its own HTTP client is intercepted at `_createClient`. */
export function sendWithOauthLib(request: ClientRequest): WireRequest {
  const client = new OAuthLib(null, null, request.consumerKey ?? 'ck', request.consumerSecret, '1.0', null, request.signatureMethod);
  let baseString = '';
  const sign = client._createSignature.bind(client);
  client._createSignature = (signatureBase, tokenSecret) => {
    baseString = signatureBase;
    return sign(signatureBase, tokenSecret);
  };
  let sent: { method: string; target: string; headers: Record<string, string> } | null = null;
  let body = '';
  client._createClient = (_port, _hostname, method, target, headers) => {
    sent = { method, target, headers };
    const fake: FakeClientRequest = {
      on: () => fake,
      write: (chunk) => {
        body += chunk;
      },
      end: () => undefined,
    };
    return fake;
  };
  const extraParams = request.body === undefined ? null : { ...request.body };
  client._performSecureRequest(request.token ?? null, request.tokenSecret ?? null, request.method, request.url, extraParams, null, null, () => undefined);
  const captured = sent as { method: string; target: string; headers: Record<string, string> } | null;
  if (captured === null) throw new Error('the oauth library sent nothing');
  const authorization = captured.headers.Authorization;
  if (authorization === undefined) throw new Error('the oauth library sent no Authorization header');
  return {
    method: captured.method,
    ...splitTarget(captured.target),
    ...(isFormUrlEncoded(captured.headers['Content-Type']) ? { formBody: body } : {}),
    authorization,
    libraryBaseString: baseString,
  };
}

/**
 * What a caller of `oauth-1.0a` (2.2) sends: the library signs `url` (which must already be the URL
 * as it goes on the wire) and gives the header; the body is form-encoded with URLSearchParams.
 */
export function sendWithOauth1a(request: ClientRequest): WireRequest {
  const digest = request.signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256';
  let baseString = '';
  const client = new OAuth1a({
    consumer: { key: request.consumerKey ?? 'ck', secret: request.consumerSecret },
    signature_method: request.signatureMethod,
    hash_function: (base, key) => {
      baseString = base;
      return createHmac(digest, key).update(base).digest('base64');
    },
  });
  const token = request.token === undefined ? undefined : { key: request.token, secret: request.tokenSecret ?? '' };
  const data = request.body === undefined ? {} : { ...request.body };
  const authorization = client.toHeader(client.authorize({ url: request.url, method: request.method, data }, token)).Authorization;
  const url = new URL(request.url);
  const target = request.url.slice(request.url.indexOf(url.host) + url.host.length);
  return {
    method: request.method,
    ...splitTarget(target),
    ...(request.body === undefined ? {} : { formBody: new URLSearchParams(request.body).toString() }),
    authorization,
    libraryBaseString: baseString,
  };
}

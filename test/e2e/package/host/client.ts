// How a third party calls the host's API: an OAuth 1.0a request (HMAC-SHA256) signed by the
// `oauth-1.0a` package from the npm registry, sent with fetch.
import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { type IntegrationCredentials } from 'portcullis';

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

export async function callSigned(url: string, credentials: IntegrationCredentials): Promise<Answer> {
  const client = new OAuth({
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    signature_method: 'HMAC-SHA256',
    hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
  });
  const { Authorization } = client.toHeader(client.authorize({ url, method: 'GET' }, { key: credentials.accessToken, secret: credentials.accessTokenSecret }));
  return answerOf(await fetch(url, { headers: { authorization: Authorization } }));
}

export async function callUnsigned(url: string): Promise<Answer> {
  return answerOf(await fetch(url));
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

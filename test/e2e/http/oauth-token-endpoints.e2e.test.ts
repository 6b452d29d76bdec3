import { type LightMyRequestResponse } from 'fastify';
import { type TokenExchange } from '../../../src/application/ports/token-exchange.port';
import { type Integration } from '../../../src/domain/integration/integration.aggregate';
import { describeMysql } from '../../integration/persistence/backends';
import { succeedingExchange } from '../../support/integration-fixtures';
import { oauth1aHeader, tokenPairOf, type Oauth1aSigning, type TokenPairJson } from '../../support/oauth-clients';
import { startTestServer, type BackendKind, type TestServer } from './server-harness';

/**
 * One test per row of docs/oauth.md §4: the status and the exact message of every refusal, answered
 * `application/x-www-form-urlencoded` as `oauth_problem=<message>` by the token endpoints and as
 * the JSON error by API calls. Headers are built by the oauth-1.0a library, then broken on purpose.
 */
const PUBLIC = 'http://portcullis.test';
const REQUEST = '/oauth/token/request';
const ACCESS = '/oauth/token/access';
const API = '/rest/V1/acl/resources';
const HANDSHAKE = { endpoint: 'https://partner.example/hook', identityLinkUrl: 'https://partner.example/login' };
const SERVER_START_TIMEOUT = 60_000;

interface Consumer {
  readonly id: string;
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly verifier: string;
}

function tokenEndpointSuite(kind: BackendKind, mysqlDatabase: string): void {
  let t: TestServer;
  let adminToken: string;
  const posted: Array<Omit<Consumer, 'id'>> = [];
  let counter = 0;
  /** The third party's side without a network: what the credentials POST carries. */
  const exchange: TokenExchange = {
    identityLinkFor: (integration: Integration) => succeedingExchange.identityLinkFor(integration),
    sendCredentials: (integration: Integration, verifier: string) => {
      posted.push({ consumerKey: integration.credentials.require('oauth1').key, consumerSecret: integration.credentials.require('oauth1').secret, verifier });
      return Promise.resolve();
    },
  };

  beforeAll(async () => {
    t = await startTestServer(kind, { mysqlDatabase, config: { publicBaseUrl: PUBLIC }, overrides: { tokenExchange: exchange } });
    adminToken = await t.signIn();
  }, SERVER_START_TIMEOUT);
  afterAll(() => t?.close());

  const now = (): number => Math.floor(t.clock.now().getTime() / 1000);
  /** An integration (Custom: the ACL tree) whose handshake has started: the third party holds its credentials. */
  const aConsumer = async (): Promise<Consumer> => {
    counter += 1;
    const response = await t.call('POST', '/rest/V1/integrations', {
      token: adminToken,
      body: { name: `Row ${counter}`, email: 'dev@partner.example', ...HANDSHAKE, resourceAccess: 'custom', resources: ['Portcullis::acl'], activate: true, currentPassword: t.adminPassword },
    });
    expect(response.statusCode).toBe(201);
    const credentials = posted[posted.length - 1];
    if (credentials === undefined) throw new Error('no credentials were posted');
    return { id: response.json<{ integration: { id: string } }>().integration.id, ...credentials };
  };
  const signing = (consumer: Consumer, path: string, extra: Partial<Oauth1aSigning> = {}): Oauth1aSigning => ({
    method: path === API ? 'GET' : 'POST',
    url: `${PUBLIC}${path}`,
    consumerKey: consumer.consumerKey,
    consumerSecret: consumer.consumerSecret,
    timestamp: now(),
    ...extra,
  });
  const send = (path: string, authorization: string | undefined): Promise<LightMyRequestResponse> =>
    t.call(path === API ? 'GET' : 'POST', path, authorization !== undefined ? { headers: { authorization } } : {});
  const requestTokenOf = async (consumer: Consumer): Promise<TokenPairJson> => {
    const response = await send(REQUEST, oauth1aHeader(signing(consumer, REQUEST)));
    expect(response.statusCode).toBe(200);
    return tokenPairOf(response.body);
  };
  const accessSigning = (consumer: Consumer, requestToken: TokenPairJson, verifier = consumer.verifier): Oauth1aSigning =>
    signing(consumer, ACCESS, { token: requestToken.token, tokenSecret: requestToken.secret, oauthParams: { oauth_verifier: verifier } });
  const accessTokenOf = async (consumer: Consumer): Promise<TokenPairJson> => {
    const response = await send(ACCESS, oauth1aHeader(accessSigning(consumer, await requestTokenOf(consumer))));
    expect(response.statusCode).toBe(200);
    return tokenPairOf(response.body);
  };

  /** A token endpoint's refusal: status, form content type, and the exact message. */
  const expectProblem = (response: LightMyRequestResponse, status: number, message: string): void => {
    expect({ status: response.statusCode, message: new URLSearchParams(response.body).get('oauth_problem') }).toEqual({ status, message });
    expect(response.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(response.body).toMatch(/^oauth_problem=[^&+]*$/);
  };
  /** An API call's refusal: status and the exact message, as JSON. */
  const expectApiProblem = (response: LightMyRequestResponse, status: number, message: string): void => {
    expect({ status: response.statusCode, message: response.json<{ message: string }>().message }).toEqual({ status, message });
  };

  it('answers a request token (200, form-encoded pair) for a correct request: the baseline of the rows below', async () => {
    const response = await send(REQUEST, oauth1aHeader(signing(await aConsumer(), REQUEST)));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(response.body).toMatch(/^oauth_token=[0-9a-z]{32}&oauth_token_secret=[0-9a-z]{32}$/);
  });

  it('oauth_version present and not 1.0: 400 `The "%1" Oauth version isn\'t supported.`', async () => {
    const header = oauth1aHeader(signing(await aConsumer(), REQUEST)).replace('oauth_version="1.0"', 'oauth_version="2.0"');
    expectProblem(await send(REQUEST, header), 400, 'The "2.0" Oauth version isn\'t supported.');
  });

  it('missing parameter(s): 400, Magento\'s message per field, comma-joined', async () => {
    const consumer = await aConsumer();
    expectProblem(
      await send(REQUEST, `OAuth oauth_consumer_key="${consumer.consumerKey}", oauth_nonce="", oauth_version="1.0"`),
      400,
      '"oauth_signature" is required. Enter and try again., "oauth_signature_method" is required. Enter and try again., "oauth_nonce" is required. Enter and try again., "oauth_timestamp" is required. Enter and try again.',
    );
    expectProblem(await send(REQUEST, undefined), 400, [
      'oauth_consumer_key', 'oauth_signature', 'oauth_signature_method', 'oauth_nonce', 'oauth_timestamp',
    ].map((field) => `"${field}" is required. Enter and try again.`).join(', '));
    const requestToken = await requestTokenOf(consumer);
    const withoutVerifier = oauth1aHeader(signing(consumer, ACCESS, { token: requestToken.token, tokenSecret: requestToken.secret }));
    expectProblem(await send(ACCESS, withoutVerifier), 400, '"oauth_verifier" is required. Enter and try again.');
  });

  it('token of the wrong length: 400 `The token length is invalid. Check the length and try again.`', async () => {
    const consumer = await aConsumer();
    const header = oauth1aHeader(signing(consumer, ACCESS, { token: 'short', tokenSecret: 'x', oauthParams: { oauth_verifier: consumer.verifier } }));
    expectProblem(await send(ACCESS, header), 400, 'The token length is invalid. Check the length and try again.');
  });

  it('unsupported signature method: 400 `Signature method %1 is not supported`', async () => {
    const header = oauth1aHeader(signing(await aConsumer(), REQUEST)).replace('oauth_signature_method="HMAC-SHA256"', 'oauth_signature_method="PLAINTEXT"');
    expectProblem(await send(REQUEST, header), 400, 'Signature method PLAINTEXT is not supported');
  });

  it('consumer key of the wrong length: 401 `Consumer key is not the correct length`', async () => {
    const consumer = await aConsumer();
    const header = oauth1aHeader(signing({ ...consumer, consumerKey: `${consumer.consumerKey}x` }, REQUEST));
    expectProblem(await send(REQUEST, header), 401, 'Consumer key is not the correct length');
  });

  it('unknown consumer: 401 `A consumer having the specified key does not exist`', async () => {
    const consumer = await aConsumer();
    const header = oauth1aHeader(signing({ ...consumer, consumerKey: 'z'.repeat(32) }, REQUEST));
    expectProblem(await send(REQUEST, header), 401, 'A consumer having the specified key does not exist');
  });

  it('timestamp more than 600 s in the future or in the past: 400 `Incorrect timestamp value in the oauth_timestamp parameter`', async () => {
    const consumer = await aConsumer();
    for (const timestamp of [now() + 601, now() - 601]) {
      expectProblem(await send(REQUEST, oauth1aHeader(signing(consumer, REQUEST, { timestamp }))), 400, 'Incorrect timestamp value in the oauth_timestamp parameter');
    }
    // At the edge of the window it is accepted.
    expect((await send(REQUEST, oauth1aHeader(signing(consumer, REQUEST, { timestamp: now() - 600 })))).statusCode).toBe(200);
  });

  it('nonce used again: 401 `The nonce is already being used by the consumer with ID %1`', async () => {
    const consumer = await aConsumer();
    const header = oauth1aHeader(signing(consumer, REQUEST, { nonce: 'once-only' }));
    expect((await send(REQUEST, header)).statusCode).toBe(200);
    expectProblem(await send(REQUEST, header), 401, `The nonce is already being used by the consumer with ID ${consumer.id}`);
  });

  it('request token after the exchange window: 401 `Consumer key has expired`', async () => {
    const consumer = await aConsumer();
    t.clock.advance(301);
    try {
      expectProblem(await send(REQUEST, oauth1aHeader(signing(consumer, REQUEST))), 401, 'Consumer key has expired');
    } finally {
      t.clock.advance(-301);
    }
  });

  it('request token unknown: 401 `Specified token does not exist`', async () => {
    const consumer = await aConsumer();
    const header = oauth1aHeader(accessSigning(consumer, { token: 'q'.repeat(32), secret: 'w'.repeat(32) }));
    expectProblem(await send(ACCESS, header), 401, 'Specified token does not exist');
  });

  it('request token of another consumer: 401 `Request token is not associated with the specified consumer`', async () => {
    const consumer = await aConsumer();
    const other = await aConsumer();
    const header = oauth1aHeader(accessSigning(consumer, await requestTokenOf(other)));
    expectProblem(await send(ACCESS, header), 401, 'Request token is not associated with the specified consumer');
  });

  it('request token already exchanged: 401 `Token is already being used`', async () => {
    const consumer = await aConsumer();
    const access = await accessTokenOf(consumer);
    const header = oauth1aHeader(accessSigning(consumer, access));
    expectProblem(await send(ACCESS, header), 401, 'Token is already being used');
  });

  it('verifier wrong: 401 `Verifier is invalid`; of the wrong length: 401 `Verifier is not the correct length`', async () => {
    const consumer = await aConsumer();
    const requestToken = await requestTokenOf(consumer);
    expectProblem(await send(ACCESS, oauth1aHeader(accessSigning(consumer, requestToken, 'v'.repeat(32)))), 401, 'Verifier is invalid');
    expectProblem(await send(ACCESS, oauth1aHeader(accessSigning(consumer, requestToken, 'short'))), 401, 'Verifier is not the correct length');
    // The right verifier still works: the refusals spent nothing.
    expect((await send(ACCESS, oauth1aHeader(accessSigning(consumer, requestToken)))).statusCode).toBe(200);
  });

  it('bad signature: 401 `The signature is invalid. Verify and try again.`', async () => {
    const consumer = await aConsumer();
    expectProblem(await send(REQUEST, oauth1aHeader(signing({ ...consumer, consumerSecret: 'not-the-secret' }, REQUEST))), 401, 'The signature is invalid. Verify and try again.');
    const requestToken = await requestTokenOf(consumer);
    const wrongTokenSecret = oauth1aHeader(accessSigning(consumer, { token: requestToken.token, secret: 'x'.repeat(32) }));
    expectProblem(await send(ACCESS, wrongTokenSecret), 401, 'The signature is invalid. Verify and try again.');
  });

  describe('API calls', () => {
    it('allowed with the access token (200), refused with a request token: 401 `Token is not an access token`', async () => {
      const consumer = await aConsumer();
      const requestToken = await requestTokenOf(consumer);
      const asAccess = oauth1aHeader(signing(consumer, API, { token: requestToken.token, tokenSecret: requestToken.secret }));
      expectApiProblem(await send(API, asAccess), 401, 'Token is not an access token');
      const access = tokenPairOf((await send(ACCESS, oauth1aHeader(accessSigning(consumer, requestToken)))).body);
      expect((await send(API, oauth1aHeader(signing(consumer, API, { token: access.token, tokenSecret: access.secret })))).statusCode).toBe(200);
    });

    it('revoked access token: 401 `Access token has been revoked`', async () => {
      const consumer = await aConsumer();
      const access = await accessTokenOf(consumer);
      expect((await t.call('POST', `/rest/V1/integrations/${consumer.id}/revoke`, { token: adminToken })).statusCode).toBe(200);
      expectApiProblem(await send(API, oauth1aHeader(signing(consumer, API, { token: access.token, tokenSecret: access.secret }))), 401, 'Access token has been revoked');
    });

    it('access token of another consumer: 401 `Token is not associated with the specified consumer`', async () => {
      const consumer = await aConsumer();
      const other = await aConsumer();
      const access = await accessTokenOf(other);
      expectApiProblem(await send(API, oauth1aHeader(signing(consumer, API, { token: access.token, tokenSecret: access.secret }))), 401, 'Token is not associated with the specified consumer');
    });

    it('an access token of the wrong length is 400 (as Magento\'s RestTest expects)', async () => {
      const consumer = await aConsumer();
      expectApiProblem(await send(API, oauth1aHeader(signing(consumer, API, { token: 'short', tokenSecret: 'x' }))), 400, 'The token length is invalid. Check the length and try again.');
    });
  });
}

describe('OAuth token endpoints, docs/oauth.md §4 row by row (SQLite)', () => tokenEndpointSuite('sqlite', 'unused'));
describeMysql('OAuth token endpoints, docs/oauth.md §4 row by row (MariaDB)', () => tokenEndpointSuite('mysql', 'portcullis_test_e2e_oauth_rows'));

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { recreateMysqlDatabase } from '../../../src/infrastructure/tools/migration-tool';
import { describeMysql } from '../../integration/persistence/backends';
import { CALLBACK_SERVER_NETWORKS, CallbackServer } from '../../support/callback-server';
import { spawnServer, type ChildServer } from '../../support/child-server';
import { freePort } from '../../support/free-port';
import { oauth1aHeader, problemOf, tokenPairOf, type Oauth1aSigning, type TokenPairJson } from '../../support/oauth-clients';
import { startTestServer, type TestServer } from './server-harness';

/**
 * docs/oauth.md §3: nonce uniqueness is enforced by a unique key in the database, so it holds across
 * several server processes. Server A runs in this process, server B is a second OS process
 * (`node dist/infrastructure/server/main.js`); both use ONE MariaDB database and the same
 * PUBLIC_BASE_URL, so a request signed once is valid at either of them — and accepted only once.
 */
const ROOT = join(__dirname, '..', '..', '..');
const DATABASE = 'portcullis_test_e2e_oauth_replay';
/** Both servers sign with this base URL; requests are sent to their real ports. */
const PUBLIC_BASE_URL = 'http://portcullis.test';
const ACL = 'Portcullis::acl';
const START_TIMEOUT = 90_000;
const CREDENTIAL = /^[0-9a-z]{32}$/;

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Sends a request to `origin` (a real socket) with the given Authorization header. */
async function send(origin: string, method: string, path: string, authorization: string): Promise<Answer> {
  const response = await fetch(`${origin}${path}`, { method, headers: { authorization } });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
}

describeMysql('A replayed nonce is rejected even when the second request goes to a second server process on the same MariaDB', () => {
  const partner = new CallbackServer();
  const secretKey = AesGcmSecretCipher.generateKey().toString('hex');
  let databaseUrl: string;
  let a: TestServer;
  let originA: string;
  let b: ChildServer | undefined;
  let dataDirB: string;
  let integrationId: string;
  let consumer: { consumerKey: string; consumerSecret: string };
  let access: TokenPairJson;

  /** A signed GET of the ACL tree (an integration-callable route), for the public URL both servers sign with. */
  const aclCall = (nonce: string): string =>
    oauth1aHeader({ method: 'GET', url: `${PUBLIC_BASE_URL}/rest/V1/acl/resources`, ...consumer, token: access.token, tokenSecret: access.secret, nonce });
  const freshNonce = (): string => randomBytes(16).toString('hex');

  beforeAll(async () => {
    const base = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test';
    databaseUrl = base.replace(/\/[^/]*$/, `/${DATABASE}`);
    await recreateMysqlDatabase(databaseUrl);
    await partner.start();
    const portA = await freePort();
    // A migrates the database and creates the first admin; B, started after, finds both done.
    a = await startTestServer('mysql', {
      externalDatabaseUrl: databaseUrl,
      config: { port: portA, host: '127.0.0.1', secretKey, publicBaseUrl: PUBLIC_BASE_URL, outboundAllowedNetworks: CALLBACK_SERVER_NETWORKS },
    });
    originA = `http://127.0.0.1:${portA}`;
    dataDirB = mkdtempSync(join(tmpdir(), 'portcullis-e2e-replay-b-'));
    b = await spawnServer(ROOT, { DATABASE_URL: databaseUrl, PORTCULLIS_SECRET_KEY: secretKey, PUBLIC_BASE_URL }, dataDirB);

    // The handshake, through server A: the callback server captures the credentials; the token
    // endpoints are called with headers signed for the public URL, sent to A's real port.
    const adminToken = await a.signIn();
    const created = await a.call('POST', '/rest/V1/integrations', {
      token: adminToken,
      body: {
        name: 'Replay partner',
        email: 'dev@partner.example',
        endpoint: partner.endpoint,
        identityLinkUrl: partner.identityLinkUrl,
        resourceAccess: 'custom',
        resources: [ACL],
        activate: true,
        currentPassword: a.adminPassword,
      },
    });
    expect(created.statusCode).toBe(201);
    integrationId = created.json<{ integration: { id: string } }>().integration.id;
    const posted = partner.last;
    expect(posted.store_base_url).toBe(`${PUBLIC_BASE_URL}/`);
    consumer = { consumerKey: posted.oauth_consumer_key ?? '', consumerSecret: posted.oauth_consumer_secret ?? '' };

    const requestSigning: Oauth1aSigning = { method: 'POST', url: `${PUBLIC_BASE_URL}/oauth/token/request`, ...consumer };
    const requestAnswer = await send(originA, 'POST', '/oauth/token/request', oauth1aHeader(requestSigning));
    expect(requestAnswer).toMatchObject({ status: 200 });
    const requestToken = tokenPairOf(requestAnswer.body);
    const accessSigning: Oauth1aSigning = {
      method: 'POST',
      url: `${PUBLIC_BASE_URL}/oauth/token/access`,
      ...consumer,
      token: requestToken.token,
      tokenSecret: requestToken.secret,
      oauthParams: { oauth_verifier: posted.oauth_verifier ?? '' },
    };
    const accessAnswer = await send(originA, 'POST', '/oauth/token/access', oauth1aHeader(accessSigning));
    expect(accessAnswer).toMatchObject({ status: 200 });
    access = tokenPairOf(accessAnswer.body);
    expect(access.token).toMatch(CREDENTIAL);
  }, START_TIMEOUT);

  afterAll(async () => {
    await b?.stop();
    await a?.close();
    await partner.stop();
    if (dataDirB !== undefined) rmSync(dataDirB, { recursive: true, force: true });
  });

  const nonceUsed = (answer: Answer): void => {
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'OAUTH.NONCE_USED', message: `The nonce is already being used by the consumer with ID ${integrationId}` });
  };

  it('server B authenticates the integration at all: a fresh nonce is accepted there', async () => {
    const answer = await send(b?.origin ?? '', 'GET', '/rest/V1/acl/resources', aclCall(freshNonce()));
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(ACL);
  });

  it('A accepts a signed call; the identical request sent to B is refused as a replay', async () => {
    const header = aclCall(`replay-a-then-b-${freshNonce()}`);
    const first = await send(originA, 'GET', '/rest/V1/acl/resources', header);
    expect(first.status).toBe(200);
    expect(first.body).toContain(ACL);
    nonceUsed(await send(b?.origin ?? '', 'GET', '/rest/V1/acl/resources', header));
    // And A refuses it too.
    nonceUsed(await send(originA, 'GET', '/rest/V1/acl/resources', header));
  });

  it('the other way round: B accepts, A refuses the replay', async () => {
    const header = aclCall(`replay-b-then-a-${freshNonce()}`);
    const first = await send(b?.origin ?? '', 'GET', '/rest/V1/acl/resources', header);
    expect(first.status).toBe(200);
    nonceUsed(await send(originA, 'GET', '/rest/V1/acl/resources', header));
    nonceUsed(await send(b?.origin ?? '', 'GET', '/rest/V1/acl/resources', header));
  });

  it('the same request sent to both servers at once is accepted exactly once', async () => {
    for (let i = 0; i < 10; i += 1) {
      const header = aclCall(`concurrent-${i}-${freshNonce()}`);
      const answers = await Promise.all([send(originA, 'GET', '/rest/V1/acl/resources', header), send(b?.origin ?? '', 'GET', '/rest/V1/acl/resources', header)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
      nonceUsed(answers.find((answer) => answer.status === 401) as Answer);
    }
  });

  it('nonces differing only in letter case or a trailing space are distinct (the key is exact on MariaDB too)', async () => {
    const nonce = `CaseNonce${freshNonce()}`;
    expect((await send(originA, 'GET', '/rest/V1/acl/resources', aclCall(nonce))).status).toBe(200);
    expect((await send(b?.origin ?? '', 'GET', '/rest/V1/acl/resources', aclCall(nonce.toLowerCase()))).status).toBe(200);
    expect((await send(b?.origin ?? '', 'GET', '/rest/V1/acl/resources', aclCall(`${nonce} `))).status).toBe(200);
    nonceUsed(await send(b?.origin ?? '', 'GET', '/rest/V1/acl/resources', aclCall(nonce)));
  });

  it('a replayed request-token call is refused by the other server in the OAuth wire format', async () => {
    // A token-endpoint request whose nonce was spent by an API call: the nonce store is one per consumer.
    const nonce = `token-endpoint-${freshNonce()}`;
    expect((await send(originA, 'GET', '/rest/V1/acl/resources', aclCall(nonce))).status).toBe(200);
    const header = oauth1aHeader({ method: 'POST', url: `${PUBLIC_BASE_URL}/oauth/token/request`, ...consumer, nonce });
    const answer = await send(b?.origin ?? '', 'POST', '/oauth/token/request', header);
    expect(answer.status).toBe(401);
    expect(answer.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(problemOf(answer.body)).toBe(`The nonce is already being used by the consumer with ID ${integrationId}`);
  });
});

import { describeMysql } from '../../integration/persistence/backends';
import { CALLBACK_SERVER_NETWORKS, CallbackServer } from '../../support/callback-server';
import { freePort } from '../../support/free-port';
import { fetchSigned, oauth1aHeader, OauthPackageClient, tokenPairOf, type SignatureMethod, type TokenPairJson } from '../../support/oauth-clients';
import { startTestServer, type BackendKind, type TestServer } from './server-harness';

/**
 * The whole OAuth 1.0a handshake (docs/oauth.md §1) against a real listening server and a real
 * callback server, driven by the independent client libraries, then signed API calls.
 */
const CREDENTIAL = /^[0-9a-z]{32}$/;
const SERVER_START_TIMEOUT = 60_000;
const ACL = 'Portcullis::acl';

interface IntegrationJson {
  id: string;
  name: string;
  status: string;
}
interface SavedJson {
  integration: IntegrationJson;
  activation: { mode: 'exchange'; identityLinkUrl: string; consumerKey: string } | { mode: 'local'; credentials: Record<string, string> };
}

function handshakeSuite(kind: BackendKind, mysqlDatabase: string): void {
  let t: TestServer;
  let token: string;
  let base: string;
  const partner = new CallbackServer();
  let counter = 0;

  beforeAll(async () => {
    await partner.start();
    const port = await freePort();
    t = await startTestServer(kind, { mysqlDatabase, config: { port, host: '127.0.0.1', outboundAllowedNetworks: CALLBACK_SERVER_NETWORKS } });
    base = `http://127.0.0.1:${port}/`;
    token = await t.signIn();
  }, SERVER_START_TIMEOUT);
  afterEach(() => {
    partner.status = 200;
    partner.onCredentials = null;
  });
  afterAll(async () => {
    await t?.close();
    await partner.stop();
  });

  /** Creates an integration with both handshake URLs, allowed the ACL tree only, and activates it. */
  const createAndActivate = async (): Promise<{ id: string; saved: SavedJson }> => {
    counter += 1;
    const response = await t.call('POST', '/rest/V1/integrations', {
      token,
      body: {
        name: `Partner ${counter}`,
        email: 'dev@partner.example',
        endpoint: partner.endpoint,
        identityLinkUrl: partner.identityLinkUrl,
        resourceAccess: 'custom',
        resources: [ACL],
        activate: true,
        currentPassword: t.adminPassword,
      },
    });
    expect(response.statusCode).toBe(201);
    const saved = response.json<SavedJson>();
    return { id: saved.integration.id, saved };
  };
  const statusOf = async (id: string): Promise<string> => (await t.call('GET', `/rest/V1/integrations/${id}`, { token })).json<IntegrationJson>().status;

  it('posts exactly the four fields to the callback URL and answers the identity link with success_call_back', async () => {
    const before = partner.received.length;
    const { id, saved } = await createAndActivate();

    expect(partner.received).toHaveLength(before + 1);
    const posted = partner.received[before];
    expect(posted?.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.keys(posted?.fields ?? {}).sort()).toEqual(['oauth_consumer_key', 'oauth_consumer_secret', 'oauth_verifier', 'store_base_url']);
    expect(posted?.fields).toEqual({
      oauth_consumer_key: expect.stringMatching(CREDENTIAL) as string,
      oauth_consumer_secret: expect.stringMatching(CREDENTIAL) as string,
      oauth_verifier: expect.stringMatching(CREDENTIAL) as string,
      store_base_url: base,
    });
    expect(saved.activation.mode).toBe('exchange');
    const link = new URL(saved.activation.mode === 'exchange' ? saved.activation.identityLinkUrl : '');
    expect(`${link.origin}${link.pathname}`).toBe(partner.identityLinkUrl);
    expect(Object.fromEntries(link.searchParams)).toEqual({
      oauth_consumer_key: posted?.fields.oauth_consumer_key,
      success_call_back: `${base}admin/integrations/login-success`,
    });
    // The success_call_back page exists and closes itself.
    const page = await fetch(`${base}admin/integrations/login-success`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('window.close()');
    expect(await statusOf(id)).toBe('inactive');
  });

  describe.each<[string, SignatureMethod]>([
    ['the oauth package, HMAC-SHA256', 'HMAC-SHA256'],
    ['the oauth package, HMAC-SHA1', 'HMAC-SHA1'],
  ])('with %s', (_label, method) => {
    it('completes the handshake; the integration becomes active; signed API calls are allowed and forbidden per its grant', async () => {
      const { id } = await createAndActivate();
      const credentials = partner.last;
      const client = new OauthPackageClient(credentials.store_base_url ?? '', credentials.oauth_consumer_key ?? '', credentials.oauth_consumer_secret ?? '', method);

      const requestToken = await client.requestToken();
      expect(requestToken).toEqual({ token: expect.stringMatching(CREDENTIAL) as string, secret: expect.stringMatching(CREDENTIAL) as string });
      expect(await statusOf(id)).toBe('inactive');
      const access = await client.accessToken(requestToken, credentials.oauth_verifier ?? '');
      expect(access).toEqual({ token: expect.stringMatching(CREDENTIAL) as string, secret: expect.stringMatching(CREDENTIAL) as string });
      expect(access.token).not.toBe(requestToken.token);
      expect(await statusOf(id)).toBe('active');

      const allowed = await client.get(`${base}rest/V1/acl/resources`, access);
      expect(allowed.status).toBe(200);
      expect(allowed.body).toContain(ACL);
      const forbidden = await client.get(`${base}rest/V1/integrations?pageSize=5`, access);
      expect(forbidden.status).toBe(403);
      expect(JSON.parse(forbidden.body)).toEqual({
        message: "The consumer isn't authorized to access Portcullis::integrations.",
        code: 'ACCESS.DENIED',
        parameters: { resources: 'Portcullis::integrations' },
      });
      // The admin sees the same access token the third party holds.
      const shown = (await t.call('GET', `/rest/V1/integrations/${id}/credentials`, { token })).json<Record<string, string>>();
      expect(shown).toMatchObject({ consumerKey: credentials.oauth_consumer_key, accessToken: access.token, accessTokenSecret: access.secret });
    });
  });

  it('completes the handshake with oauth-1.0a over fetch, and a signed call with query parameters succeeds', async () => {
    await createAndActivate();
    const c = partner.last;
    const consumer = { consumerKey: c.oauth_consumer_key ?? '', consumerSecret: c.oauth_consumer_secret ?? '' };
    const request = await fetchSigned({ method: 'POST', url: `${base}oauth/token/request`, ...consumer });
    expect(request.status).toBe(200);
    expect(request.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    const requestToken = tokenPairOf(request.body);
    const accessAnswer = await fetchSigned({
      method: 'POST',
      url: `${base}oauth/token/access`,
      ...consumer,
      token: requestToken.token,
      tokenSecret: requestToken.secret,
      oauthParams: { oauth_verifier: c.oauth_verifier ?? '' },
    });
    expect(accessAnswer.status).toBe(200);
    const access = tokenPairOf(accessAnswer.body);
    expect(access.token).toMatch(CREDENTIAL);

    const call = await fetchSigned({ method: 'GET', url: `${base}rest/V1/acl/resources?searchCriteria[filter_groups][0][filters][0][field]=sku&x=a%2Fb`, ...consumer, token: access.token, tokenSecret: access.secret });
    expect(call.status).toBe(200);
  });

  it('refuses a replayed signed call with the nonce message', async () => {
    const { consumer, access } = await anActiveIntegration();
    const signing = { method: 'GET', url: `${base}rest/V1/acl/resources`, ...consumer, token: access.token, tokenSecret: access.secret };
    const header = oauth1aHeader(signing);
    expect((await fetchSigned(signing, header)).status).toBe(200);
    const replay = await fetchSigned(signing, header);
    expect(replay.status).toBe(401);
    expect(JSON.parse(replay.body)).toMatchObject({ code: 'OAUTH.NONCE_USED', message: expect.stringMatching(/^The nonce is already being used by the consumer with ID .+$/) as string });
  });

  it('a third party that asks for its request token before answering the credentials POST gets it', async () => {
    const tokens: TokenPairJson[] = [];
    partner.onCredentials = async ({ fields }) => {
      const client = new OauthPackageClient(fields.store_base_url ?? '', fields.oauth_consumer_key ?? '', fields.oauth_consumer_secret ?? '', 'HMAC-SHA256');
      tokens.push(await client.requestToken());
    };
    const { id } = await createAndActivate();
    expect(tokens).toEqual([{ token: expect.stringMatching(CREDENTIAL) as string, secret: expect.stringMatching(CREDENTIAL) as string }]);
    const c = partner.last;
    const client = new OauthPackageClient(base, c.oauth_consumer_key ?? '', c.oauth_consumer_secret ?? '', 'HMAC-SHA256');
    await client.accessToken(tokens[0] as TokenPairJson, c.oauth_verifier ?? '');
    expect(await statusOf(id)).toBe('active');
  });

  it('a callback answering 500 gives the admin 502 naming the status; nothing is saved', async () => {
    const before = (await t.call('GET', '/rest/V1/integrations?pageSize=200', { token })).json<{ total: number }>().total;
    partner.status = 500;
    const response = await t.call('POST', '/rest/V1/integrations', {
      token,
      body: { name: 'Refused', email: 'dev@partner.example', endpoint: partner.endpoint, identityLinkUrl: partner.identityLinkUrl, resourceAccess: 'all', activate: true, currentPassword: t.adminPassword },
    });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toEqual({
      message: 'The callback URL of integration "Refused" answered HTTP 500 to the credentials POST, so the integration was not activated. The third party must answer 2xx.',
      code: 'OAUTH.CALLBACK_FAILED',
      parameters: { name: 'Refused', status: 500 },
    });
    expect(response.body).not.toContain(partner.last.oauth_consumer_secret ?? '?');
    expect((await t.call('GET', '/rest/V1/integrations?pageSize=200', { token })).json<{ total: number }>().total).toBe(before);
  });

  it('reauthorize: the old access token is refused at once; inactive until the new handshake completes', async () => {
    const { id, consumer, access } = await anActiveIntegration();
    const reauthorized = await t.call('POST', `/rest/V1/integrations/${id}/reauthorize`, { token });
    expect(reauthorized.statusCode).toBe(200);
    expect(reauthorized.json<SavedJson>().integration.status).toBe('inactive');
    // Same consumer, new verifier.
    expect(partner.last.oauth_consumer_key).toBe(consumer.consumerKey);
    const old = await fetchSigned({ method: 'GET', url: `${base}rest/V1/acl/resources`, ...consumer, token: access.token, tokenSecret: access.secret });
    expect(old.status).toBe(401);
    expect(JSON.parse(old.body)).toMatchObject({ message: 'Specified token does not exist' });

    const client = new OauthPackageClient(base, consumer.consumerKey, consumer.consumerSecret, 'HMAC-SHA256');
    const fresh = await client.accessToken(await client.requestToken(), partner.last.oauth_verifier ?? '');
    expect(await statusOf(id)).toBe('active');
    expect((await client.get(`${base}rest/V1/acl/resources`, fresh)).status).toBe(200);
  });

  it('a handshake started again replaces the unfinished one cleanly', async () => {
    const { id } = await createAndActivate();
    const first = partner.last;
    const client = new OauthPackageClient(base, first.oauth_consumer_key ?? '', first.oauth_consumer_secret ?? '', 'HMAC-SHA256');
    const abandoned = await client.requestToken();
    // The admin starts again before the third party finished.
    expect((await t.call('POST', `/rest/V1/integrations/${id}/activate`, { token })).statusCode).toBe(200);
    const second = partner.last;
    expect(second.oauth_verifier).not.toBe(first.oauth_verifier);
    await expect(client.accessToken(abandoned, first.oauth_verifier ?? '')).rejects.toThrow('access token refused: 401 oauth_problem=Specified%20token%20does%20not%20exist');
    const access = await client.accessToken(await client.requestToken(), second.oauth_verifier ?? '');
    expect(await statusOf(id)).toBe('active');
    expect((await client.get(`${base}rest/V1/acl/resources`, access)).status).toBe(200);
  });

  it('local activation: the four credentials sign API calls; reauthorize keeps the consumer and refuses the old token at once', async () => {
    const created = await t.call('POST', '/rest/V1/integrations', {
      token,
      body: { name: 'Local partner', email: 'dev@partner.example', resourceAccess: 'custom', resources: [ACL], activate: true, currentPassword: t.adminPassword },
    });
    expect(created.statusCode).toBe(201);
    const { integration, activation } = created.json<SavedJson>();
    if (activation.mode !== 'local') throw new Error('expected a local activation');
    const first = activation.credentials;
    const client = new OauthPackageClient(base, first.consumerKey ?? '', first.consumerSecret ?? '', 'HMAC-SHA1');
    const firstAccess = { token: first.accessToken ?? '', secret: first.accessTokenSecret ?? '' };
    expect((await client.get(`${base}rest/V1/acl/resources`, firstAccess)).status).toBe(200);

    const again = (await t.call('POST', `/rest/V1/integrations/${integration.id}/reauthorize`, { token })).json<SavedJson>().activation;
    if (again.mode !== 'local') throw new Error('expected a local reauthorization');
    expect(again.credentials).toMatchObject({ consumerKey: first.consumerKey, consumerSecret: first.consumerSecret });
    expect(again.credentials.accessToken).not.toBe(first.accessToken);
    const old = await client.get(`${base}rest/V1/acl/resources`, firstAccess);
    expect(old.status).toBe(401);
    expect(JSON.parse(old.body)).toMatchObject({ message: 'Specified token does not exist' });
    expect((await client.get(`${base}rest/V1/acl/resources`, { token: again.credentials.accessToken ?? '', secret: again.credentials.accessTokenSecret ?? '' })).status).toBe(200);
  });

  it('revoke: the access token is refused at once with "Access token has been revoked"; activating again issues a new one', async () => {
    const { id, consumer, access } = await anActiveIntegration();
    const revoked = await t.call('POST', `/rest/V1/integrations/${id}/revoke`, { token });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json<IntegrationJson>().status).toBe('inactive');
    const call = await fetchSigned({ method: 'GET', url: `${base}rest/V1/acl/resources`, ...consumer, token: access.token, tokenSecret: access.secret });
    expect(call.status).toBe(401);
    expect(JSON.parse(call.body)).toMatchObject({ message: 'Access token has been revoked', code: 'OAUTH.TOKEN_REVOKED' });
    expect((await t.call('POST', `/rest/V1/integrations/${id}/activate`, { token })).statusCode).toBe(200);
  });

  it('delete: the consumer is gone with its tokens', async () => {
    const { id, consumer, access } = await anActiveIntegration();
    expect((await t.call('DELETE', `/rest/V1/integrations/${id}`, { token })).statusCode).toBe(200);
    const call = await fetchSigned({ method: 'GET', url: `${base}rest/V1/acl/resources`, ...consumer, token: access.token, tokenSecret: access.secret });
    expect(call.status).toBe(401);
    expect(JSON.parse(call.body)).toMatchObject({ message: 'A consumer having the specified key does not exist' });
  });

  it('the request token is refused after the exchange window (300 s from the credentials POST)', async () => {
    await createAndActivate();
    const c = partner.last;
    t.clock.advance(301);
    try {
      const client = new OauthPackageClient(base, c.oauth_consumer_key ?? '', c.oauth_consumer_secret ?? '', 'HMAC-SHA256');
      await expect(client.requestToken()).rejects.toThrow('request token refused: 401 oauth_problem=Consumer%20key%20has%20expired');
    } finally {
      t.clock.advance(-301);
    }
  });

  /** An integration whose handshake completed, with what its third party holds. */
  async function anActiveIntegration(): Promise<{ id: string; consumer: { consumerKey: string; consumerSecret: string }; access: TokenPairJson }> {
    const { id } = await createAndActivate();
    const c = partner.last;
    const consumer = { consumerKey: c.oauth_consumer_key ?? '', consumerSecret: c.oauth_consumer_secret ?? '' };
    const client = new OauthPackageClient(base, consumer.consumerKey, consumer.consumerSecret, 'HMAC-SHA256');
    const access = await client.accessToken(await client.requestToken(), c.oauth_verifier ?? '');
    return { id, consumer, access };
  }
}

describe('OAuth handshake over HTTP (SQLite)', () => handshakeSuite('sqlite', 'unused'));
describeMysql('OAuth handshake over HTTP (MariaDB)', () => handshakeSuite('mysql', 'portcullis_test_e2e_oauth_handshake'));

import { Writable } from 'node:stream';
import { startTestServer, type TestServer } from './server-harness';

/*
 * What the server writes to its log (issue 16.2): request URLs are logged with the values of
 * OAuth parameters and other credentials masked, so a client that puts `oauth_*` parameters or a
 * token in the query string never leaves them in the log.
 */

interface Credentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

describe('request URLs in the log', () => {
  let t: TestServer;
  let logs = '';
  let credentials: Credentials;

  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs += chunk.toString();
        done();
      },
    });
    t = await startTestServer('sqlite', { logStream });
    const token = await t.signIn();
    const created = await t.call('POST', '/rest/V1/integrations', {
      token,
      body: { name: 'Logged Partner', email: 'p@example.com', resourceAccess: 'all', activate: true, currentPassword: t.adminPassword },
    });
    expect(created.statusCode).toBe(201);
    credentials = created.json<{ activation: { credentials: Credentials } }>().activation.credentials;
  });
  afterAll(() => t.close());

  it('masks oauth_* parameters and credential-shaped values, keeping the path and other parameters', async () => {
    const { consumerKey, accessToken, consumerSecret, accessTokenSecret } = credentials;
    const query = `oauth_consumer_key=${consumerKey}&oauth_token=${accessToken}&oauth_signature=${encodeURIComponent(`${consumerSecret}&${accessTokenSecret}`)}&oauth_nonce=n0nce&page=2`;
    const signedInQuery = await t.call('GET', `/rest/V1/acl/resources?${query}`);
    expect(signedInQuery.statusCode).toBe(401);
    await t.call('GET', `/rest/V1/nothing-here?token=${accessToken}&q=${consumerSecret}`);
    await t.call('GET', `/oauth/token/access?oauth_verifier=${accessTokenSecret}`);

    const lines = logs.split('\n').filter((line) => line !== '');
    const urls = lines.map((line) => (JSON.parse(line) as { req?: { url?: string } }).req?.url).filter((url): url is string => url !== undefined);
    expect(urls).toContain('/rest/V1/acl/resources?oauth_consumer_key=[redacted]&oauth_token=[redacted]&oauth_signature=[redacted]&oauth_nonce=[redacted]&page=2');
    expect(urls).toContain('/rest/V1/nothing-here?token=[redacted]&q=[redacted]');
    expect(urls).toContain('/oauth/token/access?oauth_verifier=[redacted]');
    for (const secret of Object.values(credentials)) expect(logs).not.toContain(secret);
    expect(logs).not.toContain('n0nce');
  });
});

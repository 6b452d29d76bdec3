import { createServer, type Server } from 'node:net';
import { type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { CALLBACK_SERVER_NETWORKS, CallbackServer } from '../../support/callback-server';
import { freePort } from '../../support/free-port';
import { LoopbackOnlyNetwork } from '../../support/loopback-only-network';
import { startTestServer, type TestServer } from './server-harness';

/**
 * Issue 16.1: the credentials POST of "Save and Activate" is no server-side request forgery tool.
 * By default the callback URL may not be a loopback, private, link-local or unique-local address
 * (checked on the address connected to); the admin gets one sentence whatever the failure, the
 * server log gets the reason. OUTBOUND_ALLOWED_NETWORKS lets a server reach such addresses.
 */
const SERVER_START_TIMEOUT = 60_000;
const INTEGRATIONS = '/rest/V1/integrations';

interface LogLine {
  readonly msg?: string;
  readonly integration?: string;
  readonly reason?: string;
  readonly status?: number;
}

/** A pino destination keeping every line, parsed. */
function logCollector(): { stream: Writable; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { stream, lines };
}

const unreachable = (name: string): unknown => ({
  message: `The callback URL of integration "${name}" could not be reached, so the integration was not activated.`,
  code: 'OAUTH.CALLBACK_FAILED',
  parameters: { name },
});

describe('the callback URL is no way into the private network (issue 16.1)', () => {
  const partner = new CallbackServer();
  const network = new LoopbackOnlyNetwork();
  const log = logCollector();
  /** The default: nothing private reached. */
  let guarded: TestServer;
  let guardedToken: string;
  /** OUTBOUND_ALLOWED_NETWORKS=127.0.0.1, as the tests of the token exchange run. */
  let allowing: TestServer;
  let allowingToken: string;
  let counter = 0;

  beforeAll(async () => {
    network.install();
    await partner.start();
    guarded = await startTestServer('sqlite', { logStream: log.stream });
    guardedToken = await guarded.signIn();
    allowing = await startTestServer('sqlite', { config: { outboundAllowedNetworks: CALLBACK_SERVER_NETWORKS } });
    allowingToken = await allowing.signIn();
  }, SERVER_START_TIMEOUT);
  beforeEach(() => {
    network.reset();
    partner.connections = 0;
    partner.received.splice(0);
  });
  afterAll(async () => {
    network.uninstall();
    await guarded?.close();
    await allowing?.close();
    await partner.stop();
  });

  const saveAndActivate = (t: TestServer, token: string, name: string, endpoint: string) =>
    t.call('POST', INTEGRATIONS, {
      token,
      body: { name, email: 'dev@partner.example', endpoint, identityLinkUrl: partner.identityLinkUrl, resourceAccess: 'all', activate: true, currentPassword: t.adminPassword },
    });
  const totalOf = async (t: TestServer, token: string): Promise<number> => (await t.call('GET', `${INTEGRATIONS}?pageSize=200`, { token })).json<{ total: number }>().total;
  const nextName = (): string => `Partner ${(counter += 1)}`;

  it('Save and Activate with a loopback callback URL answers 502 with one sentence; the callback gets no connection, nothing is saved, the log says why', async () => {
    const before = await totalOf(guarded, guardedToken);
    const name = nextName();

    const response = await saveAndActivate(guarded, guardedToken, name, partner.endpoint);

    expect(response.statusCode).toBe(502);
    expect(response.json()).toEqual(unreachable(name));
    expect(partner.connections).toBe(0);
    expect(partner.received).toEqual([]);
    expect(await totalOf(guarded, guardedToken)).toBe(before);
    const logged = log.lines.filter((line) => line.integration === name);
    expect(logged).toEqual([
      expect.objectContaining({ msg: 'the callback URL of an integration failed the credentials POST', reason: 'the address 127.0.0.1 is loopback and not in the allowed networks' }),
    ]);
    expect(JSON.stringify(logged)).not.toContain('/callback');
  });

  it.each([
    ['localhost', (port: string) => `http://localhost:${port}/callback`],
    ['0x7f000001', (port: string) => `http://0x7f000001:${port}/callback`],
    ['[::ffff:127.0.0.1]', (port: string) => `http://[::ffff:127.0.0.1]:${port}/callback`],
  ])('refuses the loopback callback written as %s the same way', async (_, endpointFor) => {
    const name = nextName();

    const response = await saveAndActivate(guarded, guardedToken, name, endpointFor(new URL(partner.endpoint).port));

    expect(response.statusCode).toBe(502);
    expect(response.json()).toEqual(unreachable(name));
    expect(partner.connections).toBe(0);
  });

  // Not new: the API's URL validator never took this form. The poster refuses it too (its unit tests).
  it('refuses the loopback callback written as 2130706433 already as input (400)', async () => {
    const response = await saveAndActivate(guarded, guardedToken, nextName(), `http://2130706433:${new URL(partner.endpoint).port}/callback`);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION.FAILED', parameters: { fields: ['endpoint'] } });
    expect(partner.connections).toBe(0);
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1:8080/callback', 'http://[fd00::1]/callback'])(
    'refuses %s before any connection is attempted',
    async (endpoint) => {
      const name = nextName();

      const response = await saveAndActivate(guarded, guardedToken, name, endpoint);

      expect(response.statusCode).toBe(502);
      expect(response.json()).toEqual(unreachable(name));
      expect(network.attempts).toEqual([]);
    },
  );

  it('Activate of a saved integration is refused the same way, and leaves it as it was', async () => {
    const created = await guarded.call('POST', INTEGRATIONS, {
      token: guardedToken,
      body: { name: nextName(), email: 'dev@partner.example', endpoint: partner.endpoint, identityLinkUrl: partner.identityLinkUrl, resourceAccess: 'all', currentPassword: guarded.adminPassword },
    });
    expect(created.statusCode).toBe(201);
    const saved = created.json<{ integration: { id: string; name: string } }>().integration;

    const response = await guarded.call('POST', `${INTEGRATIONS}/${saved.id}/activate`, { token: guardedToken });

    expect(response.statusCode).toBe(502);
    expect(response.json()).toEqual(unreachable(saved.name));
    expect((await guarded.call('GET', `${INTEGRATIONS}/${saved.id}`, { token: guardedToken })).json()).toMatchObject({ status: 'inactive' });
    expect(partner.connections).toBe(0);
  });

  it('refuses a callback URL with user:password@ at once (400 naming the field, the password not repeated); nothing is sent', async () => {
    const before = await totalOf(allowing, allowingToken);
    const withCredentials = partner.endpoint.replace('http://', 'http://partner:pw-s3cret@');

    const response = await saveAndActivate(allowing, allowingToken, nextName(), withCredentials);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'VALIDATION.FAILED',
      errors: [{ field: 'endpoint', message: '"endpoint" must not contain a user name or password ("user:password@" before the host); give the URL without them.' }],
    });
    expect(response.body).not.toContain('pw-s3cret');
    expect(await totalOf(allowing, allowingToken)).toBe(before);
    expect(partner.connections).toBe(0);
  });

  it('with the loopback callback server allowed, Save and Activate posts the credentials as before', async () => {
    const response = await saveAndActivate(allowing, allowingToken, nextName(), partner.endpoint);

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ integration: { status: 'inactive' }, activation: { mode: 'exchange' } });
    expect(partner.received).toHaveLength(1);
    expect(Object.keys(partner.last).sort()).toEqual(['oauth_consumer_key', 'oauth_consumer_secret', 'oauth_verifier', 'store_base_url']);
  });

  it('an allowed network is no port scanner: a closed port and a port that hangs up get the very same answer', async () => {
    const closedPort = await freePort();
    const hangingUp: Server = createServer((socket) => socket.once('data', () => socket.destroy()));
    await new Promise<void>((resolve) => hangingUp.listen(0, '127.0.0.1', resolve));
    try {
      const name = 'Port Probe';
      const closed = await saveAndActivate(allowing, allowingToken, name, `http://127.0.0.1:${closedPort}/`);
      const open = await saveAndActivate(allowing, allowingToken, name, `http://127.0.0.1:${(hangingUp.address() as AddressInfo).port}/`);

      expect([closed.statusCode, open.statusCode]).toEqual([502, 502]);
      expect(closed.body).toBe(open.body);
      expect(closed.json()).toEqual(unreachable(name));
    } finally {
      await new Promise<void>((resolve) => hangingUp.close(() => resolve()));
    }
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeHttpPoster, type HostResolver } from '../../../../src/adapters/outbound-http/node-http-poster';
import { OutboundAddressPolicy, type ResolvedAddress } from '../../../../src/adapters/outbound-http/outbound-address-policy';
import { type HttpPostOutcome } from '../../../../src/application/ports/http-poster.port';
import { LoopbackOnlyNetwork } from '../../../support/loopback-only-network';

/** Field values that must never show up in a failure reason. */
const SECRETS = { oauth_consumer_key: 'ck-7f3a9b2c', oauth_consumer_secret: 'cs-S3cr3t-9d8e', oauth_verifier: 'vf-b1c2d3e4' };

interface Received {
  readonly method: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** A server on 127.0.0.1 that remembers what it received and tracks its sockets (to close them all). */
interface Harness<S extends Server> {
  readonly server: S;
  readonly port: number;
  readonly received: Received[];
  /** TCP connections it accepted. */
  connections(): number;
}

const open: Array<{ server: Server; sockets: Set<Socket> }> = [];

async function listen<S extends Server>(server: S, host = '127.0.0.1'): Promise<Harness<S>> {
  const sockets = new Set<Socket>();
  let connections = 0;
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // TLS servers report the raw TCP socket through 'connection' too.
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  open.push({ server, sockets });
  return { server, port: (server.address() as AddressInfo).port, received: [], connections: () => connections };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** An http server answering `status` (plus headers) after reading the whole request. */
async function httpServer(status: number, headers: Record<string, string> = {}, host = '127.0.0.1'): Promise<Harness<HttpServer>> {
  const received: Received[] = [];
  const harness = await listen(
    createHttpServer((request, response) => {
      void readBody(request).then((body) => {
        received.push({ method: request.method, contentType: request.headers['content-type'], body });
        response.writeHead(status, headers).end(status === 204 ? undefined : 'some answer body');
      });
    }),
    host,
  );
  return { ...harness, received };
}

/** A resolver standing in for DNS: answers from `table`, ENOTFOUND otherwise, and counts its calls. */
function fakeDns(table: Readonly<Record<string, readonly ResolvedAddress[] | ((call: number) => readonly ResolvedAddress[])>>): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = (hostname: string): Promise<readonly ResolvedAddress[]> => {
    calls.push(hostname);
    const answer = table[hostname];
    if (answer === undefined) return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    return Promise.resolve(typeof answer === 'function' ? answer(calls.filter((name) => name === hostname).length) : answer);
  };
  return Object.assign(resolve, { calls });
}

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

async function closeAll(): Promise<void> {
  const servers = open.splice(0);
  await Promise.all(
    servers.map(
      ({ server, sockets }) =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    ),
  );
}

function expectFailed(outcome: HttpPostOutcome): string {
  expect(outcome.kind).toBe('failed');
  const reason = outcome.kind === 'failed' ? outcome.reason : '';
  for (const secret of Object.values(SECRETS)) expect(reason).not.toContain(secret);
  // One sentence: lower-case start, no trailing period, one line.
  expect(reason).toMatch(/^[a-z]/);
  expect(reason).not.toMatch(/\.$/);
  expect(reason).not.toContain('\n');
  return reason;
}

describe('NodeHttpPoster', () => {
  /** The test servers listen on 127.0.0.1, which only an allow-list lets the poster reach. */
  const poster = new NodeHttpPoster({ policy: OutboundAddressPolicy.allowing(['127.0.0.1']), resolve: fakeDns({}) });
  const options = { timeoutMs: 2000 };
  const network = new LoopbackOnlyNetwork();

  beforeAll(() => network.install());
  afterAll(() => network.uninstall());
  beforeEach(() => network.reset());
  afterEach(closeAll);

  describe('answers', () => {
    it.each([200, 204])('answers %i and posts the fields form-encoded, exactly', async (status) => {
      const { port, received } = await httpServer(status);
      const fields = { ...SECRETS, spaced: 'a b  c', amp: 'x&y=z', plus: '1+1=2', unicode: 'héllo wörld ✓ 日本', empty: '' };

      await expect(poster.postForm(`http://127.0.0.1:${port}/oauth/token`, fields, options)).resolves.toEqual({ kind: 'answered', status });

      expect(received).toHaveLength(1);
      const [request] = received;
      expect(request?.method).toBe('POST');
      expect(request?.contentType).toMatch(/^application\/x-www-form-urlencoded\b/);
      expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual(fields);
    });

    it('answers a 503 with its status', async () => {
      const { port } = await httpServer(503);
      await expect(poster.postForm(`http://127.0.0.1:${port}/`, SECRETS, options)).resolves.toEqual({ kind: 'answered', status: 503 });
    });

    it('does not follow a redirect: a 302 is the answer and its target receives nothing', async () => {
      const target = await httpServer(200);
      const redirecting = await httpServer(302, { location: `http://127.0.0.1:${target.port}/elsewhere` });

      await expect(poster.postForm(`http://127.0.0.1:${redirecting.port}/`, SECRETS, options)).resolves.toEqual({ kind: 'answered', status: 302 });

      expect(redirecting.received).toHaveLength(1);
      expect(target.received).toHaveLength(0);
    });
  });

  describe('failures', () => {
    it('fails with a timeout when the server accepts but never answers', async () => {
      const { port } = await listen(createNetServer(() => undefined));

      const reason = expectFailed(await poster.postForm(`http://127.0.0.1:${port}/?token=q-secret`, SECRETS, { timeoutMs: 300 }));

      expect(reason).toBe('the connection timed out after 300 ms');
    });

    it('fails with "refused" naming host:port for a closed port', async () => {
      const { server, port } = await listen(createNetServer());
      await new Promise<void>((resolve) => server.close(() => resolve()));

      const reason = expectFailed(await poster.postForm(`http://127.0.0.1:${port}/path?token=q-secret`, SECRETS, options));

      expect(reason).toBe(`the connection to 127.0.0.1:${port} was refused`);
      expect(reason).not.toContain('q-secret');
    });

    it('fails with a DNS reason for a host name that does not resolve, without opening a socket', async () => {
      const reason = expectFailed(await poster.postForm('http://nonexistent.invalid/', SECRETS, { timeoutMs: 5000 }));

      expect(reason).toBe('the host name nonexistent.invalid could not be resolved (DNS)');
      expect(network.attempts).toEqual([]);
    });

    it('times out while the host name is still being resolved', async () => {
      const slowDns = new NodeHttpPoster({ resolve: () => new Promise<readonly ResolvedAddress[]>(() => undefined) });

      const reason = expectFailed(await slowDns.postForm('https://slow.example/', SECRETS, { timeoutMs: 200 }));

      expect(reason).toBe('the connection timed out after 200 ms');
      expect(network.attempts).toEqual([]);
    });

    it('refuses a port fetch calls bad (another protocol\'s, here SMTP) without connecting', async () => {
      const reason = expectFailed(await poster.postForm('http://127.0.0.1:25/', SECRETS, options));

      expect(reason).toBe('port 25 is not allowed: it belongs to another protocol (a fetch "bad port")');
      expect(network.attempts).toEqual([]);
    });

    describe('TLS', () => {
      let dir: string;
      let key: Buffer;
      let cert: Buffer;

      beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), 'node-http-poster-'));
        execFileSync(
          'openssl',
          ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
          { stdio: 'ignore' },
        );
        key = readFileSync(join(dir, 'key.pem'));
        cert = readFileSync(join(dir, 'cert.pem'));
      });

      afterAll(() => rmSync(dir, { recursive: true, force: true }));

      it('fails with a TLS reason for a self-signed certificate', async () => {
        const { port } = await listen(createHttpsServer({ key, cert }, (_request, response) => response.end()));

        const reason = expectFailed(await poster.postForm(`https://127.0.0.1:${port}/`, SECRETS, options));

        expect(reason).toBe('the TLS connection failed: DEPTH_ZERO_SELF_SIGNED_CERT');
      });

      it('over TLS too, a host name connects to the address checked (no system DNS)', async () => {
        const server = await listen(createHttpsServer({ key, cert }, (_request, response) => response.end()));
        const dns = fakeDns({ 'tls.partner.test': [v4('127.0.0.1')] });
        const byName = new NodeHttpPoster({ policy: OutboundAddressPolicy.allowing(['127.0.0.1']), resolve: dns });

        const reason = expectFailed(await byName.postForm(`https://tls.partner.test:${server.port}/`, SECRETS, options));

        // The handshake happened: the certificate was seen (and is self-signed).
        expect(reason).toBe('the TLS connection failed: DEPTH_ZERO_SELF_SIGNED_CERT');
        expect(server.connections()).toBe(1);
        expect(dns.calls).toEqual(['tls.partner.test']);
      });

      it('fails with a TLS reason when the server does not speak TLS', async () => {
        const { port } = await httpServer(200);

        const reason = expectFailed(await poster.postForm(`https://127.0.0.1:${port}/`, SECRETS, options));

        expect(reason).toMatch(/^the TLS connection failed: \S+/);
      });
    });

    it('fails with "closed" when the server drops the connection on the request', async () => {
      const { port } = await listen(createNetServer((socket) => socket.once('data', () => socket.destroy())));

      const reason = expectFailed(await poster.postForm(`http://127.0.0.1:${port}/`, SECRETS, options));

      expect(reason).toBe('the connection was closed before an answer arrived');
    });

    it('fails with "closed" when the server resets the connection', async () => {
      const { port } = await listen(createNetServer((socket) => socket.once('data', () => socket.resetAndDestroy())));

      const reason = expectFailed(await poster.postForm(`http://127.0.0.1:${port}/`, SECRETS, options));

      expect(reason).toBe('the connection was closed before an answer arrived');
    });

    it.each(['ftp://x', 'file:///etc/passwd', 'not a url', ''])('fails at once for %j, which is not an http(s) URL', async (url) => {
      const reason = expectFailed(await poster.postForm(url, SECRETS, options));

      expect(reason).toBe('the URL is not an http(s) URL');
    });

    it('fails without repeating the URL when it carries user info', async () => {
      const reason = expectFailed(await poster.postForm('http://admin:pw-secret@127.0.0.1:1/', SECRETS, options));

      expect(reason).toBe('the URL must not carry user credentials');
      expect(reason).not.toContain('pw-secret');
    });
  });

  describe('server-side request forgery: by default only public addresses are reached', () => {
    const byDefault = new NodeHttpPoster({ resolve: fakeDns({ localhost: [v4('127.0.0.1'), v6('::1')] }) });

    it.each([
      ['127.0.0.1', (port: number) => `http://127.0.0.1:${port}/callback`, 'the address 127.0.0.1 is loopback and not in the allowed networks'],
      ['localhost', (port: number) => `http://localhost:${port}/callback`, 'the host localhost resolves to 127.0.0.1, which is loopback and not in the allowed networks'],
      ['hexadecimal 0x7f000001', (port: number) => `http://0x7f000001:${port}/callback`, 'the address 127.0.0.1 is loopback and not in the allowed networks'],
      ['decimal 2130706433', (port: number) => `http://2130706433:${port}/callback`, 'the address 127.0.0.1 is loopback and not in the allowed networks'],
      ['short 127.1', (port: number) => `http://127.1:${port}/callback`, 'the address 127.0.0.1 is loopback and not in the allowed networks'],
      [
        'IPv4-mapped [::ffff:127.0.0.1]',
        (port: number) => `http://[::ffff:127.0.0.1]:${port}/callback`,
        'the address ::ffff:7f00:1 is loopback (IPv4-mapped 127.0.0.1) and not in the allowed networks',
      ],
      ['user:pass@127.0.0.1', (port: number) => `http://partner:pw-secret@127.0.0.1:${port}/callback`, 'the URL must not carry user credentials'],
    ])('refuses %s: the listening server gets no connection, nothing is sent', async (_, urlFor, expected) => {
      const target = await httpServer(200);

      const reason = expectFailed(await byDefault.postForm(urlFor(target.port), SECRETS, options));

      expect(reason).toBe(expected);
      expect(target.connections()).toBe(0);
      expect(target.received).toEqual([]);
      expect(network.attempts).toEqual([]);
    });

    it('refuses [::1]: the server listening there gets no connection', async () => {
      const target = await httpServer(200, {}, '::1');

      const reason = expectFailed(await byDefault.postForm(`http://[::1]:${target.port}/callback`, SECRETS, options));

      expect(reason).toBe('the address ::1 is loopback and not in the allowed networks');
      expect(target.connections()).toBe(0);
      expect(network.attempts).toEqual([]);
    });

    it.each([
      ['10.0.0.1', 'the address 10.0.0.1 is private and not in the allowed networks'],
      ['172.16.5.4', 'the address 172.16.5.4 is private and not in the allowed networks'],
      ['192.168.1.1', 'the address 192.168.1.1 is private and not in the allowed networks'],
      ['169.254.169.254', 'the address 169.254.169.254 is link-local and not in the allowed networks'],
      ['100.64.0.1', 'the address 100.64.0.1 is carrier-grade NAT (shared address space) and not in the allowed networks'],
      ['0.0.0.0', 'the address 0.0.0.0 is a "this network" address and not in the allowed networks'],
      ['224.0.0.1', 'the address 224.0.0.1 is multicast and not in the allowed networks'],
      ['255.255.255.255', 'the address 255.255.255.255 is reserved and not in the allowed networks'],
      ['[fd00::1]', 'the address fd00::1 is unique-local (private) and not in the allowed networks'],
      ['[fe80::1]', 'the address fe80::1 is link-local and not in the allowed networks'],
      ['[::]', 'the address :: is unspecified and not in the allowed networks'],
      ['[::ffff:10.0.0.1]', 'the address ::ffff:a00:1 is private (IPv4-mapped 10.0.0.1) and not in the allowed networks'],
      ['[64:ff9b::a9fe:a9fe]', 'the address 64:ff9b::a9fe:a9fe is link-local (NAT64 169.254.169.254) and not in the allowed networks'],
      ['[2002:a9fe:a9fe::1]', 'the address 2002:a9fe:a9fe::1 is link-local (6to4 169.254.169.254) and not in the allowed networks'],
    ])('refuses %s before opening any socket', async (host, expected) => {
      const reason = expectFailed(await byDefault.postForm(`http://${host}:8080/callback?token=q-secret`, SECRETS, options));

      expect(reason).toBe(expected);
      expect(network.attempts).toEqual([]);
    });

    it('DNS rebinding: a public-looking name that resolves to loopback is refused, and resolved once only', async () => {
      const target = await httpServer(200);
      const dns = fakeDns({ 'partner.example': [v4('127.0.0.1')] });

      const reason = expectFailed(await new NodeHttpPoster({ resolve: dns }).postForm(`http://partner.example:${target.port}/callback`, SECRETS, options));

      expect(reason).toBe('the host partner.example resolves to 127.0.0.1, which is loopback and not in the allowed networks');
      expect(dns.calls).toEqual(['partner.example']);
      expect(target.connections()).toBe(0);
      expect(network.attempts).toEqual([]);
    });

    it('refuses a name with a public and a private address, connecting to neither', async () => {
      const dns = fakeDns({ 'mixed.example': [v4('93.184.216.34'), v6('fd12:3456::7')] });

      const reason = expectFailed(await new NodeHttpPoster({ resolve: dns }).postForm('http://mixed.example/callback', SECRETS, options));

      expect(reason).toBe('the host mixed.example resolves to fd12:3456::7, which is unique-local (private) and not in the allowed networks');
      expect(network.attempts).toEqual([]);
    });
  });

  describe('the allow-list (OUTBOUND_ALLOWED_NETWORKS)', () => {
    it.each([['127.0.0.1'], ['127.0.0.0/8'], ['::ffff:127.0.0.0/104']])('reaches 127.0.0.1 once %s is allowed', async (entry) => {
      const target = await httpServer(200);
      const allowed = new NodeHttpPoster({ policy: OutboundAddressPolicy.allowing([entry]) });

      await expect(allowed.postForm(`http://127.0.0.1:${target.port}/callback`, SECRETS, options)).resolves.toEqual({ kind: 'answered', status: 200 });

      expect(target.received).toHaveLength(1);
      // The test network saw it: its empty records elsewhere mean no connection, not a blind spot.
      expect(network.attempts).toEqual([`127.0.0.1:${target.port}`]);
    });

    it('reaches [::1] once ::1 is allowed, and IPv4 loopback is still refused', async () => {
      const target = await httpServer(204, {}, '::1');
      const allowed = new NodeHttpPoster({ policy: OutboundAddressPolicy.allowing(['::1']) });

      await expect(allowed.postForm(`http://[::1]:${target.port}/callback`, SECRETS, options)).resolves.toEqual({ kind: 'answered', status: 204 });
      expect(expectFailed(await allowed.postForm(`http://127.0.0.1:${target.port}/`, SECRETS, options))).toBe('the address 127.0.0.1 is loopback and not in the allowed networks');
    });

    it('an allowed host name reaches what it resolves to, connecting to the address checked (no second DNS answer)', async () => {
      const target = await httpServer(200);
      // A rebinding resolver: the second answer would point elsewhere.
      const dns = fakeDns({ 'erp.internal': (call) => (call === 1 ? [v4('127.0.0.1')] : [v4('10.9.9.9')]) });
      const allowed = new NodeHttpPoster({ policy: OutboundAddressPolicy.allowing(['erp.internal']), resolve: dns });

      await expect(allowed.postForm(`http://erp.internal:${target.port}/callback`, SECRETS, options)).resolves.toEqual({ kind: 'answered', status: 200 });

      expect(dns.calls).toEqual(['erp.internal']);
      expect(target.received).toHaveLength(1);
      expect(network.attempts).toEqual([`erp.internal:${target.port}`]);
    });

    it('allowing one range does not allow another', async () => {
      const allowed = new NodeHttpPoster({ policy: OutboundAddressPolicy.allowing(['10.20.0.0/16', 'erp.internal']) });

      expect(expectFailed(await allowed.postForm('http://10.21.0.1/', SECRETS, options))).toBe('the address 10.21.0.1 is private and not in the allowed networks');
      expect(expectFailed(await allowed.postForm('http://169.254.169.254/', SECRETS, options))).toBe('the address 169.254.169.254 is link-local and not in the allowed networks');
      expect(network.attempts).toEqual([]);
    });
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FetchHttpPoster } from '../../../../src/adapters/outbound-http/fetch-http-poster';
import { type HttpPostOutcome } from '../../../../src/application/ports/http-poster.port';

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
}

const open: Array<{ server: Server; sockets: Set<Socket> }> = [];

async function listen<S extends Server>(server: S): Promise<Harness<S>> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // TLS servers report the raw TCP socket through 'connection' too.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({ server, sockets });
  return { server, port: (server.address() as AddressInfo).port, received: [] };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** An http server answering `status` (plus headers) after reading the whole request. */
async function httpServer(status: number, headers: Record<string, string> = {}): Promise<Harness<HttpServer>> {
  const received: Received[] = [];
  const harness = await listen(
    createHttpServer((request, response) => {
      void readBody(request).then((body) => {
        received.push({ method: request.method, contentType: request.headers['content-type'], body });
        response.writeHead(status, headers).end(status === 204 ? undefined : 'some answer body');
      });
    }),
  );
  return { ...harness, received };
}

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

describe('FetchHttpPoster', () => {
  const poster = new FetchHttpPoster();
  const options = { timeoutMs: 2000 };

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

    it('fails with a DNS reason for a host name that does not resolve', async () => {
      const reason = expectFailed(await poster.postForm('http://nonexistent.invalid/', SECRETS, { timeoutMs: 5000 }));

      expect(reason).toBe('the host name nonexistent.invalid could not be resolved (DNS)');
    });

    describe('TLS', () => {
      let dir: string;
      let key: Buffer;
      let cert: Buffer;

      beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), 'fetch-http-poster-'));
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
});

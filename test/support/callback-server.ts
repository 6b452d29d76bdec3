import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

/**
 * The `outboundAllowedNetworks` (OUTBOUND_ALLOWED_NETWORKS) a server needs to reach a
 * CallbackServer: it listens on loopback, which outbound HTTP refuses by default.
 */
export const CALLBACK_SERVER_NETWORKS: readonly string[] = ['127.0.0.1'];

/** What a third party's callback URL received: the credentials POST of the handshake. */
export interface ReceivedCredentials {
  readonly contentType: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * A third party's side of the handshake, listening on 127.0.0.1: `/callback` receives the
 * credentials POST (answering with `status`, after `onCredentials` ran), `/login` is the identity link.
 */
export class CallbackServer {
  readonly received: ReceivedCredentials[] = [];
  /** The status answered to the credentials POST. */
  status = 200;
  /** Runs before the POST is answered (a third party that asks for its request token at once). */
  onCredentials: ((credentials: ReceivedCredentials) => Promise<void>) | null = null;
  /**
   * Runs when the identity link is opened (in the admin's pop-up) with its query; a URL it
   * returns is where the page redirects (e.g. the admin's success_call_back once set up).
   */
  onIdentityLink: ((query: URLSearchParams) => Promise<string | null>) | null = null;
  /** Query strings the identity link was opened with. */
  readonly identityVisits: URLSearchParams[] = [];
  /** TCP connections accepted, whatever came over them. */
  connections = 0;
  private server: Server | null = null;
  private port = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void (async () => {
        if (request.method === 'POST' && request.url === '/callback') {
          const credentials = { contentType: request.headers['content-type'] ?? '', fields: Object.fromEntries(new URLSearchParams(await bodyOf(request))) };
          this.received.push(credentials);
          if (this.onCredentials !== null) await this.onCredentials(credentials);
          response.writeHead(this.status).end();
          return;
        }
        if (request.url?.startsWith('/login') === true) {
          const query = new URL(request.url, 'http://localhost').searchParams;
          this.identityVisits.push(query);
          const next = this.onIdentityLink !== null ? await this.onIdentityLink(query) : null;
          if (next !== null) {
            response.writeHead(302, { location: next }).end();
            return;
          }
          response.writeHead(200, { 'content-type': 'text/html' }).end('<p>Sign in to Partner</p>');
          return;
        }
        response.writeHead(404, { 'content-type': 'text/html' }).end('<p>Not found</p>');
      })().catch(() => response.writeHead(500).end());
    });
    this.server.on('connection', () => (this.connections += 1));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}/callback`;
  }

  get identityLinkUrl(): string {
    return `http://127.0.0.1:${this.port}/login`;
  }

  /** The last credentials POST. */
  get last(): Readonly<Record<string, string>> {
    const last = this.received[this.received.length - 1];
    if (last === undefined) throw new Error('the callback URL received nothing');
    return last.fields;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server === null ? resolve() : this.server.close(() => resolve())));
  }
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

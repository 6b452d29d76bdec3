import { isIP, Socket, type LookupFunction } from 'node:net';

interface ConnectOptions {
  host?: string;
  port?: number | string;
  path?: string;
  lookup?: LookupFunction;
}

type Connect = (this: Socket, ...args: unknown[]) => Socket;

/**
 * Watches every outbound socket connection of this test process (`net.Socket#connect`, which
 * http, https, tls and fetch all use) and lets through only those to loopback: a test can prove
 * nothing was sent, and code that regresses cannot send traffic off the machine. A host name
 * other than `localhost` goes through only with a custom `lookup` (so no system DNS query), and
 * only when what that lookup answers is loopback too.
 */
export class LoopbackOnlyNetwork {
  /** `host:port` of every connection attempted since the last `reset()`, stopped or not. */
  readonly attempts: string[] = [];
  private original: Connect | null = null;

  install(): void {
    if (this.original !== null) return;
    const original = Socket.prototype.connect as unknown as Connect;
    this.original = original;
    const attempts = this.attempts;
    (Socket.prototype as unknown as { connect: Connect }).connect = function connect(this: Socket, ...args: unknown[]): Socket {
      const options = connectOptionsOf(args);
      // A local socket file (IPC) is no network; http passes its request path along with a port.
      if (options === null || (options.port === undefined && typeof options.path === 'string')) return original.apply(this, args);
      const host = options.host ?? 'localhost';
      attempts.push(`${host}:${String(options.port)}`);
      if (isLoopback(host)) return original.apply(this, args);
      if (isIP(host) === 0 && typeof options.lookup === 'function') {
        options.lookup = loopbackAnswersOnly(options.lookup);
        return original.apply(this, args);
      }
      process.nextTick(() => this.destroy(stopped(`${host}:${String(options.port)}`)));
      return this;
    };
  }

  uninstall(): void {
    if (this.original === null) return;
    (Socket.prototype as unknown as { connect: Connect }).connect = this.original;
    this.original = null;
  }

  reset(): void {
    this.attempts.splice(0);
  }
}

function connectOptionsOf(args: readonly unknown[]): ConnectOptions | null {
  const [first, second] = args;
  // net.connect() hands over its normalized [options, callback] array.
  if (Array.isArray(first)) return (first[0] as ConnectOptions | undefined) ?? null;
  if (typeof first === 'object' && first !== null) return first;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { port: first, host: typeof second === 'string' ? second : 'localhost' };
  }
  return typeof first === 'string' ? { path: first } : null;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

function loopbackAnswersOnly(lookup: LookupFunction): LookupFunction {
  return (hostname, options, callback) =>
    lookup(hostname, options, (error, address, family) => {
      const addresses = typeof address === 'string' ? [address] : address.map((entry) => entry.address);
      const away = addresses.find((entry) => !isLoopback(entry));
      if (error === null && away !== undefined) callback(stopped(`${hostname} (${away})`), address, family);
      else callback(error, address, family);
    });
}

function stopped(target: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`the test network lets only loopback through, not ${target}`), { code: 'ETESTNETWORK' });
}

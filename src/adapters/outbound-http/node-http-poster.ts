import { promises as dns } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { type HttpPostOptions, type HttpPostOutcome, type HttpPoster } from '../../application/ports/http-poster.port';
import { OutboundAddressPolicy, type ResolvedAddress } from './outbound-address-policy';

/** Codes of a failed TLS handshake that are not spelled ERR_SSL_* / ERR_TLS_* / *CERT*. */
const TLS_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

const CLOSED_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

const DNS_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'ENODATA']);

/**
 * Ports fetch refuses (https://fetch.spec.whatwg.org/#bad-port): other protocols' servers (SMTP,
 * IRC...) that a crafted POST could talk to. Kept from when this adapter used fetch.
 */
const BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137,
  139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** Every address a host name resolves to. Rejects like `dns.lookup` (`code` ENOTFOUND...). */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface NodeHttpPosterOptions {
  /** Where besides public addresses it may connect (default: nowhere else), see OutboundAddressPolicy. */
  readonly policy?: OutboundAddressPolicy;
  /** Default: the system resolver (`dns.lookup`, every address). Tests give their own. */
  readonly resolve?: HostResolver;
}

/** What an error (or its `cause`) says about itself; only `code` and `message` are ever read. */
interface ErrorFacts {
  readonly code: string | undefined;
  readonly message: string;
}

const systemResolver: HostResolver = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

/**
 * Outbound HTTP with node:http(s), guarded against server-side request forgery: the host name is
 * resolved first, every address is checked against the OutboundAddressPolicy (loopback, private,
 * link-local... refused unless allowed), and the socket connects to exactly the checked addresses
 * (no second DNS answer, so DNS rebinding cannot swap in another). A refused destination gets no
 * socket at all. Redirects are answers, never followed. Failures resolve as `failed` with one
 * sentence for the server log that names at most the host, port and address (never a posted
 * value, the query string or the URL's user info).
 */
export class NodeHttpPoster implements HttpPoster {
  private readonly policy: OutboundAddressPolicy;
  private readonly resolve: HostResolver;

  constructor(options: NodeHttpPosterOptions = {}) {
    this.policy = options.policy ?? OutboundAddressPolicy.PUBLIC_ONLY;
    this.resolve = options.resolve ?? systemResolver;
  }

  async postForm(url: string, fields: Readonly<Record<string, string>>, options: HttpPostOptions): Promise<HttpPostOutcome> {
    const target = parseHttpUrl(url);
    if (target === undefined) return failed('the URL is not an http(s) URL');
    if (target.username !== '' || target.password !== '') return failed('the URL must not carry user credentials');
    const port = portOf(target);
    if (BAD_PORTS.has(port)) return failed(`port ${port} is not allowed: it belongs to another protocol (a fetch "bad port")`);
    const host = hostOf(target);

    const signal = AbortSignal.timeout(options.timeoutMs);
    const timedOut = failed(`the connection timed out after ${options.timeoutMs} ms`);
    let addresses: readonly ResolvedAddress[];
    try {
      addresses = await this.addressesOf(host, signal);
    } catch (error) {
      if (signal.aborted) return timedOut;
      return failed(describeFailure(error, target, fields));
    }
    if (addresses.length === 0) return failed(`the host name ${host} could not be resolved (DNS)`);
    const refusal = this.policy.refusalOf(host, addresses);
    if (refusal !== null) return failed(refusal);

    try {
      return { kind: 'answered', status: await post(target, host, port, addresses, fields, signal) };
    } catch (error) {
      if (signal.aborted) return timedOut;
      return failed(describeFailure(error, target, fields));
    }
  }

  private async addressesOf(host: string, signal: AbortSignal): Promise<readonly ResolvedAddress[]> {
    const family = isIP(host);
    if (family !== 0) return [{ address: host, family: family === 6 ? 6 : 4 }];
    return untilAborted(this.resolve(host), signal);
  }
}

/** The POST, connecting only to `addresses`; resolves with the status as soon as it arrives. */
function post(target: URL, host: string, port: number, addresses: readonly ResolvedAddress[], fields: Readonly<Record<string, string>>, signal: AbortSignal): Promise<number> {
  const body = Buffer.from(new URLSearchParams(fields).toString(), 'utf8');
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const outgoing = request(
      {
        hostname: host,
        port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) },
        // A socket of its own, closed after the answer: never one pooled for another address.
        agent: false,
        lookup: checkedAddresses(addresses),
        signal,
      },
      (response) => {
        // Only the status matters: close without reading the body.
        response.destroy();
        resolve(response.statusCode ?? 0);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** A `lookup` answering the addresses already checked, so the socket cannot go anywhere else. */
function checkedAddresses(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
    const first = wanted[0];
    if (first === undefined) {
      callback(Object.assign(new Error(`no checked address of ${hostname} fits`), { code: 'ENOTFOUND' }), '', 0);
    } else if (options.all === true) {
      callback(null, wanted.map(({ address, family }) => ({ address, family })));
    } else {
      callback(null, first.address, first.family);
    }
  };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(new Error('aborted', { cause: signal.reason }));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function failed(reason: string): HttpPostOutcome {
  return { kind: 'failed', reason };
}

function parseHttpUrl(url: string): URL | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
}

/** The URL's host as sockets take it: an IPv6 literal without its brackets. */
function hostOf(target: URL): string {
  return target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
}

function portOf(target: URL): number {
  return target.port !== '' ? Number(target.port) : target.protocol === 'https:' ? 443 : 80;
}

/** `host:port`, with the scheme's default port spelled out. */
function endpoint(target: URL): string {
  return `${target.hostname}:${portOf(target)}`;
}

/**
 * Reads an error by shape, not `instanceof`: errors may come from another realm (e.g. a jest/vm
 * sandbox). A wrapped error (`cause`) or the first of an AggregateError (one per address tried)
 * is what tells.
 */
function facts(error: unknown): ErrorFacts {
  const cause = property(error, 'cause');
  let inner: unknown = codeOf(error) === undefined && cause !== undefined && cause !== null ? cause : error;
  const errors = property(inner, 'errors');
  if (codeOf(inner) === undefined && Array.isArray(errors) && errors.length > 0) inner = errors[0];
  const message = property(inner, 'message');
  return { code: codeOf(inner), message: typeof message === 'string' ? message : String(inner) };
}

function property(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value ? (value as Record<string, unknown>)[name] : undefined;
}

function codeOf(error: unknown): string | undefined {
  const code = property(error, 'code');
  return typeof code === 'string' && code !== '' ? code : undefined;
}

function isTls({ code, message }: ErrorFacts): boolean {
  if (code !== undefined && (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code.includes('CERT') || TLS_CODES.has(code))) return true;
  return /SSL routines|certificate/i.test(message);
}

function describeFailure(error: unknown, target: URL, fields: Readonly<Record<string, string>>): string {
  const fact = facts(error);
  const { code } = fact;
  if (code === 'ECONNREFUSED') return `the connection to ${endpoint(target)} was refused`;
  if (code !== undefined && DNS_CODES.has(code)) return `the host name ${target.hostname} could not be resolved (DNS)`;
  if (isTls(fact)) return `the TLS connection failed: ${code ?? safeMessage(fact.message, target, fields)}`;
  if (code !== undefined && CLOSED_CODES.has(code)) return 'the connection was closed before an answer arrived';
  if (code === 'ETIMEDOUT') return `the connection to ${endpoint(target)} timed out (${code})`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `the host ${endpoint(target)} could not be reached (${code})`;
  if (code !== undefined && code.startsWith('HPE_')) return `the answer was not valid HTTP (${code})`;
  return `the request failed: ${code ?? safeMessage(fact.message, target, fields)}`;
}

/**
 * An error message (used only when there is no code), kept on one line and short; replaced by a
 * neutral phrase if it repeats a posted value or a secret part of the URL (messages may quote either).
 */
function safeMessage(detail: string, target: URL, fields: Readonly<Record<string, string>>): string {
  const line = detail.split('\n')[0]?.trim() ?? '';
  const secrets = [...Object.values(fields), target.search, target.href, decoded(target.search)].filter((value) => value.length > 0);
  if (line === '' || secrets.some((secret) => line.includes(secret))) return 'unexpected error';
  const short = line.length > 200 ? `${line.slice(0, 200)}…` : line;
  return short.replace(/[.\s]+$/, '');
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

import { type HttpPostOptions, type HttpPostOutcome, type HttpPoster } from '../../application/ports/http-poster.port';

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

/** What an error (or its `cause`) says about itself; only `code` and `message` are ever read. */
interface ErrorFacts {
  readonly code: string | undefined;
  readonly message: string;
}

/**
 * Outbound HTTP with Node's built-in `fetch` (undici). Redirects are answers, never followed;
 * network failures resolve as `failed` with one administrator-readable sentence that names at most
 * the host and port (never a posted value, the query string or the URL's user info).
 */
export class FetchHttpPoster implements HttpPoster {
  async postForm(url: string, fields: Readonly<Record<string, string>>, options: HttpPostOptions): Promise<HttpPostOutcome> {
    const target = parseHttpUrl(url);
    if (target === undefined) return failed('the URL is not an http(s) URL');
    // fetch refuses a URL with user info, and its error message would repeat the whole URL.
    if (target.username !== '' || target.password !== '') return failed('the URL must not carry user credentials');

    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      const response = await fetch(target, {
        method: 'POST',
        redirect: 'manual',
        signal,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      });
      // Only the status matters: release the socket without reading the body.
      await response.body?.cancel().catch(() => undefined);
      return { kind: 'answered', status: response.status };
    } catch (error) {
      if (signal.aborted) return failed(`the connection timed out after ${options.timeoutMs} ms`);
      return failed(describeFailure(error, target, fields));
    }
  }
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

/** `host:port`, with the scheme's default port spelled out. */
function endpoint(target: URL): string {
  return `${target.hostname}:${target.port !== '' ? target.port : target.protocol === 'https:' ? '443' : '80'}`;
}

/**
 * undici rejects with `TypeError: fetch failed` and puts the system/TLS error in `cause`. Read by
 * shape, not `instanceof`: the errors may come from another realm (e.g. a jest/vm sandbox).
 */
function facts(error: unknown): ErrorFacts {
  const cause = property(error, 'cause');
  let inner: unknown = cause !== undefined && cause !== null ? cause : error;
  // Happy-eyeballs connects may fail with an AggregateError of one error per address.
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
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
    return `the host name ${target.hostname} could not be resolved (DNS)`;
  }
  if (isTls(fact)) return `the TLS connection failed: ${code ?? safeMessage(fact.message, target, fields)}`;
  if (code !== undefined && CLOSED_CODES.has(code)) return 'the connection was closed before an answer arrived';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return `the connection to ${endpoint(target)} timed out (${code})`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `the host ${endpoint(target)} could not be reached (${code})`;
  if (code !== undefined && code.startsWith('HPE_')) return `the answer was not valid HTTP (${code})`;
  // fetch's port blocklist (https://fetch.spec.whatwg.org/#bad-port) fails with no code.
  if (fact.message === 'bad port') return `the request failed: port ${endpoint(target).split(':').pop() ?? ''} is blocked by fetch`;
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

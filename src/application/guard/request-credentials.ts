import { type GuardRequest } from './guard-request';

/** A header's value (names in any case; the first of a repeated header). */
export function headerOf(headers: GuardRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  // for…in over own keys rather than Object.entries: no array per call, and only names of the
  // wanted length are lower-cased (this runs on every guarded request).
  for (const key in headers) {
    if (key.length !== wanted.length || !Object.hasOwn(headers, key) || (key !== wanted && key.toLowerCase() !== wanted)) continue;
    const value = headers[key];
    return typeof value === 'string' ? value : value?.[0];
  }
  return undefined;
}

/** The token of an `Authorization: Bearer <token>` header value; undefined for any other value. */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
}

/**
 * The request last read and what was read of it: the authenticators of a request ask one after
 * the other, so one entry reads its Authorization header once however many ask, with no
 * allocation per request (a WeakMap entry per request cost more than the reading). A request
 * asked about again after another was read is read again.
 */
const last: { request: Pick<GuardRequest, 'headers'> | undefined; header: string | undefined; bearerRead: boolean; bearerToken: string | undefined } = {
  request: undefined,
  header: undefined,
  bearerRead: false,
  bearerToken: undefined,
};

function read(request: Pick<GuardRequest, 'headers'>): typeof last {
  if (last.request !== request) {
    last.request = request;
    last.header = headerOf(request.headers, 'authorization');
    last.bearerRead = false;
    last.bearerToken = undefined;
  }
  return last;
}

/** A request's Authorization header value (the first, if repeated). */
export function requestAuthorization(request: Pick<GuardRequest, 'headers'>): string | undefined {
  return read(request).header;
}

/** The bearer token of a request's Authorization header, if it has one. */
export function requestBearerToken(request: Pick<GuardRequest, 'headers'>): string | undefined {
  const seen = read(request);
  if (!seen.bearerRead) {
    seen.bearerToken = bearerTokenOf(seen.header);
    seen.bearerRead = true;
  }
  return seen.bearerToken;
}

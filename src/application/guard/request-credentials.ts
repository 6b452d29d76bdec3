import { type GuardRequest } from './guard-request';

/** A header's value (names in any case; the first of a repeated header). */
export function headerOf(headers: GuardRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    return typeof value === 'string' ? value : value?.[0];
  }
  return undefined;
}

/** The token of an `Authorization: Bearer <token>` header value; undefined for any other value. */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
}

/** The bearer token of a request's Authorization header, if it has one. */
export function requestBearerToken(request: Pick<GuardRequest, 'headers'>): string | undefined {
  return bearerTokenOf(headerOf(request.headers, 'authorization'));
}

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

/** A request's Authorization header, read once however many authenticators ask. */
interface RequestAuthorization {
  readonly header: string | undefined;
  readonly bearerToken: string | undefined;
}

const readAuthorizations = new WeakMap<Pick<GuardRequest, 'headers'>, RequestAuthorization>();

function authorizationOf(request: Pick<GuardRequest, 'headers'>): RequestAuthorization {
  let read = readAuthorizations.get(request);
  if (read === undefined) {
    const header = headerOf(request.headers, 'authorization');
    read = { header, bearerToken: bearerTokenOf(header) };
    readAuthorizations.set(request, read);
  }
  return read;
}

/** A request's Authorization header value (the first, if repeated). */
export function requestAuthorization(request: Pick<GuardRequest, 'headers'>): string | undefined {
  return authorizationOf(request).header;
}

/** The bearer token of a request's Authorization header, if it has one. */
export function requestBearerToken(request: Pick<GuardRequest, 'headers'>): string | undefined {
  return authorizationOf(request).bearerToken;
}

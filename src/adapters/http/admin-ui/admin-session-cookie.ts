import { type FastifyRequest } from 'fastify';

/** The admin web UI's session: the admin bearer token in an HttpOnly cookie. */
export const SESSION_COOKIE = 'portcullis_admin';

/**
 * Every request the web UI makes carries this header. The cookie is honoured only with it: a
 * cross-site form cannot set a header, and a cross-site script would need a CORS preflight this
 * server never grants (with SameSite=Strict on top, a second defence against CSRF).
 */
export const UI_REQUEST_HEADER = 'x-portcullis-ui';

/** The token from the session cookie, when the request comes from the web UI; undefined otherwise. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  if (request.headers[UI_REQUEST_HEADER] !== '1') return undefined;
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) {
      const value = rest.join('=');
      return /^[A-Za-z0-9._~-]{1,512}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** `Set-Cookie` for a new session (a browser-session cookie; the token's own lifetime still applies). */
export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** `Set-Cookie` that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

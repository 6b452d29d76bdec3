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

/**
 * Where the browser sends the session cookie: the admin REST API, and the UI's own session
 * endpoint (to sign out). Never the pages and assets, the OAuth endpoints, /health or anything else
 * a gateway may route to this host. Each path is a cookie of its own, set and cleared together.
 */
export const SESSION_COOKIE_PATHS = ['/rest/V1', '/admin/session'] as const;

/** `Set-Cookie` headers for a new session (browser-session cookies; the token's own lifetime still applies). */
export function sessionCookie(token: string, secure: boolean): string[] {
  return SESSION_COOKIE_PATHS.map((path) => `${SESSION_COOKIE}=${token}; Path=${path}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`);
}

/** `Set-Cookie` headers that remove the session cookies (and the `Path=/` one that earlier versions set). */
export function clearedSessionCookie(secure: boolean): string[] {
  return [...SESSION_COOKIE_PATHS, '/'].map((path) => `${SESSION_COOKIE}=; Path=${path}; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`);
}

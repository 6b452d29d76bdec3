/** The admin REST API, called with the session cookie (see admin-session-cookie on the server). */

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** A refusal of the API: its status, stable code, message and per-field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: readonly FieldError[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Codes whose message belongs under one form field (the API names no field for them). */
const FIELD_OF_CODE: Readonly<Record<string, string>> = {
  'INTEGRATION.NAME_TAKEN': 'name',
  'ROLE.NAME_TAKEN': 'name',
  'ADMIN_USER.USERNAME_TAKEN': 'username',
  'ADMIN_USER.PASSWORD_WEAK': 'password',
  'ADMIN_AUTH.CURRENT_PASSWORD_INVALID': 'currentPassword',
};

let onSessionEnded: () => void = () => undefined;

/** Called when the API answers 401 to a signed-in page (the session expired or was revoked). */
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler;
}

async function request<T>(method: string, path: string, body?: unknown, options: { readonly signIn?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-portcullis-ui': '1' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server could not be reached. Check your connection and try again.', []);
  }
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text === '' ? null : JSON.parse(text);
  } catch {
    data = null;
  }
  if (response.ok) return data as T;
  const problem = (typeof data === 'object' && data !== null ? data : {}) as { message?: unknown; code?: unknown; errors?: unknown };
  const code = typeof problem.code === 'string' ? problem.code : `HTTP.${response.status}`;
  const message = typeof problem.message === 'string' ? problem.message : `The server answered ${response.status}.`;
  const listed = Array.isArray(problem.errors) ? (problem.errors as FieldError[]).filter((e) => typeof e?.field === 'string') : [];
  const field = FIELD_OF_CODE[code];
  const fieldErrors = listed.length > 0 ? listed : field !== undefined ? [{ field, message }] : [];
  if (response.status === 401 && options.signIn !== true) onSessionEnded();
  throw new ApiError(response.status, code, message, fieldErrors);
}

/** Who is signed in, and which of Portcullis's own resources their role allows (the menu shows those pages). */
export interface SessionInfo {
  readonly username: string;
  readonly userId: string;
  readonly resources: readonly string[];
}

export const api = {
  get: <T>(path: string): Promise<T> => request<T>('GET', path),
  post: <T>(path: string, body?: unknown): Promise<T> => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown): Promise<T> => request<T>('PUT', path, body),
  delete: <T>(path: string): Promise<T> => request<T>('DELETE', path),
  signIn: (username: string, password: string): Promise<SessionInfo> => request('POST', '/admin/session', { username, password }, { signIn: true }),
  session: (): Promise<{ signedIn: true } & SessionInfo | { signedIn: false }> => request('GET', '/admin/session', undefined, { signIn: true }),
  signOut: (): Promise<unknown> => request('DELETE', '/admin/session', undefined, { signIn: true }),
};

/** `?a=1&b=x` from the defined values. */
export function query(values: Readonly<Record<string, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** One page of a paged list of the API (integrations, roles, admin users). */
export interface PageOf<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** Every item of a paged list, read 200 at a time (e.g. the roles a user may be given). */
export async function allPages<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page += 1) {
    const answer = await api.get<PageOf<T>>(`${path}${query({ page, pageSize: 200 })}`);
    items.push(...answer.items);
    if (answer.items.length === 0 || items.length >= answer.total) return items;
  }
}

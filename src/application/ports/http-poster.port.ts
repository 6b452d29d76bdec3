import { injectionToken } from '../../domain/kernel/injection-token';

/** What became of one outbound POST. */
export type HttpPostOutcome =
  /** The server answered (any status, 2xx or not; redirects are answers, never followed). */
  | { readonly kind: 'answered'; readonly status: number }
  /**
   * No answer: timeout, refused or closed connection, DNS or TLS failure, or a destination the
   * adapter does not post to (e.g. a private address). `reason` is one sentence for the server log
   * (e.g. `the connection timed out after 5000 ms`): telling it to whoever chose the URL would make
   * the poster a port scanner. It never holds a posted value, the query string or user info.
   */
  | { readonly kind: 'failed'; readonly reason: string };

export interface HttpPostOptions {
  /** The whole exchange (connect, send, first byte of the answer) must finish within this. */
  readonly timeoutMs: number;
}

/**
 * Outbound HTTP: POSTs `application/x-www-form-urlencoded` fields (the token exchange's
 * credentials POST, docs/oauth.md §1). Never follows redirects; never rejects for a network failure
 * (see HttpPostOutcome); never logs the fields. The default adapter posts to public addresses only
 * unless the operator allowed more (OUTBOUND_ALLOWED_NETWORKS), sending nothing otherwise.
 */
export interface HttpPoster {
  postForm(url: string, fields: Readonly<Record<string, string>>, options: HttpPostOptions): Promise<HttpPostOutcome>;
}

export const HTTP_POSTER = injectionToken<HttpPoster>('HttpPoster');

/** What became of one outbound POST. */
export type HttpPostOutcome =
  /** The server answered (any status, 2xx or not; redirects are answers, never followed). */
  | { readonly kind: 'answered'; readonly status: number }
  /**
   * No answer: timeout, refused connection, DNS or TLS failure. `reason` is one sentence for an
   * administrator (e.g. `the connection timed out after 5000 ms`); it never holds a posted value.
   */
  | { readonly kind: 'failed'; readonly reason: string };

export interface HttpPostOptions {
  /** The whole exchange (connect, send, first byte of the answer) must finish within this. */
  readonly timeoutMs: number;
}

/**
 * Outbound HTTP: POSTs `application/x-www-form-urlencoded` fields (the token exchange's
 * credentials POST, OAUTH.md §1). Never follows redirects; never rejects for a network failure
 * (see HttpPostOutcome); never logs the fields.
 */
export interface HttpPoster {
  postForm(url: string, fields: Readonly<Record<string, string>>, options: HttpPostOptions): Promise<HttpPostOutcome>;
}

export const HTTP_POSTER = Symbol.for('portcullis.HttpPoster');

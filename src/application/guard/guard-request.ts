/** A request as any HTTP framework (or a gateway's forward-auth call) can describe it. */
export interface GuardRequest {
  readonly method: string;
  /** Path and query exactly as the client sent them (`/rest/V1/orders?x=%2F`). */
  readonly url: string;
  /** Header names in any case; a repeated header as a list. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body, when it is `application/x-www-form-urlencoded` (its parameters are signed). */
  readonly formBody?: string;
  /**
   * `scheme://host[:port]` the client addressed, for OAuth signatures: the configured public base
   * URL, or what the framework saw (honouring `X-Forwarded-*` only behind trusted proxies).
   */
  readonly baseUrl: string;
}

/** What `/oauth/token/request` and `/oauth/token/access` answer: a token and its secret. */
export interface TokenPair {
  readonly token: string;
  readonly secret: string;
}

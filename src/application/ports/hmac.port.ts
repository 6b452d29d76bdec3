import { injectionToken } from '../../domain/kernel/injection-token';

/** The HMAC algorithms OAuth 1.0a signatures may use (RFC 5849 §3.4.2, HMAC-SHA256 by extension). */
export type HmacAlgorithm = 'HMAC-SHA256' | 'HMAC-SHA1';

/** Keyed hashing for OAuth signatures. */
export interface Hmac {
  /** Base64 (with padding) of HMAC(key, text), both taken as UTF-8. */
  sign(algorithm: HmacAlgorithm, key: string, text: string): string;
  /**
   * Constant-time comparison of two strings (time independent of where they differ);
   * false, never an exception, when their lengths differ.
   */
  equal(a: string, b: string): boolean;
}

export const HMAC = injectionToken<Hmac>('Hmac');

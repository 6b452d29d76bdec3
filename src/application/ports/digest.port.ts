import { injectionToken } from '../../domain/kernel/injection-token';

/** Unkeyed hashing (the audit trail's chain). */
export interface Digest {
  /** SHA-256 of `text` taken as UTF-8, as 64 lower-case hex digits. */
  sha256Hex(text: string): string;
}

export const DIGEST = injectionToken<Digest>('Digest');

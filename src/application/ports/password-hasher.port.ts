import { injectionToken } from '../../domain/kernel/injection-token';

/** One-way password digests (admin users). */
export interface PasswordHasher {
  /** A self-describing digest with its own salt and parameters. */
  hash(password: string): Promise<string>;
  /** Constant-time check; false (never an exception) for a malformed digest. */
  verify(password: string, digest: string): Promise<boolean>;
}

export const PASSWORD_HASHER = injectionToken<PasswordHasher>('PasswordHasher');

import { injectionToken } from '../../domain/kernel/injection-token';

/**
 * Reversible encryption of secrets at rest (OAuth 1.0a needs the consumer and token secrets back
 * to check signatures).
 */
export interface SecretCipher {
  /** A self-describing, authenticated ciphertext; a new random nonce each call. */
  encrypt(plain: string): string;
  /**
   * @throws SecretDecryptionError when the ciphertext was altered or made with another key;
   *   the error never contains the ciphertext or the key.
   */
  decrypt(ciphertext: string): string;
}

export const SECRET_CIPHER = injectionToken<SecretCipher>('SecretCipher');

export class SecretDecryptionError extends Error {
  readonly code = 'SECRET.DECRYPTION_FAILED';
  constructor(reason: string) {
    super(`A stored secret could not be decrypted (${reason}). Is the secret key the one the data was written with?`);
    this.name = 'SecretDecryptionError';
  }
}

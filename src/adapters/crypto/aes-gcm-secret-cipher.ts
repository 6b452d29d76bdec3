import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretDecryptionError, type SecretCipher } from '../../application/ports/secret-cipher.port';

const VERSION = 'v1';
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

/**
 * AES-256-GCM with a 32-byte key. Ciphertext: `v1:<base64(iv | tag | ciphertext)>`; a new random
 * 96-bit IV per call; tampering or a wrong key fails authentication instead of giving garbage.
 */
export class AesGcmSecretCipher implements SecretCipher {
  private readonly key: Buffer;

  /** @throws Error when the key is not 32 bytes (the message never contains the key). */
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error(`The secret key must be 32 bytes (256 bits); got ${key.length} bytes.`);
    this.key = Buffer.from(key);
  }

  /**
   * Reads a key given as 64 hex characters or as base64 of 32 bytes.
   * @throws Error saying which format is expected (never echoing the value).
   */
  static fromEncodedKey(encoded: string): AesGcmSecretCipher {
    const value = encoded.trim();
    if (/^[0-9a-fA-F]{64}$/.test(value)) return new AesGcmSecretCipher(Buffer.from(value, 'hex'));
    const decoded = Buffer.from(value, 'base64');
    if (decoded.length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(value)) return new AesGcmSecretCipher(decoded);
    throw new Error('The secret key must be 64 hexadecimal characters or the base64 encoding of 32 random bytes.');
  }

  static generateKey(): Buffer {
    return randomBytes(32);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(ciphertext: string): string {
    const [version, payload] = ciphertext.split(':', 2);
    if (version !== VERSION || payload === undefined) throw new SecretDecryptionError('unknown format');
    const raw = Buffer.from(payload, 'base64');
    if (raw.length < IV_LENGTH + TAG_LENGTH) throw new SecretDecryptionError('truncated value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_LENGTH));
    decipher.setAuthTag(raw.subarray(IV_LENGTH, IV_LENGTH + TAG_LENGTH));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_LENGTH + TAG_LENGTH)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptionError('authentication failed: wrong key or altered data');
    }
  }
}

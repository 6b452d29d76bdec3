import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AesGcmSecretCipher } from '../adapters/crypto/aes-gcm-secret-cipher';

export const SECRET_KEY_FILE = 'secret.key';

export class SecretKeyConfigError extends Error {
  readonly code = 'CONFIG.SECRET_KEY';
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyConfigError';
  }
}

/**
 * The cipher for secrets at rest. The key comes from configuration (PORTCULLIS_SECRET_KEY: 64 hex
 * characters or base64 of 32 bytes); for the embedded SQLite default it may instead live in
 * `<dataDir>/secret.key`, generated on first start with mode 0600. A server database (MySQL) needs
 * the configured key, since every server process must share it.
 * @throws SecretKeyConfigError saying what to do (never echoing a key).
 */
export function resolveSecretCipher(options: { configuredKey?: string; dataDir: string; allowKeyFile: boolean }): AesGcmSecretCipher {
  if (options.configuredKey !== undefined && options.configuredKey.trim() !== '') {
    try {
      return AesGcmSecretCipher.fromEncodedKey(options.configuredKey);
    } catch (error) {
      throw new SecretKeyConfigError(`PORTCULLIS_SECRET_KEY is invalid: ${(error as Error).message}`);
    }
  }
  if (!options.allowKeyFile) {
    throw new SecretKeyConfigError(
      'PORTCULLIS_SECRET_KEY is required with a MySQL database (every server process must use the same key). ' +
        'Generate one with: openssl rand -hex 32',
    );
  }
  const file = join(options.dataDir, SECRET_KEY_FILE);
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    try {
      return AesGcmSecretCipher.fromEncodedKey(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new SecretKeyConfigError(`The key file ${file} is invalid: ${(error as Error).message}`);
    }
  }
  mkdirSync(options.dataDir, { recursive: true });
  const key = AesGcmSecretCipher.generateKey();
  // 'wx': never overwrite a key another process wrote a moment ago.
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return new AesGcmSecretCipher(key);
}

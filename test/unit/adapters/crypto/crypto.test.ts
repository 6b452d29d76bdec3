import { AesGcmSecretCipher } from '../../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { CryptoRandomSource, RandomUuidGenerator } from '../../../../src/adapters/crypto/crypto-random-source';
import { ScryptPasswordHasher } from '../../../../src/adapters/crypto/scrypt-password-hasher';
import { SecretDecryptionError } from '../../../../src/application/ports/secret-cipher.port';

describe('CryptoRandomSource', () => {
  it('gives 32 characters of [0-9a-z], all different over many draws', () => {
    const random = new CryptoRandomSource();
    const tokens = Array.from({ length: 2000 }, () => random.token());
    for (const token of tokens) expect(token).toMatch(/^[0-9a-z]{32}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('uses the whole alphabet roughly evenly (no modulo bias toward 0-3)', () => {
    const random = new CryptoRandomSource();
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i += 1) for (const char of random.token()) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(36);
    const expected = (3000 * 32) / 36;
    // ±15 % is far outside chance for 96,000 draws, yet would catch a 2x bias.
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.15);
  });
});

describe('RandomUuidGenerator', () => {
  it('gives distinct v4 UUIDs', () => {
    const ids = new RandomUuidGenerator();
    const a = ids.next();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids.next()).not.toBe(a);
  });
});

describe('ScryptPasswordHasher', () => {
  const hasher = new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

  it('verifies the right password and refuses a wrong one', async () => {
    const digest = await hasher.hash('correct horse 42');
    expect(digest).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(digest).not.toContain('correct horse 42');
    await expect(hasher.verify('correct horse 42', digest)).resolves.toBe(true);
    await expect(hasher.verify('correct horse 43', digest)).resolves.toBe(false);
  });

  it('salts every digest', async () => {
    expect(await hasher.hash('same password 1')).not.toBe(await hasher.hash('same password 1'));
  });

  it('verifies digests made with other parameters (they are in the digest)', async () => {
    const stronger = new ScryptPasswordHasher({ N: 2 ** 11, r: 8, p: 1 });
    await expect(hasher.verify('pw 12345', await stronger.hash('pw 12345'))).resolves.toBe(true);
  });

  it.each(['', 'bcrypt$x', 'scrypt$1024$8$1$$', 'scrypt$abc$8$1$c2FsdA==$aGFzaA==', 'scrypt$1073741824$8$1$c2FsdA==$aGFzaA=='])(
    'answers false, not an exception, for the malformed digest %j',
    async (digest) => {
      await expect(hasher.verify('anything 1', digest)).resolves.toBe(false);
    },
  );
});

describe('AesGcmSecretCipher', () => {
  const key = AesGcmSecretCipher.generateKey();
  const cipher = new AesGcmSecretCipher(key);
  const secret = 'abcdefghijklmnopqrstuvwxyz012345';

  it('round-trips and never shows the secret in the ciphertext', () => {
    const encrypted = cipher.encrypt(secret);
    expect(encrypted.startsWith('v1:')).toBe(true);
    expect(encrypted).not.toContain(secret);
    expect(cipher.decrypt(encrypted)).toBe(secret);
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt(secret)).not.toBe(cipher.encrypt(secret));
  });

  it('refuses data made with another key with a clear error that leaks nothing', () => {
    const encrypted = new AesGcmSecretCipher(AesGcmSecretCipher.generateKey()).encrypt(secret);
    let caught: unknown;
    try {
      cipher.decrypt(encrypted);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecretDecryptionError);
    const message = (caught as Error).message;
    expect(message).toMatch(/wrong key or altered data/);
    expect(message).not.toContain(encrypted.slice(3));
    expect(message).not.toContain(key.toString('hex'));
  });

  it('refuses altered, truncated and foreign values', () => {
    const encrypted = cipher.encrypt(secret);
    const raw = Buffer.from(encrypted.slice(3), 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => cipher.decrypt(`v1:${raw.toString('base64')}`)).toThrow(SecretDecryptionError);
    expect(() => cipher.decrypt('v1:AAAA')).toThrow(/truncated/);
    expect(() => cipher.decrypt(secret)).toThrow(/unknown format/);
  });

  it('reads keys as 64 hex characters or base64 of 32 bytes, and rejects others without echoing them', () => {
    const hex = key.toString('hex');
    expect(AesGcmSecretCipher.fromEncodedKey(hex).decrypt(cipher.encrypt('x'))).toBe('x');
    expect(AesGcmSecretCipher.fromEncodedKey(key.toString('base64')).decrypt(cipher.encrypt('y'))).toBe('y');
    expect(() => AesGcmSecretCipher.fromEncodedKey('too-short-key')).toThrow(/64 hexadecimal characters/);
    try {
      AesGcmSecretCipher.fromEncodedKey('too-short-key');
    } catch (error) {
      expect((error as Error).message).not.toContain('too-short-key');
    }
    expect(() => new AesGcmSecretCipher(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

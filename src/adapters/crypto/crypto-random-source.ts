import { randomBytes, randomUUID } from 'node:crypto';
import { type IdGenerator, type RandomSource } from '../../application/ports/random-source.port';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const TOKEN_LENGTH = 32;
// 252 = 7 × 36: bytes at or above it are dropped so every character is equally likely.
const UNBIASED_LIMIT = 252;

/** Tokens of 32 characters of [0-9a-z] from the operating system's CSPRNG, without modulo bias. */
export class CryptoRandomSource implements RandomSource {
  token(): string {
    let result = '';
    while (result.length < TOKEN_LENGTH) {
      for (const byte of randomBytes(TOKEN_LENGTH * 2)) {
        if (byte >= UNBIASED_LIMIT) continue;
        result += ALPHABET[byte % ALPHABET.length];
        if (result.length === TOKEN_LENGTH) break;
      }
    }
    return result;
  }
}

/** Random (v4) UUIDs. */
export class RandomUuidGenerator implements IdGenerator {
  next(): string {
    return randomUUID();
  }
}

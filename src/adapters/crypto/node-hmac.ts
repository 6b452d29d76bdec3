import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Hmac, type HmacAlgorithm } from '../../application/ports/hmac.port';

const DIGESTS: Readonly<Record<HmacAlgorithm, string>> = { 'HMAC-SHA256': 'sha256', 'HMAC-SHA1': 'sha1' };

/** HMAC with node:crypto; comparison with timingSafeEqual. */
export class NodeHmac implements Hmac {
  sign(algorithm: HmacAlgorithm, key: string, text: string): string {
    return createHmac(DIGESTS[algorithm], key).update(text, 'utf8').digest('base64');
  }

  equal(a: string, b: string): boolean {
    const left = Buffer.from(a, 'utf8');
    const right = Buffer.from(b, 'utf8');
    // The length of a signature is not a secret (it follows from the method); the bytes are.
    if (left.length !== right.length) return false;
    return timingSafeEqual(left, right);
  }
}

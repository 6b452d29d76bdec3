import { createHash } from 'node:crypto';
import { type Digest } from '../../application/ports/digest.port';

/** SHA-256 with node:crypto. */
export class NodeDigest implements Digest {
  sha256Hex(text: string): string {
    return createHash('sha256').update(text, 'utf8').digest('hex');
  }
}

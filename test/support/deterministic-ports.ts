import { type Clock } from '../../src/application/ports/clock.port';
import { type IdGenerator, type RandomSource } from '../../src/application/ports/random-source.port';
import { ScryptPasswordHasher } from '../../src/adapters/crypto/scrypt-password-hasher';

/** A clock that moves only when told to. */
export class FixedClock implements Clock {
  constructor(private current: Date = new Date('2026-01-01T00:00:00.000Z')) {}

  now(): Date {
    return new Date(this.current.getTime());
  }

  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

/** ids `id-1`, `id-2`, … */
export class SequentialIds implements IdGenerator {
  private count = 0;
  next(): string {
    this.count += 1;
    return `id-${this.count}`;
  }
}

/** Distinct 32-character [0-9a-z] tokens, predictable for assertions. */
export class SequentialRandom implements RandomSource {
  private count = 0;
  token(): string {
    this.count += 1;
    return `t${this.count.toString(36)}`.padEnd(32, 'x');
  }
}

/** The real scrypt hasher with cheap parameters so tests stay fast. */
export const fastPasswordHasher = (): ScryptPasswordHasher => new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

/** The current time; the core never reads the system clock itself. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol.for('portcullis.Clock');

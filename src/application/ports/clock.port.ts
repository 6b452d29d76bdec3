import { injectionToken } from '../../domain/kernel/injection-token';

/** The current time; the core never reads the system clock itself. */
export interface Clock {
  now(): Date;
}

export const CLOCK = injectionToken<Clock>('Clock');

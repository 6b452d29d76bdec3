import { injectionToken } from '../../domain/kernel/injection-token';

/**
 * Tells a storage outage (the database, or Redis, cannot be reached: answered 503) from other
 * failures (a bug: answered 500), for the guard's decision reasons. Bound by the storage module
 * (and the Redis module) in the composition root; never throws.
 */
export type StorageOutages = (error: unknown) => boolean;

export const STORAGE_OUTAGES = injectionToken<StorageOutages>('StorageOutages');

import { injectionToken } from '../../domain/kernel/injection-token';

/** Unpredictable values for credentials; must come from a CSPRNG outside tests. */
export interface RandomSource {
  /** 32 characters of [0-9a-z] (consumer keys and secrets, tokens, verifiers). */
  token(): string;
}

export const RANDOM_SOURCE = injectionToken<RandomSource>('RandomSource');

/** Identifiers of new aggregates. */
export interface IdGenerator {
  /** A new id, never returned before. */
  next(): string;
}

export const ID_GENERATOR = injectionToken<IdGenerator>('IdGenerator');

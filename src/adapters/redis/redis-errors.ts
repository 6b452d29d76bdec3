/**
 * Redis could not answer a command: not connected (the client does not queue commands while it
 * reconnects), the connection dropped with the command in flight, the command timed out, or
 * Redis refused to run it (out of memory, a read-only replica). The guard answers it 503 with
 * Retry-After, never as a refusal of the caller: whether a nonce was used cannot be known.
 */
export class RedisUnavailableError extends Error {
  readonly code = 'REDIS_UNAVAILABLE';

  constructor(what: string, cause: unknown) {
    super(`Redis is unavailable (${what}): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Runs one Redis command, turning any failure into RedisUnavailableError. */
export async function redisCommand<T>(what: string, command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    throw new RedisUnavailableError(what, error);
  }
}

/** True for RedisUnavailableError, also when wrapped (`cause`). */
export function isRedisUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    if (current instanceof RedisUnavailableError) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

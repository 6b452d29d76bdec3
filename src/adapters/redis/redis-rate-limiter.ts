import { type Redis } from 'ioredis';
import { gcraDecision, gcraWindowMs } from '../../application/guard/gcra';
import { type RateLimit, type RateLimitDecision, type RateLimiter } from '../../application/ports/rate-limiter.port';
import { redisCommand } from './redis-errors';

export interface RedisRateLimiterOptions {
  /** Put before every key, e.g. `portcullis:`. */
  readonly keyPrefix: string;
}

/** The script's name on the client (ioredis sends EVALSHA, and the script itself once per connection). */
const TAKE_COMMAND = 'portcullisRateLimitTake';

/**
 * One GCRA take (application/guard/gcra.ts), atomic in Redis. KEYS[1] the bucket, a hash of the
 * TAT: `ms` whole milliseconds of Redis's clock and `ticks` (< limit) of 1/limit ms; ARGV limit,
 * window in ms. Answers how many ticks the TAT lay ahead of now before the take, from which
 * gcraDecision derives the decision; an allowed take moves the TAT one interval on, and the key
 * expires when the TAT passes (a full bucket is the same as none). Every value is an integer
 * below 2^53, exact in Lua's doubles.
 */
const TAKE_LUA = `
local limit = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
local tolerance = limit * windowMs
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local tat = redis.call('HMGET', KEYS[1], 'ms', 'ticks')
local ahead = 0
if tat[1] then
  ahead = math.min(tolerance, math.max(0, (tonumber(tat[1]) - now) * limit + tonumber(tat[2])))
end
local after = ahead + windowMs
if after <= tolerance then
  local wholeMs = math.floor(after / limit)
  redis.call('HSET', KEYS[1], 'ms', now + wholeMs, 'ticks', after - wholeMs * limit)
  redis.call('PEXPIRE', KEYS[1], wholeMs + 1)
end
return ahead
`;

interface WithTakeCommand {
  [TAKE_COMMAND](key: string, limit: number, windowMs: number): Promise<unknown>;
}

/**
 * Rate limits shared by every process on one Redis: each take is one script run, one round trip,
 * so concurrent takes from any process are counted exactly once against one bucket. The script
 * judges by Redis's clock (`TIME`), so processes whose clocks disagree still agree; the `now` a
 * caller passes is ignored. The key is `<prefix>ratelimit:<key>`; idle keys expire by themselves.
 */
export class RedisRateLimiter implements RateLimiter {
  /** Defines the script on `redis` (the commands connection of RedisConnections). */
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisRateLimiterOptions,
  ) {
    redis.defineCommand(TAKE_COMMAND, { numberOfKeys: 1, lua: TAKE_LUA });
  }

  /**
   * @param _now ignored: Redis's clock judges
   * @throws RangeError unless the rate's limit and windowSeconds are positive integers
   * @throws RedisUnavailableError when Redis cannot answer: whether the take counted is then unknown
   */
  async take(key: string, rate: RateLimit, _now?: number): Promise<RateLimitDecision> {
    const windowMs = gcraWindowMs(rate);
    const ahead = await redisCommand('rate limit take', () => (this.redis as unknown as WithTakeCommand)[TAKE_COMMAND](this.keyOf(key), rate.limit, windowMs));
    return gcraDecision(rate, windowMs, Number(ahead));
  }

  /** @throws RedisUnavailableError when Redis cannot answer */
  async forget(key: string): Promise<void> {
    await redisCommand('rate limit forget', () => this.redis.del(this.keyOf(key)));
  }

  private keyOf(key: string): string {
    return `${this.options.keyPrefix}ratelimit:${key}`;
  }
}

import { Redis, type RedisOptions } from 'ioredis';
import { redisCommand } from './redis-errors';

/**
 * How both clients behave while Redis is away: a command fails at once instead of waiting in a
 * queue (the guard answers 503 promptly), a command under way fails when the connection drops or
 * after `commandTimeout`, and is never sent again by itself (a `SET NX` whose answer was lost
 * would come back "already used"); the client reconnects in the background, every second at most.
 */
const FAIL_FAST: RedisOptions = {
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  autoResubscribe: false,
  commandTimeout: 2000,
  connectTimeout: 2000,
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
  // How long a closing socket may linger (ioredis waits this long even for one already closed).
  disconnectTimeout: 200,
};

/**
 * The two connections Portcullis keeps to Redis: `commands` (nonces, publishing; commands issued in
 * one event-loop turn share one round trip) and `subscriber` (in subscriber mode, it may send
 * nothing else).
 */
export class RedisConnections {
  private constructor(
    readonly commands: Redis,
    readonly subscriber: Redis,
  ) {}

  /**
   * Connects both; a lost connection is re-established in the background from then on.
   * @param url redis://[user:password@]host[:port][/db] or rediss://…
   * @throws RedisUnavailableError when Redis does not answer (nothing is left open)
   */
  static async open(url: string): Promise<RedisConnections> {
    const commands = new Redis(url, { ...FAIL_FAST, enableAutoPipelining: true });
    const subscriber = new Redis(url, FAIL_FAST);
    const connections = new RedisConnections(commands, subscriber);
    for (const client of [commands, subscriber]) warnOnceWhenLost(client);
    try {
      await redisCommand('connect', () => Promise.all([commands.connect(), subscriber.connect()]));
    } catch (error) {
      await connections.close();
      throw error;
    }
    return connections;
  }

  /** @throws RedisUnavailableError unless Redis answers */
  async ping(): Promise<void> {
    await redisCommand('PING', () => this.commands.ping());
  }

  /** Closes both connections, at once when Redis is away; no reconnection follows. */
  async close(): Promise<void> {
    const quit = async (client: Redis): Promise<void> => {
      if (client.status === 'end') return;
      if (client.status !== 'ready') return client.disconnect();
      await client.quit().catch(() => client.disconnect());
    };
    await Promise.all([quit(this.commands), quit(this.subscriber)]);
  }
}

/**
 * The client reports connection errors as events; without a listener ioredis prints each one.
 * One process warning per outage (the URL and its password are not in it); the guard's 503
 * answers and GET /ready show the rest.
 */
function warnOnceWhenLost(client: Redis): void {
  let connected = false;
  let warned = false;
  client.on('ready', () => {
    connected = true;
    warned = false;
  });
  client.on('error', (error: Error & { code?: unknown }) => {
    // Before the first connection, `open` reports the failure itself.
    if (!connected || warned) return;
    warned = true;
    process.emitWarning(`Redis is unavailable (${typeof error.code === 'string' ? error.code : error.name}); signed calls are answered 503 until it is back.`, {
      code: 'PORTCULLIS_REDIS_UNAVAILABLE',
    });
  });
}

import { type NonceRepository } from '../../domain/oauth/nonce.repository';
import { type InMemoryDatabase, type NonceRecord } from './in-memory-database';

/** The key of the composite primary key (integration, nonce); NUL cannot occur in an id. */
const keyOf = (integrationId: string, nonce: string): string => `${integrationId}\u0000${nonce}`;

/** Each method runs without an await in between, so it is atomic like the SQL statements. */
export class InMemoryNonceRepository implements NonceRepository {
  constructor(private readonly database: InMemoryDatabase) {}

  private get rows(): Map<string, NonceRecord> {
    return this.database.tables.nonces;
  }

  use(integrationId: string, nonce: string, timestamp: number): Promise<boolean> {
    const key = keyOf(integrationId, nonce);
    if (this.rows.has(key)) return Promise.resolve(false);
    this.rows.set(key, Object.freeze({ integrationId, nonce, timestamp }));
    return Promise.resolve(true);
  }

  purgeOlderThan(before: number): Promise<number> {
    let purged = 0;
    for (const [key, row] of this.rows) {
      if (row.timestamp < before) {
        this.rows.delete(key);
        purged += 1;
      }
    }
    return Promise.resolve(purged);
  }
}

import { OAuthToken, type OAuthTokenSnapshot } from '../../domain/token/oauth-token.aggregate';
import { type OAuthTokenRepository } from '../../domain/token/oauth-token.repository';
import { type InMemoryDatabase } from './in-memory-database';

export class InMemoryOAuthTokenRepository implements OAuthTokenRepository {
  constructor(private readonly database: InMemoryDatabase) {}

  private get rows(): Map<string, OAuthTokenSnapshot> {
    return this.database.tables.tokens;
  }

  findByToken(token: string): Promise<OAuthToken | null> {
    const row = [...this.rows.values()].find((candidate) => candidate.token === token);
    return Promise.resolve(row ? OAuthToken.restore(row) : null);
  }

  listByIntegrationId(integrationId: string): Promise<readonly OAuthToken[]> {
    return Promise.resolve(
      [...this.rows.values()]
        .filter((row) => row.integrationId === integrationId)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .map((row) => OAuthToken.restore(row)),
    );
  }

  save(token: OAuthToken): Promise<void> {
    const row = token.toSnapshot();
    const holder = [...this.rows.values()].find((candidate) => candidate.token === row.token && candidate.id !== row.id);
    if (holder) return Promise.reject(new Error('An OAuth token with the same value already exists.'));
    this.rows.set(row.id, row);
    return Promise.resolve();
  }

  replace(token: OAuthToken, previousValue: string): Promise<boolean> {
    const row = token.toSnapshot();
    if (this.rows.get(row.id)?.token !== previousValue) return Promise.resolve(false);
    return this.save(token).then(() => true);
  }

  purgeUnfinishedOlderThan(before: Date): Promise<number> {
    let purged = 0;
    for (const [id, row] of this.rows) {
      if (row.type !== 'access' && row.createdAt.getTime() < before.getTime()) {
        this.rows.delete(id);
        purged += 1;
      }
    }
    return Promise.resolve(purged);
  }

  deleteByIntegrationId(integrationId: string): Promise<void> {
    for (const [id, row] of this.rows) if (row.integrationId === integrationId) this.rows.delete(id);
    return Promise.resolve();
  }
}

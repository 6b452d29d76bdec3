import { Integration } from '../../domain/integration/integration.aggregate';
import { IntegrationNameTakenError } from '../../domain/integration/integration.errors';
import { IntegrationName } from '../../domain/integration/integration-name.value-object';
import { compareKeys } from '../../domain/shared/text';
import {
  type IntegrationListQuery,
  type IntegrationPage,
  type IntegrationRepository,
} from '../../domain/integration/integration.repository';
import { type InMemoryDatabase } from './in-memory-database';

const key = (name: string): string => IntegrationName.keyOf(name);

export class InMemoryIntegrationRepository implements IntegrationRepository {
  constructor(private readonly database: InMemoryDatabase) {}

  private get rows(): Map<string, ReturnType<Integration['toSnapshot']>> {
    return this.database.tables.integrations;
  }

  findById(id: string): Promise<Integration | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row ? Integration.restore(row) : null);
  }

  findByName(name: string): Promise<Integration | null> {
    const row = [...this.rows.values()].find((candidate) => key(candidate.name) === key(name));
    return Promise.resolve(row ? Integration.restore(row) : null);
  }

  findByConsumerKey(consumerKey: string): Promise<Integration | null> {
    const row = [...this.rows.values()].find((candidate) => candidate.consumerKey === consumerKey);
    return Promise.resolve(row ? Integration.restore(row) : null);
  }

  list(query: IntegrationListQuery): Promise<IntegrationPage> {
    const needle = query.nameContains === undefined ? undefined : key(query.nameContains);
    const matching = [...this.rows.values()]
      .filter((row) => query.status === undefined || row.status === query.status)
      .filter((row) => query.setupType === undefined || row.setupType === query.setupType)
      .filter((row) => needle === undefined || key(row.name).includes(needle))
      .sort((a, b) => compareKeys(key(a.name), key(b.name)) || compareKeys(a.id, b.id));
    const start = (query.page - 1) * query.pageSize;
    return Promise.resolve({
      items: matching.slice(start, start + query.pageSize).map((row) => Integration.restore(row)),
      total: matching.length,
    });
  }

  save(integration: Integration): Promise<void> {
    const row = integration.toSnapshot();
    const holder = [...this.rows.values()].find((candidate) => key(candidate.name) === key(row.name) && candidate.id !== row.id);
    if (holder) return Promise.reject(new IntegrationNameTakenError(row.name));
    this.rows.set(row.id, row);
    return Promise.resolve();
  }

  recordUse(id: string, at: Date, minIntervalSeconds: number): Promise<boolean> {
    const row = this.rows.get(id);
    if (row === undefined) return Promise.resolve(false);
    if (row.lastUsedAt !== null && row.lastUsedAt.getTime() > at.getTime() - minIntervalSeconds * 1000) return Promise.resolve(false);
    this.rows.set(id, { ...row, lastUsedAt: at });
    return Promise.resolve(true);
  }

  delete(id: string): Promise<void> {
    this.rows.delete(id);
    // Like ON DELETE CASCADE of oauth_nonce in SQL: no use case deletes nonces, the storage does.
    const nonces = this.database.tables.nonces;
    for (const [nonceKey, nonce] of nonces) if (nonce.integrationId === id) nonces.delete(nonceKey);
    return Promise.resolve();
  }
}

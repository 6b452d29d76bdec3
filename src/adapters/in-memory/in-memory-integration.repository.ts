import { Integration } from '../../domain/integration/integration.aggregate';
import { IntegrationNameTakenError } from '../../domain/integration/integration.errors';
import { IntegrationName } from '../../domain/integration/integration-name.value-object';
import { compareKeys } from '../../domain/kernel/text';
import {
  type IntegrationListQuery,
  type IntegrationOrder,
  type IntegrationPage,
  type IntegrationRepository,
  type IntegrationSortField,
} from '../../domain/integration/integration.repository';
import { InMemoryAggregates, pageOf } from './in-memory-aggregates';
import { type InMemoryDatabase } from './in-memory-database';

const key = (name: string): string => IntegrationName.keyOf(name);
/** A-Z folded to a-z only, as SQL's LOWER() does on SQLite. */
const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

type Row = ReturnType<Integration['toSnapshot']>;

/** The order of `IntegrationListQuery.order`, as the SQL repositories sort. */
function comparator(order: IntegrationOrder): (a: Row, b: Row) => number {
  const sign = order.direction === 'desc' ? -1 : 1;
  const byName = (a: Row, b: Row): number => compareKeys(key(a.name), key(b.name)) || compareKeys(a.id, b.id);
  const time = (date: Date | null): number => (date === null ? Number.NEGATIVE_INFINITY : date.getTime());
  const primary: Record<IntegrationSortField, (a: Row, b: Row) => number> = {
    name: () => 0,
    email: (a, b) => compareKeys(asciiLower(a.email), asciiLower(b.email)),
    status: (a, b) => compareKeys(a.status, b.status),
    setupType: (a, b) => compareKeys(a.setupType, b.setupType),
    lastUsedAt: (a, b) => {
      const [left, right] = [time(a.lastUsedAt), time(b.lastUsedAt)];
      return left === right ? 0 : left < right ? -1 : 1;
    },
  };
  if (order.by === 'name') return (a, b) => sign * byName(a, b);
  return (a, b) => sign * primary[order.by](a, b) || byName(a, b);
}

export class InMemoryIntegrationRepository extends InMemoryAggregates<Row, Integration> implements IntegrationRepository {
  constructor(private readonly database: InMemoryDatabase) {
    super(() => database.tables.integrations, (row) => Integration.restore(row));
  }

  findByName(name: string): Promise<Integration | null> {
    return this.findFirst((candidate) => key(candidate.name) === key(name));
  }

  findByConsumerKey(consumerKey: string): Promise<Integration | null> {
    return this.findFirst((candidate) => candidate.credentials.some((credential) => credential.kind === 'oauth1' && credential.key === consumerKey));
  }

  list(query: IntegrationListQuery): Promise<IntegrationPage> {
    const needle = query.nameContains === undefined ? undefined : key(query.nameContains);
    const emailNeedle = query.emailContains === undefined ? undefined : asciiLower(query.emailContains);
    const matching = [...this.rows.values()]
      .filter((row) => query.status === undefined || row.status === query.status)
      .filter((row) => query.setupType === undefined || row.setupType === query.setupType)
      .filter((row) => needle === undefined || key(row.name).includes(needle))
      .filter((row) => emailNeedle === undefined || asciiLower(row.email).includes(emailNeedle))
      .filter((row) => query.unusedSince === undefined || (row.lastUsedAt ?? row.createdAt).getTime() < query.unusedSince.getTime())
      .sort(comparator(query.order ?? { by: 'name', direction: 'asc' }));
    const { items, total } = pageOf(matching, query);
    return Promise.resolve({ items: items.map((row) => Integration.restore(row)), total });
  }

  save(integration: Integration): Promise<void> {
    const row = integration.toSnapshot();
    return this.store(row, (other) => key(other.name) === key(row.name), () => new IntegrationNameTakenError(row.name));
  }

  recordUse(id: string, at: Date, minIntervalSeconds: number): Promise<boolean> {
    const row = this.rows.get(id);
    if (row === undefined) return Promise.resolve(false);
    if (row.lastUsedAt !== null && row.lastUsedAt.getTime() > at.getTime() - minIntervalSeconds * 1000) return Promise.resolve(false);
    this.rows.set(id, { ...row, lastUsedAt: at });
    return Promise.resolve(true);
  }

  /** Like the foreign keys ON DELETE CASCADE in SQL, with no await in between (atomic). */
  delete(id: string): Promise<void> {
    const { roles, tokens, nonces, usage } = this.database.tables;
    this.rows.delete(id);
    for (const [roleId, role] of roles) if (role.integrationId === id) roles.delete(roleId);
    for (const [tokenId, token] of tokens) if (token.integrationId === id) tokens.delete(tokenId);
    for (const [nonceKey, nonce] of nonces) if (nonce.integrationId === id) nonces.delete(nonceKey);
    for (const [usageKey, record] of usage) if (record.integrationId === id) usage.delete(usageKey);
    return Promise.resolve();
  }
}

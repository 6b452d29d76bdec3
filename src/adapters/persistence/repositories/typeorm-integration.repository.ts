import { In } from 'typeorm';
import { type SecretCipher } from '../../../application/ports/secret-cipher.port';
import { type UnitOfWork } from '../../../application/ports/unit-of-work.port';
import { type Integration } from '../../../domain/integration/integration.aggregate';
import { IntegrationNameTakenError } from '../../../domain/integration/integration.errors';
import { IntegrationName } from '../../../domain/integration/integration-name.value-object';
import {
  type IntegrationListQuery,
  type IntegrationPage,
  type IntegrationRepository,
} from '../../../domain/integration/integration.repository';
import { integrationToDomain, integrationToRows } from '../mappers/integration.mapper';
import { type ConsumerRow, type IntegrationRow } from '../schemas/rows';
import { type PersistenceSchemas } from '../schemas/schemas';
import { type TransactionContext } from '../transaction-context';
import { isUniqueViolation, violatedKey } from '../unique-violation';
import { insertOrUpdate } from '../insert-or-update';
import { TypeormRepository } from './typeorm-repository';

/** Integrations and their consumers (two tables, written together in one unit of work). */
export class TypeormIntegrationRepository extends TypeormRepository implements IntegrationRepository {
  constructor(
    context: TransactionContext,
    private readonly unitOfWork: UnitOfWork,
    schemas: PersistenceSchemas,
    private readonly cipher: SecretCipher,
  ) {
    super(context, schemas);
  }

  findById(id: string): Promise<Integration | null> {
    return this.findOne(this.schemas.integration, { id }, (row) => this.withItsConsumer(row));
  }

  findByName(name: string): Promise<Integration | null> {
    return this.findOne(this.schemas.integration, { nameKey: IntegrationName.keyOf(name) }, (row) => this.withItsConsumer(row));
  }

  async findByConsumerKey(consumerKey: string): Promise<Integration | null> {
    const consumer = await this.context.manager().findOneBy(this.schemas.consumer, { consumerKey });
    if (consumer === null) return null;
    return this.findOne(this.schemas.integration, { id: consumer.integrationId }, (row) => integrationToDomain(row, consumer, this.cipher));
  }

  async list(query: IntegrationListQuery): Promise<IntegrationPage> {
    const builder = this.context.manager().createQueryBuilder(this.schemas.integration, 'integration');
    if (query.status !== undefined) builder.andWhere('integration.status = :status', { status: query.status });
    if (query.setupType !== undefined) builder.andWhere('integration.setup_type = :setupType', { setupType: query.setupType });
    if (query.nameContains !== undefined) {
      // Matched on the comparison key (case, accents, width, spacing ignored alike on every
      // backend). '!' escapes (a backslash means different things in MySQL and SQLite literals).
      const pattern = `%${IntegrationName.keyOf(query.nameContains).replace(/[!%_]/g, (char) => `!${char}`)}%`;
      builder.andWhere("integration.name_key LIKE :pattern ESCAPE '!'", { pattern });
    }
    // Byte for byte on MySQL too (its default collations ignore case and accents and order
    // punctuation differently from SQLite); A-Z folded by LOWER() on both.
    const binary = this.isMysql() ? ' COLLATE utf8mb4_bin' : '';
    if (query.emailContains !== undefined) {
      const pattern = `%${query.emailContains.replace(/[A-Z]/g, (letter) => letter.toLowerCase()).replace(/[!%_]/g, (char) => `!${char}`)}%`;
      builder.andWhere(`LOWER(integration.email)${binary} LIKE :emailPattern ESCAPE '!'`, { emailPattern: pattern });
    }
    if (query.unusedSince !== undefined) {
      // Never used: its age counts from its creation.
      builder.andWhere('COALESCE(integration.last_used_at, integration.created_at) < :unusedSince', { unusedSince: query.unusedSince });
    }
    const order = query.order ?? { by: 'name', direction: 'asc' };
    const direction = order.direction === 'desc' ? 'DESC' : 'ASC';
    if (order.by === 'name') {
      builder.orderBy('integration.name_key', direction).addOrderBy('integration.id', direction);
    } else {
      const column = { email: 'sort_email', status: 'integration.status', setupType: 'integration.setup_type', lastUsedAt: 'integration.last_used_at' }[order.by];
      if (order.by === 'email') builder.addSelect(`LOWER(integration.email)${binary}`, 'sort_email');
      builder.orderBy(column, direction).addOrderBy('integration.name_key', 'ASC').addOrderBy('integration.id', 'ASC');
    }
    const [rows, total] = await builder
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    const consumers = await this.consumersOf(rows);
    return { items: rows.flatMap((row) => this.withConsumer(row, consumers)), total };
  }

  private isMysql(): boolean {
    const type = this.context.manager().connection.options.type;
    return type === 'mysql' || type === 'mariadb';
  }

  async save(integration: Integration): Promise<void> {
    const rows = integrationToRows(integration, this.cipher);
    try {
      await this.unitOfWork.run(async () => {
        const manager = this.context.manager();
        await insertOrUpdate(manager, this.schemas.integration, rows.integration, { id: rows.integration.id });
        await insertOrUpdate(manager, this.schemas.consumer, rows.consumer, { integrationId: rows.consumer.integrationId });
      });
    } catch (error) {
      if (isUniqueViolation(error) && /name_key/i.test(violatedKey(error))) throw new IntegrationNameTakenError(integration.name);
      throw error;
    }
  }

  async recordUse(id: string, at: Date, minIntervalSeconds: number): Promise<boolean> {
    const threshold = new Date(at.getTime() - minIntervalSeconds * 1000);
    const result = await this.context
      .manager()
      .createQueryBuilder()
      .update(this.schemas.integration)
      .set({ lastUsedAt: at })
      .where('id = :id', { id })
      .andWhere('(last_used_at IS NULL OR last_used_at <= :threshold)', { threshold })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async delete(id: string): Promise<void> {
    // One statement, so atomic on its own: the database removes the consumer, tokens, nonces and
    // the integration's role with its rules (foreign keys ON DELETE CASCADE, see schemas.ts).
    await this.context.manager().delete(this.schemas.integration, { id });
  }

  /** The integration of the row, with its consumer read in a second query. */
  private async withItsConsumer(row: IntegrationRow): Promise<Integration> {
    const consumer = await this.context.manager().findOneBy(this.schemas.consumer, { integrationId: row.id });
    if (consumer === null) throw new Error(`Integration ${row.id} has no OAuth consumer row: the database is inconsistent.`);
    return integrationToDomain(row, consumer, this.cipher);
  }

  private async consumersOf(rows: readonly IntegrationRow[]): Promise<Map<string, ConsumerRow>> {
    if (rows.length === 0) return new Map();
    const consumers = await this.context.manager().findBy(this.schemas.consumer, { integrationId: In(rows.map((row) => row.id)) });
    return new Map(consumers.map((consumer) => [consumer.integrationId, consumer]));
  }

  private withConsumer(row: IntegrationRow, consumers: Map<string, ConsumerRow>): Integration[] {
    const consumer = consumers.get(row.id);
    return consumer === undefined ? [] : [integrationToDomain(row, consumer, this.cipher)];
  }
}

import { And, In, LessThan, MoreThanOrEqual } from 'typeorm';
import { CALL_OUTCOMES, type CallOutcome, type HourlyCalls } from '../../../domain/usage/usage';
import { type UsageRepository } from '../../../domain/usage/usage.repository';
import { type PersistenceSchemas, type SqlDialect } from '../schemas/schemas';
import { type TransactionContext } from '../transaction-context';
import { isForeignKeyViolation } from '../unique-violation';
import { TypeormRepository } from './typeorm-repository';

const OUTCOMES: ReadonlySet<string> = new Set(CALL_OUTCOMES);

/**
 * The calls per integration, hour and outcome in `integration_usage`. `add` is one upsert that
 * adds to the stored counts in the database (SQLite `ON CONFLICT … DO UPDATE SET calls = calls +
 * excluded.calls`, MySQL/MariaDB `ON DUPLICATE KEY UPDATE calls = calls + VALUES(calls)`), never a
 * read then a write, so processes flushing at once add up.
 */
export class TypeormUsageRepository extends TypeormRepository implements UsageRepository {
  constructor(
    context: TransactionContext,
    schemas: PersistenceSchemas,
    private readonly dialect: SqlDialect,
  ) {
    super(context, schemas);
  }

  async add(integrationId: string, counts: readonly HourlyCalls[]): Promise<void> {
    if (counts.length === 0) return;
    const manager = this.context.manager();
    const driver = manager.connection.driver;
    const metadata = manager.connection.getMetadata(this.schemas.usage);
    const hourColumn = metadata.findColumnWithPropertyName('hour');
    if (hourColumn === undefined) throw new Error('integration_usage has no hour column');
    const [table, integration, hour, outcome, calls] = [metadata.tableName, 'integration_id', 'hour', 'outcome', 'calls'].map((name) => driver.escape(name));
    const rows = counts.map(() => '(?, ?, ?, ?)').join(', ');
    const upsert =
      this.dialect === 'sqlite'
        ? `ON CONFLICT (${integration}, ${hour}, ${outcome}) DO UPDATE SET ${calls} = ${calls} + excluded.${calls}`
        : `ON DUPLICATE KEY UPDATE ${calls} = ${calls} + VALUES(${calls})`;
    const parameters = counts.flatMap((count) => [integrationId, driver.preparePersistentValue(count.hour, hourColumn) as unknown, count.outcome, count.calls]);
    try {
      await manager.query(`INSERT INTO ${table} (${integration}, ${hour}, ${outcome}, ${calls}) VALUES ${rows} ${upsert}`, parameters);
    } catch (error) {
      // The integration was deleted since these calls: they go with it.
      if (isForeignKeyViolation(error)) return;
      throw error;
    }
  }

  async hoursOf(integrationId: string, from: Date, to: Date): Promise<HourlyCalls[]> {
    const rows = await this.context.manager().find(this.schemas.usage, {
      where: { integrationId, hour: And(MoreThanOrEqual(from), LessThan(to)) },
      order: { hour: 'ASC', outcome: 'ASC' },
    });
    // An outcome a later release stored and this one does not know is left out.
    return rows.filter((row) => OUTCOMES.has(row.outcome)).map((row) => ({ hour: row.hour, outcome: row.outcome as CallOutcome, calls: Number(row.calls) }));
  }

  async allowedSince(integrationIds: readonly string[], since: Date): Promise<ReadonlyMap<string, number>> {
    if (integrationIds.length === 0) return new Map();
    const rows = await this.context
      .manager()
      .createQueryBuilder(this.schemas.usage, 'usage')
      .select('usage.integrationId', 'integrationId')
      .addSelect('SUM(usage.calls)', 'calls')
      .where({ integrationId: In([...integrationIds]), outcome: 'allowed', hour: MoreThanOrEqual(since) })
      .groupBy('usage.integrationId')
      .getRawMany<{ integrationId: string; calls: string | number }>();
    return new Map(rows.map((row) => [row.integrationId, Number(row.calls)]));
  }
}

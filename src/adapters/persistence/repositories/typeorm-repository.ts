import { type EntitySchema, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { type PersistenceSchemas } from '../schemas/schemas';
import { type TransactionContext } from '../transaction-context';

/**
 * What every TypeORM repository works with: the transaction context (the open unit of work's
 * EntityManager, or the data source's outside one) and the entity schemas of the dialect.
 */
export abstract class TypeormRepository {
  constructor(
    protected readonly context: TransactionContext,
    protected readonly schemas: PersistenceSchemas,
  ) {}

  /** The row `where` selects, as `toDomain` makes it; null when there is none. */
  protected async findOne<Row extends ObjectLiteral, T>(schema: EntitySchema<Row>, where: FindOptionsWhere<Row>, toDomain: (row: Row) => T | Promise<T>): Promise<T | null> {
    const row = await this.context.manager().findOneBy(schema, where);
    return row === null ? null : toDomain(row);
  }
}

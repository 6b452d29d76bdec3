import { type EntityManager, type EntitySchema, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';

/**
 * Writes a row by its primary key. Not `upsert`: MySQL's ON DUPLICATE KEY UPDATE fires on any
 * unique key, so a clash on a name would overwrite the other row instead of failing.
 * @returns which of the two it did.
 */
export async function insertOrUpdate<Row extends ObjectLiteral>(
  manager: EntityManager,
  schema: EntitySchema<Row>,
  row: Row,
  key: FindOptionsWhere<Row>,
): Promise<'inserted' | 'updated'> {
  if (await manager.existsBy(schema, key)) {
    await manager.update(schema, key, row);
    return 'updated';
  }
  await manager.insert(schema, row);
  return 'inserted';
}

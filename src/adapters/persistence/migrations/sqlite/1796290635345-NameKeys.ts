import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { recomputeNameKeys } from '../name-keys';

/**
 * Written by hand: the comparison keys of integration and role names and of usernames follow the
 * domain's one key rule (issue 16). SQLite already compares them byte for byte; only the stored
 * keys change (see name-keys.ts for names that now collide).
 */
export class NameKeys1796290635345 implements MigrationInterface {
  name = 'NameKeys1796290635345';

  async up(queryRunner: QueryRunner): Promise<void> {
    await recomputeNameKeys(queryRunner, (identifier) => `"${identifier}"`);
  }

  async down(): Promise<void> {
    // Nothing to undo in the schema. Keys stay as recomputed (lower-case for plain ASCII names);
    // names renamed for a collision keep their new names.
  }
}

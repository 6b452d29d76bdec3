import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { recomputeNameKeys } from '../name-keys';

/**
 * Written by hand (the schema comparison does not see collations): comparison-key columns compare
 * byte for byte (utf8mb4_bin), as on SQLite, instead of the database's default collation, which
 * also ignores accents, counts every emoji equal and pads spaces. Then every key is recomputed by the
 * domain's one key rule (issue 16; see name-keys.ts for names that now collide).
 */
export class NameKeys1796290635345 implements MigrationInterface {
  name = 'NameKeys1796290635345';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Binary first: keys unique under the old collation stay unique under a stricter one.
    await queryRunner.query('ALTER TABLE `integration` MODIFY `name_key` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
    await queryRunner.query('ALTER TABLE `authorization_role` MODIFY `name_key` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL');
    await queryRunner.query('ALTER TABLE `admin_user` MODIFY `username_key` varchar(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
    await queryRunner.query('ALTER TABLE `sign_in_failure` MODIFY `username_key` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
    await recomputeNameKeys(queryRunner, (identifier) => `\`${identifier}\``);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Back to the table's collation. Keys stay as recomputed (lower-case for plain ASCII names);
    // names renamed for a collision keep their new names.
    await queryRunner.query('ALTER TABLE `sign_in_failure` MODIFY `username_key` varchar(255) NOT NULL');
    await queryRunner.query('ALTER TABLE `admin_user` MODIFY `username_key` varchar(40) NOT NULL');
    await queryRunner.query('ALTER TABLE `authorization_role` MODIFY `name_key` varchar(255) NULL');
    await queryRunner.query('ALTER TABLE `integration` MODIFY `name_key` varchar(255) NOT NULL');
  }
}

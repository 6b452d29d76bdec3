import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Written by hand: the generated version rebuilt the `integration` table, and dropping it would
 * cascade to consumers, tokens and roles. SQLite adds a column in place.
 */
export class IntegrationSyncState1795533610704 implements MigrationInterface {
  name = 'IntegrationSyncState1795533610704';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "integration" ADD COLUMN "status_reason" varchar(1000)');
    await queryRunner.query('ALTER TABLE "integration" ADD COLUMN "orphaned" boolean NOT NULL DEFAULT (0)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "integration" DROP COLUMN "orphaned"');
    await queryRunner.query('ALTER TABLE "integration" DROP COLUMN "status_reason"');
  }
}

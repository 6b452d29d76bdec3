import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class IntegrationSyncState1795533610852 implements MigrationInterface {
  name = 'IntegrationSyncState1795533610852';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `integration` ADD `status_reason` varchar(1000) NULL");
    await queryRunner.query("ALTER TABLE `integration` ADD `orphaned` tinyint NOT NULL DEFAULT 0");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `integration` DROP COLUMN `orphaned`");
    await queryRunner.query("ALTER TABLE `integration` DROP COLUMN `status_reason`");
  }
}

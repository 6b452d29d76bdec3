import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CredentialPolicies1796500000000 implements MigrationInterface {
  name = 'CredentialPolicies1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `integration` ADD `credentials_expire_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `integration` ADD `allowed_ips` text NULL");
    await queryRunner.query("ALTER TABLE `integration` ADD `rate_limit` int NULL");
    await queryRunner.query("ALTER TABLE `integration` ADD `rate_limit_window_seconds` int NULL");
    await queryRunner.query("ALTER TABLE `oauth_consumer` ADD `previous_secret` varchar(255) NULL");
    await queryRunner.query("ALTER TABLE `oauth_consumer` ADD `previous_secret_until` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `oauth_token` ADD `expires_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `authorization_role` ADD `read_only` tinyint NOT NULL DEFAULT 0");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `authorization_role` DROP COLUMN `read_only`");
    await queryRunner.query("ALTER TABLE `oauth_token` DROP COLUMN `expires_at`");
    await queryRunner.query("ALTER TABLE `oauth_consumer` DROP COLUMN `previous_secret_until`");
    await queryRunner.query("ALTER TABLE `oauth_consumer` DROP COLUMN `previous_secret`");
    await queryRunner.query("ALTER TABLE `integration` DROP COLUMN `rate_limit_window_seconds`");
    await queryRunner.query("ALTER TABLE `integration` DROP COLUMN `rate_limit`");
    await queryRunner.query("ALTER TABLE `integration` DROP COLUMN `allowed_ips`");
    await queryRunner.query("ALTER TABLE `integration` DROP COLUMN `credentials_expire_at`");
  }
}

import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Written by hand: the generated version rebuilt `integration`, `oauth_consumer`, `oauth_token` and
 * `authorization_role`, and dropping `integration` would cascade to every row that refers to it.
 * SQLite adds a column in place.
 */
export class CredentialPolicies1796500000000 implements MigrationInterface {
  name = 'CredentialPolicies1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "integration" ADD COLUMN "credentials_expire_at" datetime');
    await queryRunner.query('ALTER TABLE "integration" ADD COLUMN "allowed_ips" text');
    await queryRunner.query('ALTER TABLE "integration" ADD COLUMN "rate_limit" integer');
    await queryRunner.query('ALTER TABLE "integration" ADD COLUMN "rate_limit_window_seconds" integer');
    await queryRunner.query('ALTER TABLE "oauth_consumer" ADD COLUMN "previous_secret" varchar(255)');
    await queryRunner.query('ALTER TABLE "oauth_consumer" ADD COLUMN "previous_secret_until" datetime');
    await queryRunner.query('ALTER TABLE "oauth_token" ADD COLUMN "expires_at" datetime');
    await queryRunner.query('ALTER TABLE "authorization_role" ADD COLUMN "read_only" boolean NOT NULL DEFAULT (0)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "authorization_role" DROP COLUMN "read_only"');
    await queryRunner.query('ALTER TABLE "oauth_token" DROP COLUMN "expires_at"');
    await queryRunner.query('ALTER TABLE "oauth_consumer" DROP COLUMN "previous_secret_until"');
    await queryRunner.query('ALTER TABLE "oauth_consumer" DROP COLUMN "previous_secret"');
    await queryRunner.query('ALTER TABLE "integration" DROP COLUMN "rate_limit_window_seconds"');
    await queryRunner.query('ALTER TABLE "integration" DROP COLUMN "rate_limit"');
    await queryRunner.query('ALTER TABLE "integration" DROP COLUMN "allowed_ips"');
    await queryRunner.query('ALTER TABLE "integration" DROP COLUMN "credentials_expire_at"');
  }
}

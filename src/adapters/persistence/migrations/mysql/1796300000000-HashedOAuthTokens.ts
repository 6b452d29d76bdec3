import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The token's ciphertext beside its digest. The rows are upgraded at the next start, which has the
 * secret key (upgradeLegacyTokens): a migration does not.
 */
export class HashedOAuthTokens1796300000000 implements MigrationInterface {
  name = 'HashedOAuthTokens1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `oauth_token` ADD `token_cipher` varchar(255) NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `oauth_token` DROP COLUMN `token_cipher`");
  }
}

import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The token's ciphertext beside its digest. The rows are upgraded at the next start, which has the
 * secret key (upgradeLegacyTokens): a migration does not. SQLite adds the column in place.
 */
export class HashedOAuthTokens1796300000000 implements MigrationInterface {
  name = 'HashedOAuthTokens1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "oauth_token" ADD COLUMN "token_cipher" varchar(255)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "oauth_token" DROP COLUMN "token_cipher"');
  }
}

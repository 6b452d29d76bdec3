import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The calls of each integration per hour and outcome (`allowed` or a refusal reason), added to by
 * the usage flush; the rows go with their integration (ON DELETE CASCADE).
 */
export class IntegrationUsage1796396759775 implements MigrationInterface {
  name = 'IntegrationUsage1796396759775';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "integration_usage" ("integration_id" varchar(36) NOT NULL, "hour" datetime NOT NULL, "outcome" varchar(16) NOT NULL, "calls" integer NOT NULL, ' +
        'CONSTRAINT "FK_cb264b944eaafcd7d45d4fd40ce" FOREIGN KEY ("integration_id") REFERENCES "integration" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, ' +
        'PRIMARY KEY ("integration_id", "hour", "outcome"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "integration_usage"');
  }
}

import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The calls of each integration per hour and outcome (`allowed` or a refusal reason), added to by
 * the usage flush; the rows go with their integration (ON DELETE CASCADE).
 */
export class IntegrationUsage1796396760076 implements MigrationInterface {
  name = 'IntegrationUsage1796396760076';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `integration_usage` (`integration_id` varchar(36) NOT NULL, `hour` datetime(3) NOT NULL, `outcome` varchar(16) NOT NULL, `calls` int NOT NULL, PRIMARY KEY (`integration_id`, `hour`, `outcome`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `integration_usage` ADD CONSTRAINT `FK_cb264b944eaafcd7d45d4fd40ce` FOREIGN KEY (`integration_id`) REFERENCES `integration`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `integration_usage` DROP FOREIGN KEY `FK_cb264b944eaafcd7d45d4fd40ce`");
    await queryRunner.query("DROP TABLE `integration_usage`");
  }
}

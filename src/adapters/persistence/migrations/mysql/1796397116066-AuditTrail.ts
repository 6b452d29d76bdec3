import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Generated, then one statement added by hand: the row of the chain's lock (TypeormTransactionLock,
 * `lock:audit-chain`) exists from the start, so that the first writers on a new database wait on a
 * row lock instead of racing to insert it (on MySQL, two such inserts deadlock).
 */
export class AuditTrail1796397116066 implements MigrationInterface {
  name = 'AuditTrail1796397116066';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `audit_entry` (`seq` bigint NOT NULL, `occurred_at` datetime(3) NOT NULL, `actor_kind` varchar(16) NOT NULL, `actor_id` varchar(64) CHARACTER SET \"utf8mb4\" COLLATE \"utf8mb4_bin\" NULL, `actor_name` varchar(255) CHARACTER SET \"utf8mb4\" COLLATE \"utf8mb4_bin\" NULL, `action` varchar(64) NOT NULL, `target_kind` varchar(16) NOT NULL, `target_id` varchar(64) CHARACTER SET \"utf8mb4\" COLLATE \"utf8mb4_bin\" NULL, `target_name` varchar(255) NULL, `source_ip` varchar(64) NULL, `source_user_agent` varchar(512) NULL, `source_request_id` varchar(64) NULL, `details` mediumtext NOT NULL, `prev_hash` varchar(64) NOT NULL, `hash` varchar(64) NOT NULL, INDEX `IDX_audit_entry_target` (`target_id`), INDEX `IDX_audit_entry_actor` (`actor_name`), INDEX `IDX_audit_entry_action` (`action`), INDEX `IDX_audit_entry_occurred_at` (`occurred_at`), PRIMARY KEY (`seq`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `audit_anchor` (`id` int NOT NULL, `seq` bigint NOT NULL, `hash` varchar(64) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("INSERT INTO `portcullis_meta` (`meta_key`, `meta_value`) VALUES ('lock:audit-chain', '1970-01-01T00:00:00.000Z')");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM `portcullis_meta` WHERE `meta_key` = 'lock:audit-chain'");
    await queryRunner.query("DROP TABLE `audit_anchor`");
    await queryRunner.query("DROP INDEX `IDX_audit_entry_occurred_at` ON `audit_entry`");
    await queryRunner.query("DROP INDEX `IDX_audit_entry_action` ON `audit_entry`");
    await queryRunner.query("DROP INDEX `IDX_audit_entry_actor` ON `audit_entry`");
    await queryRunner.query("DROP INDEX `IDX_audit_entry_target` ON `audit_entry`");
    await queryRunner.query("DROP TABLE `audit_entry`");
  }
}

import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Generated, then one statement added by hand: the row of the chain's lock (TypeormTransactionLock,
 * `lock:audit-chain`) exists from the start, so that the first writers on a new database wait on a
 * row lock instead of racing to insert it (on MySQL, two such inserts deadlock).
 */
export class AuditTrail1796397115831 implements MigrationInterface {
  name = 'AuditTrail1796397115831';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"audit_entry\" (\"seq\" bigint PRIMARY KEY NOT NULL, \"occurred_at\" datetime NOT NULL, \"actor_kind\" varchar(16) NOT NULL, \"actor_id\" varchar(64), \"actor_name\" varchar(255), \"action\" varchar(64) NOT NULL, \"target_kind\" varchar(16) NOT NULL, \"target_id\" varchar(64), \"target_name\" varchar(255), \"source_ip\" varchar(64), \"source_user_agent\" varchar(512), \"source_request_id\" varchar(64), \"details\" text NOT NULL, \"prev_hash\" varchar(64) NOT NULL, \"hash\" varchar(64) NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_audit_entry_target\" ON \"audit_entry\" (\"target_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_audit_entry_actor\" ON \"audit_entry\" (\"actor_name\") ");
    await queryRunner.query("CREATE INDEX \"IDX_audit_entry_action\" ON \"audit_entry\" (\"action\") ");
    await queryRunner.query("CREATE INDEX \"IDX_audit_entry_occurred_at\" ON \"audit_entry\" (\"occurred_at\") ");
    await queryRunner.query("CREATE TABLE \"audit_anchor\" (\"id\" integer PRIMARY KEY NOT NULL, \"seq\" bigint NOT NULL, \"hash\" varchar(64) NOT NULL)");
    await queryRunner.query("INSERT INTO \"portcullis_meta\" (\"meta_key\", \"meta_value\") VALUES ('lock:audit-chain', '1970-01-01T00:00:00.000Z')");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM \"portcullis_meta\" WHERE \"meta_key\" = 'lock:audit-chain'");
    await queryRunner.query("DROP TABLE \"audit_anchor\"");
    await queryRunner.query("DROP INDEX \"IDX_audit_entry_occurred_at\"");
    await queryRunner.query("DROP INDEX \"IDX_audit_entry_action\"");
    await queryRunner.query("DROP INDEX \"IDX_audit_entry_actor\"");
    await queryRunner.query("DROP INDEX \"IDX_audit_entry_target\"");
    await queryRunner.query("DROP TABLE \"audit_entry\"");
  }
}

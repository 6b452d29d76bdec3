import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Initial1795444115889 implements MigrationInterface {
  name = 'Initial1795444115889';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `integration` (`id` varchar(36) NOT NULL, `name` varchar(255) NOT NULL, `name_key` varchar(255) NOT NULL, `email` varchar(254) NOT NULL, `endpoint` varchar(255) NULL, `identity_link_url` varchar(255) NULL, `status` varchar(16) NOT NULL, `setup_type` varchar(16) NOT NULL, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, `last_used_at` datetime(3) NULL, INDEX `IDX_integration_status` (`status`), UNIQUE INDEX `UQ_integration_name_key` (`name_key`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `oauth_consumer` (`integration_id` varchar(36) NOT NULL, `consumer_key` varchar(32) NOT NULL, `secret` varchar(255) NOT NULL, `exchange_started_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL, UNIQUE INDEX `UQ_oauth_consumer_key` (`consumer_key`), PRIMARY KEY (`integration_id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `oauth_token` (`id` varchar(36) NOT NULL, `integration_id` varchar(36) NOT NULL, `type` varchar(16) NOT NULL, `token` varchar(32) NOT NULL, `secret` varchar(255) NOT NULL, `verifier` varchar(32) NULL, `revoked` tinyint NOT NULL DEFAULT 0, `created_at` datetime(3) NOT NULL, INDEX `IDX_oauth_token_integration` (`integration_id`), UNIQUE INDEX `UQ_oauth_token_token` (`token`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `authorization_role` (`id` varchar(36) NOT NULL, `name` varchar(255) NOT NULL, `name_key` varchar(255) NULL, `kind` varchar(16) NOT NULL, `integration_id` varchar(36) NULL, `grant_mode` varchar(8) NOT NULL, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, UNIQUE INDEX `UQ_authorization_role_name_key` (`name_key`), UNIQUE INDEX `UQ_authorization_role_integration` (`integration_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `authorization_rule` (`role_id` varchar(36) NOT NULL, `resource_id` varchar(255) NOT NULL, `kind` varchar(8) NOT NULL, PRIMARY KEY (`role_id`, `resource_id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `admin_user` (`id` varchar(36) NOT NULL, `username` varchar(40) NOT NULL, `username_key` varchar(40) NOT NULL, `first_name` varchar(255) NOT NULL, `last_name` varchar(255) NOT NULL, `email` varchar(254) NOT NULL, `password_hash` varchar(255) NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `role_id` varchar(36) NOT NULL, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, INDEX `IDX_admin_user_role` (`role_id`), UNIQUE INDEX `UQ_admin_user_username_key` (`username_key`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `oauth_nonce` (`integration_id` varchar(36) NOT NULL, `nonce` varchar(255) NOT NULL, `timestamp` bigint NOT NULL, INDEX `IDX_oauth_nonce_timestamp` (`timestamp`), PRIMARY KEY (`integration_id`, `nonce`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `admin_token` (`token_hash` varchar(64) NOT NULL, `admin_user_id` varchar(36) NOT NULL, `created_at` datetime(3) NOT NULL, `expires_at` datetime(3) NOT NULL, `revoked` tinyint NOT NULL DEFAULT 0, INDEX `IDX_admin_token_user` (`admin_user_id`), PRIMARY KEY (`token_hash`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `sign_in_failure` (`username_key` varchar(255) NOT NULL, `failures_count` int NOT NULL DEFAULT '0', `lock_expires_at` datetime(3) NULL, PRIMARY KEY (`username_key`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `portcullis_meta` (`meta_key` varchar(64) NOT NULL, `meta_value` varchar(255) NOT NULL, PRIMARY KEY (`meta_key`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `oauth_consumer` ADD CONSTRAINT `FK_e61f1a765d882d748b43a1a94db` FOREIGN KEY (`integration_id`) REFERENCES `integration`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `oauth_token` ADD CONSTRAINT `FK_2a63c641a812bf449e814298289` FOREIGN KEY (`integration_id`) REFERENCES `integration`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `authorization_role` ADD CONSTRAINT `FK_0d11697edf39c7a7530ccb1b809` FOREIGN KEY (`integration_id`) REFERENCES `integration`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `authorization_rule` ADD CONSTRAINT `FK_a0108deae1f2c78dd8a8b5c824d` FOREIGN KEY (`role_id`) REFERENCES `authorization_role`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `oauth_nonce` ADD CONSTRAINT `FK_b3a8f34f9d0b6ce632c5f13e704` FOREIGN KEY (`integration_id`) REFERENCES `integration`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `admin_token` ADD CONSTRAINT `FK_2eeaec274c924bf7f7a69077c65` FOREIGN KEY (`admin_user_id`) REFERENCES `admin_user`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `admin_token` DROP FOREIGN KEY `FK_2eeaec274c924bf7f7a69077c65`");
    await queryRunner.query("ALTER TABLE `oauth_nonce` DROP FOREIGN KEY `FK_b3a8f34f9d0b6ce632c5f13e704`");
    await queryRunner.query("ALTER TABLE `authorization_rule` DROP FOREIGN KEY `FK_a0108deae1f2c78dd8a8b5c824d`");
    await queryRunner.query("ALTER TABLE `authorization_role` DROP FOREIGN KEY `FK_0d11697edf39c7a7530ccb1b809`");
    await queryRunner.query("ALTER TABLE `oauth_token` DROP FOREIGN KEY `FK_2a63c641a812bf449e814298289`");
    await queryRunner.query("ALTER TABLE `oauth_consumer` DROP FOREIGN KEY `FK_e61f1a765d882d748b43a1a94db`");
    await queryRunner.query("DROP TABLE `portcullis_meta`");
    await queryRunner.query("DROP TABLE `sign_in_failure`");
    await queryRunner.query("DROP INDEX `IDX_admin_token_user` ON `admin_token`");
    await queryRunner.query("DROP TABLE `admin_token`");
    await queryRunner.query("DROP INDEX `IDX_oauth_nonce_timestamp` ON `oauth_nonce`");
    await queryRunner.query("DROP TABLE `oauth_nonce`");
    await queryRunner.query("DROP INDEX `UQ_admin_user_username_key` ON `admin_user`");
    await queryRunner.query("DROP INDEX `IDX_admin_user_role` ON `admin_user`");
    await queryRunner.query("DROP TABLE `admin_user`");
    await queryRunner.query("DROP TABLE `authorization_rule`");
    await queryRunner.query("DROP INDEX `UQ_authorization_role_integration` ON `authorization_role`");
    await queryRunner.query("DROP INDEX `UQ_authorization_role_name_key` ON `authorization_role`");
    await queryRunner.query("DROP TABLE `authorization_role`");
    await queryRunner.query("DROP INDEX `UQ_oauth_token_token` ON `oauth_token`");
    await queryRunner.query("DROP INDEX `IDX_oauth_token_integration` ON `oauth_token`");
    await queryRunner.query("DROP TABLE `oauth_token`");
    await queryRunner.query("DROP INDEX `UQ_oauth_consumer_key` ON `oauth_consumer`");
    await queryRunner.query("DROP TABLE `oauth_consumer`");
    await queryRunner.query("DROP INDEX `UQ_integration_name_key` ON `integration`");
    await queryRunner.query("DROP INDEX `IDX_integration_status` ON `integration`");
    await queryRunner.query("DROP TABLE `integration`");
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795489020930 implements MigrationInterface {
  name = 'Initial1795489020930';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`job_locks\` (\`name\` varchar(64) NOT NULL, \`holder\` varchar(128) NOT NULL, \`expires_at\` datetime(3) NOT NULL, PRIMARY KEY (\`name\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`sync_runs\` (\`id\` int NOT NULL AUTO_INCREMENT, \`kind\` varchar(32) NOT NULL, \`trigger\` varchar(16) NOT NULL, \`status\` varchar(16) NOT NULL, \`started_at\` datetime(3) NOT NULL, \`finished_at\` datetime(3) NULL, \`summary\` mediumtext NULL, \`error\` varchar(1000) NULL, INDEX \`ix_sync_runs_kind_started\` (\`kind\`, \`started_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`alerts\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`dedupe_key\` varchar(191) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`kind\` varchar(32) NOT NULL, \`severity\` varchar(8) NOT NULL, \`status\` varchar(16) NOT NULL, \`userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`external_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`occurred_at\` datetime(3) NOT NULL, \`note\` varchar(500) NULL, \`handled_by\` varchar(64) NULL, \`handled_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX \`uq_alerts_source\` (\`dedupe_key\`), INDEX \`ix_alerts_member\` (\`userid\`, \`occurred_at\`), INDEX \`ix_alerts_status_occurred\` (\`status\`, \`occurred_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`customers\` (\`external_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`name\` varchar(128) NOT NULL, \`avatar\` varchar(512) NULL, \`type\` smallint NOT NULL DEFAULT '1', \`gender\` smallint NOT NULL DEFAULT '0', \`corp_name\` varchar(128) NULL, \`corp_full_name\` varchar(255) NULL, \`position\` varchar(128) NULL, \`unionid\` varchar(128) NULL, \`status\` varchar(8) NOT NULL, \`search_text\` varchar(512) COLLATE "utf8mb4_bin" NOT NULL DEFAULT '', \`first_added_at\` datetime(3) NULL, \`lost_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_customers_name\` (\`name\`), INDEX \`ix_customers_updated\` (\`updated_at\`), INDEX \`ix_customers_first_added\` (\`first_added_at\`), INDEX \`ix_customers_status_first_added\` (\`status\`, \`first_added_at\`), PRIMARY KEY (\`external_userid\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`customer_follows\` (\`id\` int NOT NULL AUTO_INCREMENT, \`external_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`remark\` varchar(64) NULL, \`description\` varchar(255) NULL, \`remark_mobiles\` varchar(255) NOT NULL DEFAULT '', \`remark_corp_name\` varchar(128) NULL, \`add_way\` int NULL, \`state\` varchar(64) NULL, \`oper_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`added_at\` datetime(3) NULL, \`status\` varchar(24) NOT NULL, \`ended_at\` datetime(3) NULL, \`archive_consent_at\` datetime(3) NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_customer_follows_state\` (\`state\`, \`external_userid\`), INDEX \`ix_customer_follows_added\` (\`added_at\`), INDEX \`ix_customer_follows_user_status\` (\`userid\`, \`status\`, \`external_userid\`), UNIQUE INDEX \`uq_customer_follows_pair\` (\`external_userid\`, \`userid\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`customer_follow_tags\` (\`external_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`tag_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, INDEX \`ix_customer_follow_tags_tag\` (\`tag_id\`), PRIMARY KEY (\`external_userid\`, \`userid\`, \`tag_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`customer_events\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`external_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`kind\` varchar(24) NOT NULL, \`detail\` mediumtext NULL, \`occurred_at\` datetime(3) NOT NULL, \`recorded_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`ix_customer_events_kind\` (\`kind\`, \`occurred_at\`), INDEX \`ix_customer_events_member\` (\`userid\`, \`occurred_at\`), INDEX \`ix_customer_events_customer\` (\`external_userid\`, \`occurred_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`customer_groups\` (\`chat_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`name\` varchar(128) NOT NULL DEFAULT '', \`owner_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`notice\` varchar(1024) NULL, \`status\` varchar(16) NOT NULL, \`created_at\` datetime(3) NULL, \`dismissed_at\` datetime(3) NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_customer_groups_owner\` (\`owner_userid\`), PRIMARY KEY (\`chat_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`customer_group_members\` (\`chat_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`member_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`type\` smallint NOT NULL, \`joined_at\` datetime(3) NULL, \`join_scene\` smallint NULL, \`invitor\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`left_at\` datetime(3) NULL, INDEX \`ix_customer_group_members_member\` (\`member_id\`), PRIMARY KEY (\`chat_id\`, \`member_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`customer_group_events\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`chat_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`member_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`action\` varchar(8) NOT NULL, \`scene\` smallint NULL, \`occurred_at\` datetime(3) NOT NULL, INDEX \`ix_customer_group_events_chat\` (\`chat_id\`, \`occurred_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`corp_tag_groups\` (\`group_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`name\` varchar(64) NOT NULL, \`sort_order\` bigint NOT NULL DEFAULT '0', \`created_at\` datetime(3) NULL, \`deleted_at\` datetime(3) NULL, PRIMARY KEY (\`group_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`corp_tags\` (\`tag_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`group_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`name\` varchar(64) NOT NULL, \`sort_order\` bigint NOT NULL DEFAULT '0', \`created_at\` datetime(3) NULL, \`deleted_at\` datetime(3) NULL, INDEX \`ix_corp_tags_group\` (\`group_id\`), PRIMARY KEY (\`tag_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`access_audit\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`user_id\` int NULL, \`username\` varchar(64) NOT NULL, \`action\` varchar(48) NOT NULL, \`target_type\` varchar(32) NULL, \`target_id\` varchar(128) NULL, \`detail\` mediumtext NULL, \`ip\` varchar(64) NULL, \`request_id\` varchar(64) NULL, \`at\` datetime(3) NOT NULL, INDEX \`ix_access_audit_action_at\` (\`action\`, \`at\`), INDEX \`ix_access_audit_user_at\` (\`user_id\`, \`at\`), INDEX \`ix_access_audit_at\` (\`at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`users\` (\`id\` int NOT NULL AUTO_INCREMENT, \`username\` varchar(64) NOT NULL, \`display_name\` varchar(64) NOT NULL, \`password_hash\` varchar(255) NULL, \`wecom_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`status\` varchar(16) NOT NULL DEFAULT 'active', \`last_login_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`uq_users_username\` (\`username\`), UNIQUE INDEX \`uq_users_wecom_userid\` (\`wecom_userid\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`user_roles\` (\`user_id\` int NOT NULL, \`role\` varchar(16) NOT NULL, PRIMARY KEY (\`user_id\`, \`role\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`user_scopes\` (\`user_id\` int NOT NULL, \`department_id\` varchar(32) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, PRIMARY KEY (\`user_id\`, \`department_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`sessions\` (\`token_hash\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`user_id\` int NOT NULL, \`csrf_token\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`ip\` varchar(64) NULL, \`user_agent\` varchar(255) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`expires_at\` datetime(3) NOT NULL, INDEX \`ix_sessions_user_id\` (\`user_id\`), INDEX \`ix_sessions_expires_at\` (\`expires_at\`), PRIMARY KEY (\`token_hash\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`wecom_inbox\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`dedupe_key\` varchar(191) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`event_type\` varchar(64) NOT NULL, \`raw_xml\` mediumtext NOT NULL, \`summary\` mediumtext NOT NULL, \`status\` varchar(16) NOT NULL, \`attempts\` int NOT NULL DEFAULT '0', \`next_attempt_at\` datetime(3) NULL, \`locked_until\` datetime(3) NULL, \`last_error\` varchar(1000) NULL, \`received_at\` datetime(3) NOT NULL, \`processed_at\` datetime(3) NULL, UNIQUE INDEX \`uq_wecom_inbox_dedupe_key\` (\`dedupe_key\`), INDEX \`ix_wecom_inbox_due\` (\`status\`, \`next_attempt_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`departments\` (\`id\` varchar(32) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`name\` varchar(128) NOT NULL, \`parent_id\` varchar(32) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`sort_order\` bigint NOT NULL DEFAULT '0', \`deleted_at\` datetime(3) NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_departments_parent_id\` (\`parent_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`members\` (\`userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`name\` varchar(64) NOT NULL, \`main_department_id\` varchar(32) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`position\` varchar(128) NULL, \`mobile\` varchar(32) NULL, \`email\` varchar(128) NULL, \`avatar\` varchar(512) NULL, \`gender\` varchar(8) NULL, \`status\` varchar(16) NOT NULL, \`departed_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_members_status\` (\`status\`), PRIMARY KEY (\`userid\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`member_departments\` (\`userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`department_id\` varchar(32) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`is_leader\` tinyint NOT NULL DEFAULT 0, INDEX \`ix_member_departments_department\` (\`department_id\`), PRIMARY KEY (\`userid\`, \`department_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`wecom_state\` (\`key\` varchar(64) NOT NULL, \`value\` mediumtext NOT NULL, \`updated_at\` datetime(3) NOT NULL, PRIMARY KEY (\`key\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`wecom_tokens\` (\`cache_key\` varchar(128) NOT NULL, \`token\` varchar(1024) NOT NULL, \`expires_at\` datetime(3) NOT NULL, PRIMARY KEY (\`cache_key\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`user_roles\` ADD CONSTRAINT \`fk_user_roles_user\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`user_scopes\` ADD CONSTRAINT \`fk_user_scopes_user\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`sessions\` ADD CONSTRAINT \`fk_sessions_user\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`sessions\` DROP FOREIGN KEY \`fk_sessions_user\``);
    await queryRunner.query(`ALTER TABLE \`user_scopes\` DROP FOREIGN KEY \`fk_user_scopes_user\``);
    await queryRunner.query(`ALTER TABLE \`user_roles\` DROP FOREIGN KEY \`fk_user_roles_user\``);
    await queryRunner.query(`DROP TABLE \`wecom_tokens\``);
    await queryRunner.query(`DROP TABLE \`wecom_state\``);
    await queryRunner.query(`DROP INDEX \`ix_member_departments_department\` ON \`member_departments\``);
    await queryRunner.query(`DROP TABLE \`member_departments\``);
    await queryRunner.query(`DROP INDEX \`ix_members_status\` ON \`members\``);
    await queryRunner.query(`DROP TABLE \`members\``);
    await queryRunner.query(`DROP INDEX \`ix_departments_parent_id\` ON \`departments\``);
    await queryRunner.query(`DROP TABLE \`departments\``);
    await queryRunner.query(`DROP INDEX \`ix_wecom_inbox_due\` ON \`wecom_inbox\``);
    await queryRunner.query(`DROP INDEX \`uq_wecom_inbox_dedupe_key\` ON \`wecom_inbox\``);
    await queryRunner.query(`DROP TABLE \`wecom_inbox\``);
    await queryRunner.query(`DROP INDEX \`ix_sessions_expires_at\` ON \`sessions\``);
    await queryRunner.query(`DROP INDEX \`ix_sessions_user_id\` ON \`sessions\``);
    await queryRunner.query(`DROP TABLE \`sessions\``);
    await queryRunner.query(`DROP TABLE \`user_scopes\``);
    await queryRunner.query(`DROP TABLE \`user_roles\``);
    await queryRunner.query(`DROP INDEX \`uq_users_wecom_userid\` ON \`users\``);
    await queryRunner.query(`DROP INDEX \`uq_users_username\` ON \`users\``);
    await queryRunner.query(`DROP TABLE \`users\``);
    await queryRunner.query(`DROP INDEX \`ix_access_audit_at\` ON \`access_audit\``);
    await queryRunner.query(`DROP INDEX \`ix_access_audit_user_at\` ON \`access_audit\``);
    await queryRunner.query(`DROP INDEX \`ix_access_audit_action_at\` ON \`access_audit\``);
    await queryRunner.query(`DROP TABLE \`access_audit\``);
    await queryRunner.query(`DROP INDEX \`ix_corp_tags_group\` ON \`corp_tags\``);
    await queryRunner.query(`DROP TABLE \`corp_tags\``);
    await queryRunner.query(`DROP TABLE \`corp_tag_groups\``);
    await queryRunner.query(`DROP INDEX \`ix_customer_group_events_chat\` ON \`customer_group_events\``);
    await queryRunner.query(`DROP TABLE \`customer_group_events\``);
    await queryRunner.query(`DROP INDEX \`ix_customer_group_members_member\` ON \`customer_group_members\``);
    await queryRunner.query(`DROP TABLE \`customer_group_members\``);
    await queryRunner.query(`DROP INDEX \`ix_customer_groups_owner\` ON \`customer_groups\``);
    await queryRunner.query(`DROP TABLE \`customer_groups\``);
    await queryRunner.query(`DROP INDEX \`ix_customer_events_customer\` ON \`customer_events\``);
    await queryRunner.query(`DROP INDEX \`ix_customer_events_member\` ON \`customer_events\``);
    await queryRunner.query(`DROP INDEX \`ix_customer_events_kind\` ON \`customer_events\``);
    await queryRunner.query(`DROP TABLE \`customer_events\``);
    await queryRunner.query(`DROP INDEX \`ix_customer_follow_tags_tag\` ON \`customer_follow_tags\``);
    await queryRunner.query(`DROP TABLE \`customer_follow_tags\``);
    await queryRunner.query(`DROP INDEX \`uq_customer_follows_pair\` ON \`customer_follows\``);
    await queryRunner.query(`DROP INDEX \`ix_customer_follows_user_status\` ON \`customer_follows\``);
    await queryRunner.query(`DROP INDEX \`ix_customer_follows_added\` ON \`customer_follows\``);
    await queryRunner.query(`DROP INDEX \`ix_customer_follows_state\` ON \`customer_follows\``);
    await queryRunner.query(`DROP TABLE \`customer_follows\``);
    await queryRunner.query(`DROP INDEX \`ix_customers_status_first_added\` ON \`customers\``);
    await queryRunner.query(`DROP INDEX \`ix_customers_first_added\` ON \`customers\``);
    await queryRunner.query(`DROP INDEX \`ix_customers_updated\` ON \`customers\``);
    await queryRunner.query(`DROP INDEX \`ix_customers_name\` ON \`customers\``);
    await queryRunner.query(`DROP TABLE \`customers\``);
    await queryRunner.query(`DROP INDEX \`ix_alerts_status_occurred\` ON \`alerts\``);
    await queryRunner.query(`DROP INDEX \`ix_alerts_member\` ON \`alerts\``);
    await queryRunner.query(`DROP INDEX \`uq_alerts_source\` ON \`alerts\``);
    await queryRunner.query(`DROP TABLE \`alerts\``);
    await queryRunner.query(`DROP INDEX \`ix_sync_runs_kind_started\` ON \`sync_runs\``);
    await queryRunner.query(`DROP TABLE \`sync_runs\``);
    await queryRunner.query(`DROP TABLE \`job_locks\``);
  }
}

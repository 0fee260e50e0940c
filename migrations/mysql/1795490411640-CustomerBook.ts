import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomerBook1795490411640 implements MigrationInterface {
  name = 'CustomerBook1795490411640';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`alerts\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`dedupe_key\` varchar(191) NOT NULL, \`kind\` varchar(32) NOT NULL, \`severity\` varchar(8) NOT NULL, \`status\` varchar(16) NOT NULL, \`userid\` varchar(64) NOT NULL, \`external_userid\` varchar(64) NULL, \`occurred_at\` datetime(3) NOT NULL, \`note\` varchar(500) NULL, \`handled_by\` varchar(64) NULL, \`handled_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX \`uq_alerts_source\` (\`dedupe_key\`), INDEX \`ix_alerts_member\` (\`userid\`, \`occurred_at\`), INDEX \`ix_alerts_status_occurred\` (\`status\`, \`occurred_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`customers\` (\`external_userid\` varchar(64) NOT NULL, \`name\` varchar(128) NOT NULL, \`avatar\` varchar(512) NULL, \`type\` smallint NOT NULL DEFAULT '1', \`gender\` smallint NOT NULL DEFAULT '0', \`corp_name\` varchar(128) NULL, \`corp_full_name\` varchar(255) NULL, \`position\` varchar(128) NULL, \`unionid\` varchar(128) NULL, \`status\` varchar(8) NOT NULL, \`search_text\` varchar(1024) NOT NULL DEFAULT '', \`first_added_at\` datetime(3) NULL, \`lost_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_customers_name\` (\`name\`), INDEX \`ix_customers_updated\` (\`updated_at\`), INDEX \`ix_customers_first_added\` (\`first_added_at\`), INDEX \`ix_customers_status_first_added\` (\`status\`, \`first_added_at\`), PRIMARY KEY (\`external_userid\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`customer_follows\` (\`id\` int NOT NULL AUTO_INCREMENT, \`external_userid\` varchar(64) NOT NULL, \`userid\` varchar(64) NOT NULL, \`remark\` varchar(64) NULL, \`description\` varchar(255) NULL, \`remark_mobiles\` varchar(255) NOT NULL DEFAULT '', \`remark_corp_name\` varchar(128) NULL, \`add_way\` int NULL, \`state\` varchar(64) NULL, \`oper_userid\` varchar(64) NULL, \`added_at\` datetime(3) NULL, \`status\` varchar(24) NOT NULL, \`ended_at\` datetime(3) NULL, \`archive_consent_at\` datetime(3) NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_customer_follows_state\` (\`state\`), INDEX \`ix_customer_follows_added\` (\`added_at\`), INDEX \`ix_customer_follows_user_status\` (\`userid\`, \`status\`), UNIQUE INDEX \`uq_customer_follows_pair\` (\`external_userid\`, \`userid\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`customer_follow_tags\` (\`external_userid\` varchar(64) NOT NULL, \`userid\` varchar(64) NOT NULL, \`tag_id\` varchar(64) NOT NULL, INDEX \`ix_customer_follow_tags_tag\` (\`tag_id\`), PRIMARY KEY (\`external_userid\`, \`userid\`, \`tag_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`customer_events\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`external_userid\` varchar(64) NOT NULL, \`userid\` varchar(64) NULL, \`kind\` varchar(24) NOT NULL, \`detail\` mediumtext NULL, \`occurred_at\` datetime(3) NOT NULL, \`recorded_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`ix_customer_events_kind\` (\`kind\`, \`occurred_at\`), INDEX \`ix_customer_events_member\` (\`userid\`, \`occurred_at\`), INDEX \`ix_customer_events_customer\` (\`external_userid\`, \`occurred_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`customer_groups\` (\`chat_id\` varchar(64) NOT NULL, \`name\` varchar(128) NOT NULL DEFAULT '', \`owner_userid\` varchar(64) NOT NULL, \`notice\` varchar(1024) NULL, \`status\` varchar(16) NOT NULL, \`created_at\` datetime(3) NULL, \`dismissed_at\` datetime(3) NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_customer_groups_owner\` (\`owner_userid\`), PRIMARY KEY (\`chat_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`customer_group_members\` (\`chat_id\` varchar(64) NOT NULL, \`member_id\` varchar(64) NOT NULL, \`type\` smallint NOT NULL, \`joined_at\` datetime(3) NULL, \`join_scene\` smallint NULL, \`invitor\` varchar(64) NULL, \`left_at\` datetime(3) NULL, INDEX \`ix_customer_group_members_member\` (\`member_id\`), PRIMARY KEY (\`chat_id\`, \`member_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`customer_group_events\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`chat_id\` varchar(64) NOT NULL, \`member_id\` varchar(64) NOT NULL, \`action\` varchar(8) NOT NULL, \`scene\` smallint NULL, \`occurred_at\` datetime(3) NOT NULL, INDEX \`ix_customer_group_events_chat\` (\`chat_id\`, \`occurred_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`corp_tag_groups\` (\`group_id\` varchar(64) NOT NULL, \`name\` varchar(64) NOT NULL, \`sort_order\` bigint NOT NULL DEFAULT '0', \`created_at\` datetime(3) NULL, \`deleted_at\` datetime(3) NULL, PRIMARY KEY (\`group_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`corp_tags\` (\`tag_id\` varchar(64) NOT NULL, \`group_id\` varchar(64) NOT NULL, \`name\` varchar(64) NOT NULL, \`sort_order\` bigint NOT NULL DEFAULT '0', \`created_at\` datetime(3) NULL, \`deleted_at\` datetime(3) NULL, INDEX \`ix_corp_tags_group\` (\`group_id\`), PRIMARY KEY (\`tag_id\`)) ENGINE=InnoDB`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
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
  }
}

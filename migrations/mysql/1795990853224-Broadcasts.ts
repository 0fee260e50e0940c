import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Broadcasts1795990853224 implements MigrationInterface {
  name = 'Broadcasts1795990853224';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`broadcast_segments\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(64) NOT NULL, \`description\` varchar(255) NULL, \`filter\` mediumtext NOT NULL, \`last_count\` int NULL, \`scope_departments\` mediumtext NULL, \`created_by\` varchar(64) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`broadcast_campaigns\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(64) NOT NULL, \`kind\` varchar(12) NOT NULL, \`status\` varchar(20) NOT NULL, \`audience\` mediumtext NULL, \`owner_policy\` mediumtext NOT NULL, \`group_audience\` mediumtext NULL, \`staff_audience\` mediumtext NULL, \`content\` mediumtext NOT NULL, \`staff_message\` mediumtext NULL, \`recent_days\` int NULL, \`allow_select\` tinyint NOT NULL DEFAULT 0, \`scheduled_at\` datetime(3) NULL, \`deadline_days\` int NOT NULL DEFAULT '7', \`deadline_at\` datetime(3) NULL, \`scope_departments\` mediumtext NULL, \`created_by\` varchar(64) NOT NULL, \`approved_by\` varchar(64) NULL, \`approved_at\` datetime(3) NULL, \`rejected_reason\` varchar(255) NULL, \`submitted_at\` datetime(3) NULL, \`synced_at\` datetime(3) NULL, \`finished_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_broadcast_campaigns_status\` (\`status\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`broadcast_recipients\` (\`id\` int NOT NULL AUTO_INCREMENT, \`campaign_id\` int NOT NULL, \`target_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`sender_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`state\` varchar(16) NOT NULL, \`reason\` varchar(20) NULL, \`task_id\` int NULL, \`sent_at\` datetime(3) NULL, INDEX \`ix_broadcast_recipients_target\` (\`target_id\`, \`campaign_id\`), INDEX \`ix_broadcast_recipients_task\` (\`task_id\`), INDEX \`ix_broadcast_recipients_state\` (\`campaign_id\`, \`state\`, \`sender_userid\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`broadcast_tasks\` (\`id\` int NOT NULL AUTO_INCREMENT, \`campaign_id\` int NOT NULL, \`sender_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`chunk\` int NOT NULL, \`status\` varchar(12) NOT NULL, \`msgid\` varchar(128) NULL, \`requested_at\` datetime(3) NOT NULL, \`fail_count\` int NOT NULL DEFAULT '0', \`fail_list_known\` tinyint NOT NULL DEFAULT 1, \`confirmed_at\` datetime(3) NULL, \`next_poll_at\` datetime(3) NULL, \`polls\` int NOT NULL DEFAULT '0', \`cancelled_at\` datetime(3) NULL, UNIQUE INDEX \`uq_broadcast_tasks_msgid\` (\`msgid\`), INDEX \`ix_broadcast_tasks_poll\` (\`status\`, \`next_poll_at\`), INDEX \`ix_broadcast_tasks_campaign\` (\`campaign_id\`, \`status\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`broadcast_reminders\` (\`id\` int NOT NULL AUTO_INCREMENT, \`task_id\` int NOT NULL, \`via\` varchar(8) NOT NULL, \`sent_by\` varchar(64) NOT NULL, \`sent_at\` datetime(3) NOT NULL, INDEX \`ix_broadcast_reminders_task\` (\`task_id\`, \`sent_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`app_message_log\` (\`id\` int NOT NULL AUTO_INCREMENT, \`userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`sent_at\` datetime(3) NOT NULL, INDEX \`ix_app_message_log_member\` (\`userid\`, \`sent_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`materials\` (\`id\` int NOT NULL AUTO_INCREMENT, \`kind\` varchar(12) NOT NULL, \`title\` varchar(64) NOT NULL, \`description\` varchar(255) NULL, \`url\` varchar(2048) NULL, \`app_id\` varchar(64) NULL, \`page\` varchar(255) NULL, \`file_name\` varchar(255) NULL, \`file_size\` int NULL, \`mime_type\` varchar(128) NULL, \`storage_key\` varchar(255) NULL, \`sha256\` varchar(64) NULL, \`media_id\` varchar(255) NULL, \`media_expires_at\` datetime(3) NULL, \`pic_url\` varchar(2048) NULL, \`created_by\` varchar(64) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), \`deleted_at\` datetime(3) NULL, INDEX \`ix_materials_kind\` (\`kind\`, \`deleted_at\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`ix_materials_kind\` ON \`materials\``);
    await queryRunner.query(`DROP TABLE \`materials\``);
    await queryRunner.query(`DROP INDEX \`ix_app_message_log_member\` ON \`app_message_log\``);
    await queryRunner.query(`DROP TABLE \`app_message_log\``);
    await queryRunner.query(`DROP INDEX \`ix_broadcast_reminders_task\` ON \`broadcast_reminders\``);
    await queryRunner.query(`DROP TABLE \`broadcast_reminders\``);
    await queryRunner.query(`DROP INDEX \`ix_broadcast_tasks_campaign\` ON \`broadcast_tasks\``);
    await queryRunner.query(`DROP INDEX \`ix_broadcast_tasks_poll\` ON \`broadcast_tasks\``);
    await queryRunner.query(`DROP INDEX \`uq_broadcast_tasks_msgid\` ON \`broadcast_tasks\``);
    await queryRunner.query(`DROP TABLE \`broadcast_tasks\``);
    await queryRunner.query(`DROP INDEX \`ix_broadcast_recipients_state\` ON \`broadcast_recipients\``);
    await queryRunner.query(`DROP INDEX \`ix_broadcast_recipients_task\` ON \`broadcast_recipients\``);
    await queryRunner.query(`DROP INDEX \`ix_broadcast_recipients_target\` ON \`broadcast_recipients\``);
    await queryRunner.query(`DROP TABLE \`broadcast_recipients\``);
    await queryRunner.query(`DROP INDEX \`ix_broadcast_campaigns_status\` ON \`broadcast_campaigns\``);
    await queryRunner.query(`DROP TABLE \`broadcast_campaigns\``);
    await queryRunner.query(`DROP TABLE \`broadcast_segments\``);
  }
}

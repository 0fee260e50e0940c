import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChatArchive1795491640149 implements MigrationInterface {
  name = 'ChatArchive1795491640149';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`archive_messages\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`msgid\` varchar(128) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`seq\` bigint NOT NULL, \`conversation_id\` bigint NOT NULL, \`sender_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`action\` varchar(8) NOT NULL, \`msgtype\` varchar(32) NOT NULL, \`msgtime\` datetime(3) NOT NULL, \`search_text\` varchar(1000) COLLATE "utf8mb4_bin" NOT NULL DEFAULT '', \`recalled_at\` datetime(3) NULL, \`recall_of\` varchar(128) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`violation_count\` int NOT NULL DEFAULT '0', INDEX \`ix_archive_messages_seq\` (\`seq\`), INDEX \`ix_archive_messages_time\` (\`msgtime\`), INDEX \`ix_archive_messages_sender_time\` (\`sender_id\`, \`msgtime\`), INDEX \`ix_archive_messages_conversation_time\` (\`conversation_id\`, \`msgtime\`, \`id\`), UNIQUE INDEX \`uq_archive_messages_msgid\` (\`msgid\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`archive_message_contents\` (\`message_id\` bigint NOT NULL, \`content\` mediumtext NOT NULL, PRIMARY KEY (\`message_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`archive_conversations\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`conversation_key\` varchar(200) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`kind\` varchar(8) NOT NULL, \`member_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`customer_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`room_id\` varchar(128) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`last_message_at\` datetime(3) NULL, \`last_preview\` varchar(200) NULL, \`message_count\` int NOT NULL DEFAULT '0', \`violation_count\` int NOT NULL DEFAULT '0', INDEX \`ix_archive_conversations_last\` (\`last_message_at\`), INDEX \`ix_archive_conversations_customer\` (\`customer_id\`, \`last_message_at\`), INDEX \`ix_archive_conversations_member\` (\`member_id\`, \`last_message_at\`), UNIQUE INDEX \`uq_archive_conversations_key\` (\`conversation_key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`archive_state\` (\`name\` varchar(32) NOT NULL, \`checkpoint_seq\` bigint NOT NULL, \`last_pull_at\` datetime(3) NULL, \`last_pulled\` int NOT NULL DEFAULT '0', \`parked_seq\` bigint NULL, \`parked_msgid\` varchar(128) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`parked_reason\` varchar(500) NULL, \`parked_at\` datetime(3) NULL, \`last_error\` varchar(500) NULL, PRIMARY KEY (\`name\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`archive_media\` (\`file_key\` varchar(64) NOT NULL, \`relative_path\` varchar(255) NOT NULL, \`size\` bigint NOT NULL, \`fetched_at\` datetime(3) NOT NULL, \`message_time\` datetime(3) NOT NULL, PRIMARY KEY (\`file_key\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`audit_rules\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(64) NOT NULL, \`kind\` varchar(16) NOT NULL, \`patterns\` mediumtext NOT NULL, \`severity\` varchar(8) NOT NULL, \`department_ids\` varchar(2000) NOT NULL DEFAULT '[]', \`enabled\` tinyint NOT NULL DEFAULT 1, \`builtin_key\` varchar(32) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`violations\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`rule_id\` int NOT NULL, \`message_id\` bigint NOT NULL, \`conversation_id\` bigint NOT NULL, \`member_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`severity\` varchar(8) NOT NULL, \`matched\` varchar(500) NOT NULL DEFAULT '', \`excerpt\` varchar(300) NULL, \`status\` varchar(12) NOT NULL, \`note\` varchar(500) NULL, \`handled_by\` varchar(64) NULL, \`handled_at\` datetime(3) NULL, \`occurred_at\` datetime(3) NOT NULL, INDEX \`ix_violations_conversation\` (\`conversation_id\`), INDEX \`ix_violations_member_time\` (\`member_id\`, \`occurred_at\`), INDEX \`ix_violations_status_time\` (\`status\`, \`occurred_at\`), UNIQUE INDEX \`uq_violations_rule_message\` (\`rule_id\`, \`message_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`settings\` (\`key\` varchar(64) NOT NULL, \`value\` varchar(2000) NOT NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), PRIMARY KEY (\`key\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`customer_follows\` ADD \`archive_consent\` varchar(16) NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`customer_follows\` DROP COLUMN \`archive_consent\``);
    await queryRunner.query(`DROP TABLE \`settings\``);
    await queryRunner.query(`DROP INDEX \`uq_violations_rule_message\` ON \`violations\``);
    await queryRunner.query(`DROP INDEX \`ix_violations_status_time\` ON \`violations\``);
    await queryRunner.query(`DROP INDEX \`ix_violations_member_time\` ON \`violations\``);
    await queryRunner.query(`DROP INDEX \`ix_violations_conversation\` ON \`violations\``);
    await queryRunner.query(`DROP TABLE \`violations\``);
    await queryRunner.query(`DROP TABLE \`audit_rules\``);
    await queryRunner.query(`DROP TABLE \`archive_media\``);
    await queryRunner.query(`DROP TABLE \`archive_state\``);
    await queryRunner.query(`DROP INDEX \`uq_archive_conversations_key\` ON \`archive_conversations\``);
    await queryRunner.query(`DROP INDEX \`ix_archive_conversations_member\` ON \`archive_conversations\``);
    await queryRunner.query(`DROP INDEX \`ix_archive_conversations_customer\` ON \`archive_conversations\``);
    await queryRunner.query(`DROP INDEX \`ix_archive_conversations_last\` ON \`archive_conversations\``);
    await queryRunner.query(`DROP TABLE \`archive_conversations\``);
    await queryRunner.query(`DROP TABLE \`archive_message_contents\``);
    await queryRunner.query(`DROP INDEX \`uq_archive_messages_msgid\` ON \`archive_messages\``);
    await queryRunner.query(`DROP INDEX \`ix_archive_messages_conversation_time\` ON \`archive_messages\``);
    await queryRunner.query(`DROP INDEX \`ix_archive_messages_sender_time\` ON \`archive_messages\``);
    await queryRunner.query(`DROP INDEX \`ix_archive_messages_time\` ON \`archive_messages\``);
    await queryRunner.query(`DROP INDEX \`ix_archive_messages_seq\` ON \`archive_messages\``);
    await queryRunner.query(`DROP TABLE \`archive_messages\``);
  }
}

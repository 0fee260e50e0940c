import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChannelCodes1795993249548 implements MigrationInterface {
  name = 'ChannelCodes1795993249548';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`channel_codes\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(64) NOT NULL, \`state\` varchar(30) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`member_ids\` mediumtext NOT NULL, \`shifts\` mediumtext NOT NULL, \`daily_cap\` int NULL, \`backup_member_ids\` mediumtext NOT NULL, \`skip_verify\` tinyint NOT NULL DEFAULT 1, \`tag_ids\` mediumtext NOT NULL, \`remark_prefix\` varchar(20) NULL, \`welcome\` mediumtext NOT NULL, \`enabled\` tinyint NOT NULL DEFAULT 1, \`config_id\` varchar(64) NULL, \`qr_code\` varchar(1024) NULL, \`on_duty\` mediumtext NOT NULL, \`scope_departments\` mediumtext NULL, \`created_by\` varchar(64) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), \`deleted_at\` datetime(3) NULL, INDEX \`ix_channel_codes_config\` (\`config_id\`), UNIQUE INDEX \`uq_channel_codes_state\` (\`state\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`channel_welcomes\` (\`id\` int NOT NULL AUTO_INCREMENT, \`welcome_code\` varchar(128) NOT NULL, \`channel_id\` int NULL, \`userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`external_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`outcome\` varchar(20) NULL, \`error_code\` int NULL, \`received_at\` datetime(3) NOT NULL, \`sent_at\` datetime(3) NULL, INDEX \`ix_channel_welcomes_channel\` (\`channel_id\`, \`received_at\`), UNIQUE INDEX \`uq_channel_welcomes_code\` (\`welcome_code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`uq_channel_welcomes_code\` ON \`channel_welcomes\``);
    await queryRunner.query(`DROP INDEX \`ix_channel_welcomes_channel\` ON \`channel_welcomes\``);
    await queryRunner.query(`DROP TABLE \`channel_welcomes\``);
    await queryRunner.query(`DROP INDEX \`uq_channel_codes_state\` ON \`channel_codes\``);
    await queryRunner.query(`DROP INDEX \`ix_channel_codes_config\` ON \`channel_codes\``);
    await queryRunner.query(`DROP TABLE \`channel_codes\``);
  }
}

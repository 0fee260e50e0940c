import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WeComInboxAndOrganisation1795489509360 implements MigrationInterface {
  name = 'WeComInboxAndOrganisation1795489509360';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`job_locks\` (\`name\` varchar(64) NOT NULL, \`holder\` varchar(128) NOT NULL, \`expires_at\` datetime(3) NOT NULL, PRIMARY KEY (\`name\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`sync_runs\` (\`id\` int NOT NULL AUTO_INCREMENT, \`kind\` varchar(32) NOT NULL, \`trigger\` varchar(16) NOT NULL, \`status\` varchar(16) NOT NULL, \`started_at\` datetime(3) NOT NULL, \`finished_at\` datetime(3) NULL, \`summary\` mediumtext NULL, \`error\` varchar(1000) NULL, INDEX \`ix_sync_runs_kind_started\` (\`kind\`, \`started_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`wecom_inbox\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`dedupe_key\` varchar(191) NOT NULL, \`event_type\` varchar(64) NOT NULL, \`raw_xml\` mediumtext NOT NULL, \`summary\` mediumtext NOT NULL, \`status\` varchar(16) NOT NULL, \`attempts\` int NOT NULL DEFAULT '0', \`next_attempt_at\` datetime(3) NULL, \`locked_until\` datetime(3) NULL, \`last_error\` varchar(1000) NULL, \`received_at\` datetime(3) NOT NULL, \`processed_at\` datetime(3) NULL, UNIQUE INDEX \`uq_wecom_inbox_dedupe_key\` (\`dedupe_key\`), INDEX \`ix_wecom_inbox_due\` (\`status\`, \`next_attempt_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`departments\` (\`id\` varchar(32) NOT NULL, \`name\` varchar(128) NOT NULL, \`parent_id\` varchar(32) NULL, \`sort_order\` bigint NOT NULL DEFAULT '0', \`deleted_at\` datetime(3) NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_departments_parent_id\` (\`parent_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`members\` (\`userid\` varchar(64) NOT NULL, \`name\` varchar(64) NOT NULL, \`main_department_id\` varchar(32) NULL, \`position\` varchar(128) NULL, \`mobile\` varchar(32) NULL, \`email\` varchar(128) NULL, \`avatar\` varchar(512) NULL, \`gender\` varchar(8) NULL, \`status\` varchar(16) NOT NULL, \`departed_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_members_status\` (\`status\`), PRIMARY KEY (\`userid\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`member_departments\` (\`userid\` varchar(64) NOT NULL, \`department_id\` varchar(32) NOT NULL, \`is_leader\` tinyint NOT NULL DEFAULT 0, INDEX \`ix_member_departments_department\` (\`department_id\`), PRIMARY KEY (\`userid\`, \`department_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`wecom_state\` (\`key\` varchar(64) NOT NULL, \`value\` mediumtext NOT NULL, \`updated_at\` datetime(3) NOT NULL, PRIMARY KEY (\`key\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`wecom_tokens\` (\`cache_key\` varchar(128) NOT NULL, \`token\` varchar(1024) NOT NULL, \`expires_at\` datetime(3) NOT NULL, PRIMARY KEY (\`cache_key\`)) ENGINE=InnoDB`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
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
    await queryRunner.query(`DROP INDEX \`ix_sync_runs_kind_started\` ON \`sync_runs\``);
    await queryRunner.query(`DROP TABLE \`sync_runs\``);
    await queryRunner.query(`DROP TABLE \`job_locks\``);
  }
}

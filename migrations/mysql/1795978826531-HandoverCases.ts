import type { MigrationInterface, QueryRunner } from 'typeorm';

export class HandoverCases1795978826531 implements MigrationInterface {
  name = 'HandoverCases1795978826531';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`handover_cases\` (\`id\` int NOT NULL AUTO_INCREMENT, \`dedupe_key\` varchar(128) NOT NULL, \`kind\` varchar(12) NOT NULL, \`status\` varchar(12) NOT NULL, \`handover_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`departed_at\` datetime(3) NULL, \`message\` varchar(255) NULL, \`opened_by\` varchar(64) NULL, \`reported_at\` datetime(3) NULL, \`refusals_reported\` int NOT NULL DEFAULT '0', \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`completed_at\` datetime(3) NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`uq_handover_cases_dedupe\` (\`dedupe_key\`), INDEX \`ix_handover_cases_handover\` (\`handover_userid\`), INDEX \`ix_handover_cases_status\` (\`status\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`handover_items\` (\`id\` int NOT NULL AUTO_INCREMENT, \`case_id\` int NOT NULL, \`kind\` varchar(8) NOT NULL, \`target_id\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`state\` varchar(16) NOT NULL, \`reason\` varchar(32) NULL, \`errcode\` int NULL, \`takeover_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL, \`batch_id\` int NULL, \`sent_at\` datetime(3) NULL, \`takeover_at\` datetime(3) NULL, \`not_before\` datetime(3) NULL, \`attempts\` int NOT NULL DEFAULT '0', \`planned_by\` varchar(64) NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_handover_items_batch\` (\`batch_id\`), INDEX \`ix_handover_items_target_state\` (\`target_id\`, \`state\`), INDEX \`ix_handover_items_state_takeover\` (\`state\`, \`takeover_userid\`), INDEX \`ix_handover_items_case_state\` (\`case_id\`, \`state\`), UNIQUE INDEX \`uq_handover_items_target\` (\`case_id\`, \`kind\`, \`target_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`handover_batches\` (\`id\` int NOT NULL AUTO_INCREMENT, \`case_id\` int NOT NULL, \`kind\` varchar(8) NOT NULL, \`takeover_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`status\` varchar(12) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`ix_handover_batches_status\` (\`status\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`handover_polls\` (\`id\` int NOT NULL AUTO_INCREMENT, \`case_id\` int NOT NULL, \`takeover_userid\` varchar(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL, \`due_at\` datetime(3) NULL, \`polled_at\` datetime(3) NULL, INDEX \`ix_handover_polls_due\` (\`due_at\`), UNIQUE INDEX \`uq_handover_polls_pair\` (\`case_id\`, \`takeover_userid\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`uq_handover_polls_pair\` ON \`handover_polls\``);
    await queryRunner.query(`DROP INDEX \`ix_handover_polls_due\` ON \`handover_polls\``);
    await queryRunner.query(`DROP TABLE \`handover_polls\``);
    await queryRunner.query(`DROP INDEX \`ix_handover_batches_status\` ON \`handover_batches\``);
    await queryRunner.query(`DROP TABLE \`handover_batches\``);
    await queryRunner.query(`DROP INDEX \`uq_handover_items_target\` ON \`handover_items\``);
    await queryRunner.query(`DROP INDEX \`ix_handover_items_case_state\` ON \`handover_items\``);
    await queryRunner.query(`DROP INDEX \`ix_handover_items_state_takeover\` ON \`handover_items\``);
    await queryRunner.query(`DROP INDEX \`ix_handover_items_target_state\` ON \`handover_items\``);
    await queryRunner.query(`DROP INDEX \`ix_handover_items_batch\` ON \`handover_items\``);
    await queryRunner.query(`DROP TABLE \`handover_items\``);
    await queryRunner.query(`DROP INDEX \`ix_handover_cases_status\` ON \`handover_cases\``);
    await queryRunner.query(`DROP INDEX \`ix_handover_cases_handover\` ON \`handover_cases\``);
    await queryRunner.query(`DROP INDEX \`uq_handover_cases_dedupe\` ON \`handover_cases\``);
    await queryRunner.query(`DROP TABLE \`handover_cases\``);
  }
}

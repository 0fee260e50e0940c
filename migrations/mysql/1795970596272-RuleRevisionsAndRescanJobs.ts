import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Built-in regex rules as shipped before audit regexes ran on RE2, which has no lookahead, and as shipped now.
 * Rules an admin never edited move to the new patterns; edited ones are left alone (the console marks them as
 * not running until they are fixed).
 */
const BUILTIN_PATTERNS_MOVED = [
  {
    key: 'bank_card',
    before: ['(?<!\\d)(?:\\d[ -]?){15,18}\\d(?!\\d)'],
    after: ['(?:^|\\D)(?<hit>(?:\\d[ -]?){15,18}\\d)(?:\\D|$)'],
  },
  {
    key: 'phone_number',
    before: ['(?<!\\d)1[3-9]\\d{9}(?!\\d)'],
    after: ['(?:^|\\D)(?<hit>1[3-9]\\d{9})(?:\\D|$)'],
  },
];

export class RuleRevisionsAndRescanJobs1795970596272 implements MigrationInterface {
  name = 'RuleRevisionsAndRescanJobs1795970596272';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`revisions\` (\`name\` varchar(64) NOT NULL, \`value\` bigint NOT NULL DEFAULT '0', PRIMARY KEY (\`name\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`rescan_jobs\` (\`id\` int NOT NULL AUTO_INCREMENT, \`from_time\` datetime(3) NOT NULL, \`to_time\` datetime(3) NOT NULL, \`status\` varchar(12) NOT NULL, \`after_id\` bigint NOT NULL, \`total\` int NOT NULL DEFAULT '0', \`scanned\` int NOT NULL DEFAULT '0', \`created\` int NOT NULL DEFAULT '0', \`error\` varchar(500) NULL, \`requested_by\` varchar(64) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`finished_at\` datetime(3) NULL, INDEX \`ix_rescan_jobs_status\` (\`status\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    for (const { key, before, after } of BUILTIN_PATTERNS_MOVED) {
      await queryRunner.query(
        'UPDATE `audit_rules` SET `patterns` = ? WHERE `builtin_key` = ? AND `patterns` = ?',
        [JSON.stringify(after), key, JSON.stringify(before)],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`ix_rescan_jobs_status\` ON \`rescan_jobs\``);
    await queryRunner.query(`DROP TABLE \`rescan_jobs\``);
    await queryRunner.query(`DROP TABLE \`revisions\``);
  }
}

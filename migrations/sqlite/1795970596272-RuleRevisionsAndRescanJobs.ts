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
      `CREATE TABLE "revisions" ("name" varchar(64) PRIMARY KEY NOT NULL, "value" bigint NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rescan_jobs" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "from_time" datetime NOT NULL, "to_time" datetime NOT NULL, "status" varchar(12) NOT NULL, "after_id" bigint NOT NULL, "total" integer NOT NULL DEFAULT (0), "scanned" integer NOT NULL DEFAULT (0), "created" integer NOT NULL DEFAULT (0), "error" varchar(500), "requested_by" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "finished_at" datetime)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_rescan_jobs_status" ON "rescan_jobs" ("status", "id") `);
    for (const { key, before, after } of BUILTIN_PATTERNS_MOVED) {
      await queryRunner.query(
        'UPDATE "audit_rules" SET "patterns" = ? WHERE "builtin_key" = ? AND "patterns" = ?',
        [JSON.stringify(after), key, JSON.stringify(before)],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_rescan_jobs_status"`);
    await queryRunner.query(`DROP TABLE "rescan_jobs"`);
    await queryRunner.query(`DROP TABLE "revisions"`);
  }
}

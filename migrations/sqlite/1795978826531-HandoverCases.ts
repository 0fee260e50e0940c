import type { MigrationInterface, QueryRunner } from 'typeorm';

export class HandoverCases1795978826531 implements MigrationInterface {
  name = 'HandoverCases1795978826531';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "handover_cases" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "dedupe_key" varchar(128) NOT NULL, "kind" varchar(12) NOT NULL, "status" varchar(12) NOT NULL, "handover_userid" varchar(64) NOT NULL, "departed_at" datetime, "message" varchar(255), "opened_by" varchar(64), "reported_at" datetime, "refusals_reported" integer NOT NULL DEFAULT (0), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "completed_at" datetime, "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_handover_cases_dedupe" ON "handover_cases" ("dedupe_key") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_handover_cases_handover" ON "handover_cases" ("handover_userid") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_handover_cases_status" ON "handover_cases" ("status", "id") `);
    await queryRunner.query(
      `CREATE TABLE "handover_items" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "case_id" integer NOT NULL, "kind" varchar(8) NOT NULL, "target_id" varchar(64) NOT NULL, "state" varchar(16) NOT NULL, "reason" varchar(32), "errcode" integer, "takeover_userid" varchar(64), "batch_id" integer, "sent_at" datetime, "takeover_at" datetime, "not_before" datetime, "attempts" integer NOT NULL DEFAULT (0), "planned_by" varchar(64), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_handover_items_batch" ON "handover_items" ("batch_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_handover_items_target_state" ON "handover_items" ("target_id", "state") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_handover_items_state_takeover" ON "handover_items" ("state", "takeover_userid") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_handover_items_case_state" ON "handover_items" ("case_id", "state") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_handover_items_target" ON "handover_items" ("case_id", "kind", "target_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "handover_batches" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "case_id" integer NOT NULL, "kind" varchar(8) NOT NULL, "takeover_userid" varchar(64) NOT NULL, "status" varchar(12) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_handover_batches_status" ON "handover_batches" ("status") `);
    await queryRunner.query(
      `CREATE TABLE "handover_polls" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "case_id" integer NOT NULL, "takeover_userid" varchar(64) NOT NULL, "due_at" datetime, "polled_at" datetime)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_handover_polls_due" ON "handover_polls" ("due_at") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_handover_polls_pair" ON "handover_polls" ("case_id", "takeover_userid") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_handover_polls_pair"`);
    await queryRunner.query(`DROP INDEX "ix_handover_polls_due"`);
    await queryRunner.query(`DROP TABLE "handover_polls"`);
    await queryRunner.query(`DROP INDEX "ix_handover_batches_status"`);
    await queryRunner.query(`DROP TABLE "handover_batches"`);
    await queryRunner.query(`DROP INDEX "uq_handover_items_target"`);
    await queryRunner.query(`DROP INDEX "ix_handover_items_case_state"`);
    await queryRunner.query(`DROP INDEX "ix_handover_items_state_takeover"`);
    await queryRunner.query(`DROP INDEX "ix_handover_items_target_state"`);
    await queryRunner.query(`DROP INDEX "ix_handover_items_batch"`);
    await queryRunner.query(`DROP TABLE "handover_items"`);
    await queryRunner.query(`DROP INDEX "ix_handover_cases_status"`);
    await queryRunner.query(`DROP INDEX "ix_handover_cases_handover"`);
    await queryRunner.query(`DROP INDEX "uq_handover_cases_dedupe"`);
    await queryRunner.query(`DROP TABLE "handover_cases"`);
  }
}

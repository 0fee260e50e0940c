import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FailureCodes1795974169258 implements MigrationInterface {
  name = 'FailureCodes1795974169258';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_sync_runs_kind_started"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_sync_runs" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(32) NOT NULL, "trigger" varchar(16) NOT NULL, "status" varchar(16) NOT NULL, "started_at" datetime NOT NULL, "finished_at" datetime, "summary" text, "error" varchar(1000), "error_code" varchar(32), "error_params" text)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_sync_runs"("id", "kind", "trigger", "status", "started_at", "finished_at", "summary", "error") SELECT "id", "kind", "trigger", "status", "started_at", "finished_at", "summary", "error" FROM "sync_runs"`,
    );
    await queryRunner.query(`DROP TABLE "sync_runs"`);
    await queryRunner.query(`ALTER TABLE "temporary_sync_runs" RENAME TO "sync_runs"`);
    await queryRunner.query(
      `CREATE INDEX "ix_sync_runs_kind_started" ON "sync_runs" ("kind", "started_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "temporary_archive_state" ("name" varchar(32) PRIMARY KEY NOT NULL, "checkpoint_seq" bigint NOT NULL, "last_pull_at" datetime, "last_pulled" integer NOT NULL DEFAULT (0), "parked_seq" bigint, "parked_msgid" varchar(128), "parked_reason" varchar(500), "parked_at" datetime, "last_error" varchar(500), "unanswered_notifies" integer NOT NULL DEFAULT (0), "notified_since" datetime, "parked_code" varchar(32), "parked_params" text, "last_error_code" varchar(32), "last_error_params" text)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_archive_state"("name", "checkpoint_seq", "last_pull_at", "last_pulled", "parked_seq", "parked_msgid", "parked_reason", "parked_at", "last_error", "unanswered_notifies", "notified_since") SELECT "name", "checkpoint_seq", "last_pull_at", "last_pulled", "parked_seq", "parked_msgid", "parked_reason", "parked_at", "last_error", "unanswered_notifies", "notified_since" FROM "archive_state"`,
    );
    await queryRunner.query(`DROP TABLE "archive_state"`);
    await queryRunner.query(`ALTER TABLE "temporary_archive_state" RENAME TO "archive_state"`);
    await queryRunner.query(`DROP INDEX "ix_rescan_jobs_status"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_rescan_jobs" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "from_time" datetime NOT NULL, "to_time" datetime NOT NULL, "status" varchar(12) NOT NULL, "after_id" bigint NOT NULL, "total" integer NOT NULL DEFAULT (0), "scanned" integer NOT NULL DEFAULT (0), "created" integer NOT NULL DEFAULT (0), "error" varchar(500), "requested_by" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "finished_at" datetime, "error_code" varchar(32), "error_params" text)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_rescan_jobs"("id", "from_time", "to_time", "status", "after_id", "total", "scanned", "created", "error", "requested_by", "created_at", "finished_at") SELECT "id", "from_time", "to_time", "status", "after_id", "total", "scanned", "created", "error", "requested_by", "created_at", "finished_at" FROM "rescan_jobs"`,
    );
    await queryRunner.query(`DROP TABLE "rescan_jobs"`);
    await queryRunner.query(`ALTER TABLE "temporary_rescan_jobs" RENAME TO "rescan_jobs"`);
    await queryRunner.query(`CREATE INDEX "ix_rescan_jobs_status" ON "rescan_jobs" ("status", "id") `);
    await queryRunner.query(`DROP INDEX "uq_wecom_inbox_dedupe_key"`);
    await queryRunner.query(`DROP INDEX "ix_wecom_inbox_due"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_wecom_inbox" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "dedupe_key" varchar(191) NOT NULL, "event_type" varchar(64) NOT NULL, "raw_xml" text NOT NULL, "summary" text NOT NULL, "status" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "next_attempt_at" datetime, "locked_until" datetime, "last_error" varchar(1000), "received_at" datetime NOT NULL, "processed_at" datetime, "locked_by" varchar(128), "last_error_code" varchar(32), "last_error_params" text)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_wecom_inbox"("id", "dedupe_key", "event_type", "raw_xml", "summary", "status", "attempts", "next_attempt_at", "locked_until", "last_error", "received_at", "processed_at", "locked_by") SELECT "id", "dedupe_key", "event_type", "raw_xml", "summary", "status", "attempts", "next_attempt_at", "locked_until", "last_error", "received_at", "processed_at", "locked_by" FROM "wecom_inbox"`,
    );
    await queryRunner.query(`DROP TABLE "wecom_inbox"`);
    await queryRunner.query(`ALTER TABLE "temporary_wecom_inbox" RENAME TO "wecom_inbox"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_wecom_inbox_dedupe_key" ON "wecom_inbox" ("dedupe_key") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_wecom_inbox_due" ON "wecom_inbox" ("status", "next_attempt_at") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_wecom_inbox_due"`);
    await queryRunner.query(`DROP INDEX "uq_wecom_inbox_dedupe_key"`);
    await queryRunner.query(`ALTER TABLE "wecom_inbox" RENAME TO "temporary_wecom_inbox"`);
    await queryRunner.query(
      `CREATE TABLE "wecom_inbox" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "dedupe_key" varchar(191) NOT NULL, "event_type" varchar(64) NOT NULL, "raw_xml" text NOT NULL, "summary" text NOT NULL, "status" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "next_attempt_at" datetime, "locked_until" datetime, "last_error" varchar(1000), "received_at" datetime NOT NULL, "processed_at" datetime, "locked_by" varchar(128))`,
    );
    await queryRunner.query(
      `INSERT INTO "wecom_inbox"("id", "dedupe_key", "event_type", "raw_xml", "summary", "status", "attempts", "next_attempt_at", "locked_until", "last_error", "received_at", "processed_at", "locked_by") SELECT "id", "dedupe_key", "event_type", "raw_xml", "summary", "status", "attempts", "next_attempt_at", "locked_until", "last_error", "received_at", "processed_at", "locked_by" FROM "temporary_wecom_inbox"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_wecom_inbox"`);
    await queryRunner.query(
      `CREATE INDEX "ix_wecom_inbox_due" ON "wecom_inbox" ("status", "next_attempt_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_wecom_inbox_dedupe_key" ON "wecom_inbox" ("dedupe_key") `,
    );
    await queryRunner.query(`DROP INDEX "ix_rescan_jobs_status"`);
    await queryRunner.query(`ALTER TABLE "rescan_jobs" RENAME TO "temporary_rescan_jobs"`);
    await queryRunner.query(
      `CREATE TABLE "rescan_jobs" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "from_time" datetime NOT NULL, "to_time" datetime NOT NULL, "status" varchar(12) NOT NULL, "after_id" bigint NOT NULL, "total" integer NOT NULL DEFAULT (0), "scanned" integer NOT NULL DEFAULT (0), "created" integer NOT NULL DEFAULT (0), "error" varchar(500), "requested_by" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "finished_at" datetime)`,
    );
    await queryRunner.query(
      `INSERT INTO "rescan_jobs"("id", "from_time", "to_time", "status", "after_id", "total", "scanned", "created", "error", "requested_by", "created_at", "finished_at") SELECT "id", "from_time", "to_time", "status", "after_id", "total", "scanned", "created", "error", "requested_by", "created_at", "finished_at" FROM "temporary_rescan_jobs"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_rescan_jobs"`);
    await queryRunner.query(`CREATE INDEX "ix_rescan_jobs_status" ON "rescan_jobs" ("status", "id") `);
    await queryRunner.query(`ALTER TABLE "archive_state" RENAME TO "temporary_archive_state"`);
    await queryRunner.query(
      `CREATE TABLE "archive_state" ("name" varchar(32) PRIMARY KEY NOT NULL, "checkpoint_seq" bigint NOT NULL, "last_pull_at" datetime, "last_pulled" integer NOT NULL DEFAULT (0), "parked_seq" bigint, "parked_msgid" varchar(128), "parked_reason" varchar(500), "parked_at" datetime, "last_error" varchar(500), "unanswered_notifies" integer NOT NULL DEFAULT (0), "notified_since" datetime)`,
    );
    await queryRunner.query(
      `INSERT INTO "archive_state"("name", "checkpoint_seq", "last_pull_at", "last_pulled", "parked_seq", "parked_msgid", "parked_reason", "parked_at", "last_error", "unanswered_notifies", "notified_since") SELECT "name", "checkpoint_seq", "last_pull_at", "last_pulled", "parked_seq", "parked_msgid", "parked_reason", "parked_at", "last_error", "unanswered_notifies", "notified_since" FROM "temporary_archive_state"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_archive_state"`);
    await queryRunner.query(`DROP INDEX "ix_sync_runs_kind_started"`);
    await queryRunner.query(`ALTER TABLE "sync_runs" RENAME TO "temporary_sync_runs"`);
    await queryRunner.query(
      `CREATE TABLE "sync_runs" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(32) NOT NULL, "trigger" varchar(16) NOT NULL, "status" varchar(16) NOT NULL, "started_at" datetime NOT NULL, "finished_at" datetime, "summary" text, "error" varchar(1000))`,
    );
    await queryRunner.query(
      `INSERT INTO "sync_runs"("id", "kind", "trigger", "status", "started_at", "finished_at", "summary", "error") SELECT "id", "kind", "trigger", "status", "started_at", "finished_at", "summary", "error" FROM "temporary_sync_runs"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_sync_runs"`);
    await queryRunner.query(
      `CREATE INDEX "ix_sync_runs_kind_started" ON "sync_runs" ("kind", "started_at") `,
    );
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WeComInboxAndOrganisation1795489509360 implements MigrationInterface {
  name = 'WeComInboxAndOrganisation1795489509360';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "job_locks" ("name" varchar(64) PRIMARY KEY NOT NULL, "holder" varchar(128) NOT NULL, "expires_at" datetime NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_runs" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(32) NOT NULL, "trigger" varchar(16) NOT NULL, "status" varchar(16) NOT NULL, "started_at" datetime NOT NULL, "finished_at" datetime, "summary" text, "error" varchar(1000))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_runs_kind_started" ON "sync_runs" ("kind", "started_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "wecom_inbox" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "dedupe_key" varchar(191) NOT NULL, "event_type" varchar(64) NOT NULL, "raw_xml" text NOT NULL, "summary" text NOT NULL, "status" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "next_attempt_at" datetime, "locked_until" datetime, "last_error" varchar(1000), "received_at" datetime NOT NULL, "processed_at" datetime)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_wecom_inbox_dedupe_key" ON "wecom_inbox" ("dedupe_key") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_wecom_inbox_due" ON "wecom_inbox" ("status", "next_attempt_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "departments" ("id" varchar(32) PRIMARY KEY NOT NULL, "name" varchar(128) NOT NULL, "parent_id" varchar(32), "sort_order" bigint NOT NULL DEFAULT (0), "deleted_at" datetime, "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_departments_parent_id" ON "departments" ("parent_id") `);
    await queryRunner.query(
      `CREATE TABLE "members" ("userid" varchar(64) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "main_department_id" varchar(32), "position" varchar(128), "mobile" varchar(32), "email" varchar(128), "avatar" varchar(512), "gender" varchar(8), "status" varchar(16) NOT NULL, "departed_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_members_status" ON "members" ("status") `);
    await queryRunner.query(
      `CREATE TABLE "member_departments" ("userid" varchar(64) NOT NULL, "department_id" varchar(32) NOT NULL, "is_leader" boolean NOT NULL DEFAULT (0), PRIMARY KEY ("userid", "department_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_member_departments_department" ON "member_departments" ("department_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "wecom_state" ("key" varchar(64) PRIMARY KEY NOT NULL, "value" text NOT NULL, "updated_at" datetime NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "wecom_tokens" ("cache_key" varchar(128) PRIMARY KEY NOT NULL, "token" varchar(1024) NOT NULL, "expires_at" datetime NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "wecom_tokens"`);
    await queryRunner.query(`DROP TABLE "wecom_state"`);
    await queryRunner.query(`DROP INDEX "ix_member_departments_department"`);
    await queryRunner.query(`DROP TABLE "member_departments"`);
    await queryRunner.query(`DROP INDEX "ix_members_status"`);
    await queryRunner.query(`DROP TABLE "members"`);
    await queryRunner.query(`DROP INDEX "ix_departments_parent_id"`);
    await queryRunner.query(`DROP TABLE "departments"`);
    await queryRunner.query(`DROP INDEX "ix_wecom_inbox_due"`);
    await queryRunner.query(`DROP INDEX "uq_wecom_inbox_dedupe_key"`);
    await queryRunner.query(`DROP TABLE "wecom_inbox"`);
    await queryRunner.query(`DROP INDEX "ix_sync_runs_kind_started"`);
    await queryRunner.query(`DROP TABLE "sync_runs"`);
    await queryRunner.query(`DROP TABLE "job_locks"`);
  }
}

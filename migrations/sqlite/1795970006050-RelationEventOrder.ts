import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RelationEventOrder1795970006050 implements MigrationInterface {
  name = 'RelationEventOrder1795970006050';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_customer_follows_state"`);
    await queryRunner.query(`DROP INDEX "ix_customer_follows_added"`);
    await queryRunner.query(`DROP INDEX "ix_customer_follows_user_status"`);
    await queryRunner.query(`DROP INDEX "uq_customer_follows_pair"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_customer_follows" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "external_userid" varchar(64) NOT NULL, "userid" varchar(64) NOT NULL, "remark" varchar(64), "description" varchar(255), "remark_mobiles" varchar(255) NOT NULL DEFAULT (''), "remark_corp_name" varchar(128), "add_way" integer, "state" varchar(64), "oper_userid" varchar(64), "added_at" datetime, "status" varchar(24) NOT NULL, "ended_at" datetime, "archive_consent_at" datetime, "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "archive_consent" varchar(16), "event_at" datetime, "changed_at" datetime)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_customer_follows"("id", "external_userid", "userid", "remark", "description", "remark_mobiles", "remark_corp_name", "add_way", "state", "oper_userid", "added_at", "status", "ended_at", "archive_consent_at", "updated_at", "archive_consent") SELECT "id", "external_userid", "userid", "remark", "description", "remark_mobiles", "remark_corp_name", "add_way", "state", "oper_userid", "added_at", "status", "ended_at", "archive_consent_at", "updated_at", "archive_consent" FROM "customer_follows"`,
    );
    await queryRunner.query(`DROP TABLE "customer_follows"`);
    await queryRunner.query(`ALTER TABLE "temporary_customer_follows" RENAME TO "customer_follows"`);
    await queryRunner.query(
      `CREATE INDEX "ix_customer_follows_state" ON "customer_follows" ("state", "external_userid") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_customer_follows_added" ON "customer_follows" ("added_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_customer_follows_user_status" ON "customer_follows" ("userid", "status", "external_userid") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_customer_follows_pair" ON "customer_follows" ("external_userid", "userid") `,
    );
    await queryRunner.query(`DROP INDEX "ix_wecom_inbox_due"`);
    await queryRunner.query(`DROP INDEX "uq_wecom_inbox_dedupe_key"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_wecom_inbox" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "dedupe_key" varchar(191) NOT NULL, "event_type" varchar(64) NOT NULL, "raw_xml" text NOT NULL, "summary" text NOT NULL, "status" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "next_attempt_at" datetime, "locked_until" datetime, "last_error" varchar(1000), "received_at" datetime NOT NULL, "processed_at" datetime, "locked_by" varchar(128))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_wecom_inbox"("id", "dedupe_key", "event_type", "raw_xml", "summary", "status", "attempts", "next_attempt_at", "locked_until", "last_error", "received_at", "processed_at") SELECT "id", "dedupe_key", "event_type", "raw_xml", "summary", "status", "attempts", "next_attempt_at", "locked_until", "last_error", "received_at", "processed_at" FROM "wecom_inbox"`,
    );
    await queryRunner.query(`DROP TABLE "wecom_inbox"`);
    await queryRunner.query(`ALTER TABLE "temporary_wecom_inbox" RENAME TO "wecom_inbox"`);
    await queryRunner.query(
      `CREATE INDEX "ix_wecom_inbox_due" ON "wecom_inbox" ("status", "next_attempt_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_wecom_inbox_dedupe_key" ON "wecom_inbox" ("dedupe_key") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_wecom_inbox_dedupe_key"`);
    await queryRunner.query(`DROP INDEX "ix_wecom_inbox_due"`);
    await queryRunner.query(`ALTER TABLE "wecom_inbox" RENAME TO "temporary_wecom_inbox"`);
    await queryRunner.query(
      `CREATE TABLE "wecom_inbox" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "dedupe_key" varchar(191) NOT NULL, "event_type" varchar(64) NOT NULL, "raw_xml" text NOT NULL, "summary" text NOT NULL, "status" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "next_attempt_at" datetime, "locked_until" datetime, "last_error" varchar(1000), "received_at" datetime NOT NULL, "processed_at" datetime)`,
    );
    await queryRunner.query(
      `INSERT INTO "wecom_inbox"("id", "dedupe_key", "event_type", "raw_xml", "summary", "status", "attempts", "next_attempt_at", "locked_until", "last_error", "received_at", "processed_at") SELECT "id", "dedupe_key", "event_type", "raw_xml", "summary", "status", "attempts", "next_attempt_at", "locked_until", "last_error", "received_at", "processed_at" FROM "temporary_wecom_inbox"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_wecom_inbox"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_wecom_inbox_dedupe_key" ON "wecom_inbox" ("dedupe_key") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_wecom_inbox_due" ON "wecom_inbox" ("status", "next_attempt_at") `,
    );
    await queryRunner.query(`DROP INDEX "uq_customer_follows_pair"`);
    await queryRunner.query(`DROP INDEX "ix_customer_follows_user_status"`);
    await queryRunner.query(`DROP INDEX "ix_customer_follows_added"`);
    await queryRunner.query(`DROP INDEX "ix_customer_follows_state"`);
    await queryRunner.query(`ALTER TABLE "customer_follows" RENAME TO "temporary_customer_follows"`);
    await queryRunner.query(
      `CREATE TABLE "customer_follows" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "external_userid" varchar(64) NOT NULL, "userid" varchar(64) NOT NULL, "remark" varchar(64), "description" varchar(255), "remark_mobiles" varchar(255) NOT NULL DEFAULT (''), "remark_corp_name" varchar(128), "add_way" integer, "state" varchar(64), "oper_userid" varchar(64), "added_at" datetime, "status" varchar(24) NOT NULL, "ended_at" datetime, "archive_consent_at" datetime, "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "archive_consent" varchar(16))`,
    );
    await queryRunner.query(
      `INSERT INTO "customer_follows"("id", "external_userid", "userid", "remark", "description", "remark_mobiles", "remark_corp_name", "add_way", "state", "oper_userid", "added_at", "status", "ended_at", "archive_consent_at", "updated_at", "archive_consent") SELECT "id", "external_userid", "userid", "remark", "description", "remark_mobiles", "remark_corp_name", "add_way", "state", "oper_userid", "added_at", "status", "ended_at", "archive_consent_at", "updated_at", "archive_consent" FROM "temporary_customer_follows"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_customer_follows"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_customer_follows_pair" ON "customer_follows" ("external_userid", "userid") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customer_follows_user_status" ON "customer_follows" ("userid", "status", "external_userid") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_customer_follows_added" ON "customer_follows" ("added_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_customer_follows_state" ON "customer_follows" ("state", "external_userid") `,
    );
  }
}

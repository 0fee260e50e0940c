import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChatArchive1795491640149 implements MigrationInterface {
  name = 'ChatArchive1795491640149';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "archive_messages" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "msgid" varchar(128) NOT NULL, "seq" bigint NOT NULL, "conversation_id" bigint NOT NULL, "sender_id" varchar(64) NOT NULL, "action" varchar(8) NOT NULL, "msgtype" varchar(32) NOT NULL, "msgtime" datetime NOT NULL, "search_text" varchar(1000) NOT NULL DEFAULT (''), "recalled_at" datetime, "recall_of" varchar(128), "violation_count" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_archive_messages_seq" ON "archive_messages" ("seq") `);
    await queryRunner.query(`CREATE INDEX "ix_archive_messages_time" ON "archive_messages" ("msgtime") `);
    await queryRunner.query(
      `CREATE INDEX "ix_archive_messages_sender_time" ON "archive_messages" ("sender_id", "msgtime") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_archive_messages_conversation_time" ON "archive_messages" ("conversation_id", "msgtime", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_archive_messages_msgid" ON "archive_messages" ("msgid") `,
    );
    await queryRunner.query(
      `CREATE TABLE "archive_message_contents" ("message_id" bigint PRIMARY KEY NOT NULL, "content" text NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "archive_conversations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "conversation_key" varchar(200) NOT NULL, "kind" varchar(8) NOT NULL, "member_id" varchar(64), "customer_id" varchar(64), "room_id" varchar(128), "last_message_at" datetime, "last_preview" varchar(200), "message_count" integer NOT NULL DEFAULT (0), "violation_count" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_archive_conversations_last" ON "archive_conversations" ("last_message_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_archive_conversations_customer" ON "archive_conversations" ("customer_id", "last_message_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_archive_conversations_member" ON "archive_conversations" ("member_id", "last_message_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_archive_conversations_key" ON "archive_conversations" ("conversation_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "archive_state" ("name" varchar(32) PRIMARY KEY NOT NULL, "checkpoint_seq" bigint NOT NULL, "last_pull_at" datetime, "last_pulled" integer NOT NULL DEFAULT (0), "parked_seq" bigint, "parked_msgid" varchar(128), "parked_reason" varchar(500), "parked_at" datetime, "last_error" varchar(500))`,
    );
    await queryRunner.query(
      `CREATE TABLE "archive_media" ("file_key" varchar(64) PRIMARY KEY NOT NULL, "relative_path" varchar(255) NOT NULL, "size" bigint NOT NULL, "fetched_at" datetime NOT NULL, "message_time" datetime NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_rules" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(64) NOT NULL, "kind" varchar(16) NOT NULL, "patterns" text NOT NULL, "severity" varchar(8) NOT NULL, "department_ids" varchar(2000) NOT NULL DEFAULT ('[]'), "enabled" boolean NOT NULL DEFAULT (1), "builtin_key" varchar(32), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE TABLE "violations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "rule_id" integer NOT NULL, "message_id" bigint NOT NULL, "conversation_id" bigint NOT NULL, "member_id" varchar(64) NOT NULL, "severity" varchar(8) NOT NULL, "matched" varchar(500) NOT NULL DEFAULT (''), "excerpt" varchar(300), "status" varchar(12) NOT NULL, "note" varchar(500), "handled_by" varchar(64), "handled_at" datetime, "occurred_at" datetime NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_violations_conversation" ON "violations" ("conversation_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_violations_member_time" ON "violations" ("member_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_violations_status_time" ON "violations" ("status", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_violations_rule_message" ON "violations" ("rule_id", "message_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "settings" ("key" varchar(64) PRIMARY KEY NOT NULL, "value" varchar(2000) NOT NULL, "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`DROP INDEX "uq_customer_follows_pair"`);
    await queryRunner.query(`DROP INDEX "ix_customer_follows_user_status"`);
    await queryRunner.query(`DROP INDEX "ix_customer_follows_added"`);
    await queryRunner.query(`DROP INDEX "ix_customer_follows_state"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_customer_follows" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "external_userid" varchar(64) NOT NULL, "userid" varchar(64) NOT NULL, "remark" varchar(64), "description" varchar(255), "remark_mobiles" varchar(255) NOT NULL DEFAULT (''), "remark_corp_name" varchar(128), "add_way" integer, "state" varchar(64), "oper_userid" varchar(64), "added_at" datetime, "status" varchar(24) NOT NULL, "ended_at" datetime, "archive_consent_at" datetime, "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "archive_consent" varchar(16))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_customer_follows"("id", "external_userid", "userid", "remark", "description", "remark_mobiles", "remark_corp_name", "add_way", "state", "oper_userid", "added_at", "status", "ended_at", "archive_consent_at", "updated_at") SELECT "id", "external_userid", "userid", "remark", "description", "remark_mobiles", "remark_corp_name", "add_way", "state", "oper_userid", "added_at", "status", "ended_at", "archive_consent_at", "updated_at" FROM "customer_follows"`,
    );
    await queryRunner.query(`DROP TABLE "customer_follows"`);
    await queryRunner.query(`ALTER TABLE "temporary_customer_follows" RENAME TO "customer_follows"`);
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

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_customer_follows_state"`);
    await queryRunner.query(`DROP INDEX "ix_customer_follows_added"`);
    await queryRunner.query(`DROP INDEX "ix_customer_follows_user_status"`);
    await queryRunner.query(`DROP INDEX "uq_customer_follows_pair"`);
    await queryRunner.query(`ALTER TABLE "customer_follows" RENAME TO "temporary_customer_follows"`);
    await queryRunner.query(
      `CREATE TABLE "customer_follows" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "external_userid" varchar(64) NOT NULL, "userid" varchar(64) NOT NULL, "remark" varchar(64), "description" varchar(255), "remark_mobiles" varchar(255) NOT NULL DEFAULT (''), "remark_corp_name" varchar(128), "add_way" integer, "state" varchar(64), "oper_userid" varchar(64), "added_at" datetime, "status" varchar(24) NOT NULL, "ended_at" datetime, "archive_consent_at" datetime, "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "customer_follows"("id", "external_userid", "userid", "remark", "description", "remark_mobiles", "remark_corp_name", "add_way", "state", "oper_userid", "added_at", "status", "ended_at", "archive_consent_at", "updated_at") SELECT "id", "external_userid", "userid", "remark", "description", "remark_mobiles", "remark_corp_name", "add_way", "state", "oper_userid", "added_at", "status", "ended_at", "archive_consent_at", "updated_at" FROM "temporary_customer_follows"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_customer_follows"`);
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
    await queryRunner.query(`DROP TABLE "settings"`);
    await queryRunner.query(`DROP INDEX "uq_violations_rule_message"`);
    await queryRunner.query(`DROP INDEX "ix_violations_status_time"`);
    await queryRunner.query(`DROP INDEX "ix_violations_member_time"`);
    await queryRunner.query(`DROP INDEX "ix_violations_conversation"`);
    await queryRunner.query(`DROP TABLE "violations"`);
    await queryRunner.query(`DROP TABLE "audit_rules"`);
    await queryRunner.query(`DROP TABLE "archive_media"`);
    await queryRunner.query(`DROP TABLE "archive_state"`);
    await queryRunner.query(`DROP INDEX "uq_archive_conversations_key"`);
    await queryRunner.query(`DROP INDEX "ix_archive_conversations_member"`);
    await queryRunner.query(`DROP INDEX "ix_archive_conversations_customer"`);
    await queryRunner.query(`DROP INDEX "ix_archive_conversations_last"`);
    await queryRunner.query(`DROP TABLE "archive_conversations"`);
    await queryRunner.query(`DROP TABLE "archive_message_contents"`);
    await queryRunner.query(`DROP INDEX "uq_archive_messages_msgid"`);
    await queryRunner.query(`DROP INDEX "ix_archive_messages_conversation_time"`);
    await queryRunner.query(`DROP INDEX "ix_archive_messages_sender_time"`);
    await queryRunner.query(`DROP INDEX "ix_archive_messages_time"`);
    await queryRunner.query(`DROP INDEX "ix_archive_messages_seq"`);
    await queryRunner.query(`DROP TABLE "archive_messages"`);
  }
}

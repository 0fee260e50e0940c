import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConversationLastMsgtype1795977279178 implements MigrationInterface {
  name = 'ConversationLastMsgtype1795977279178';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_archive_conversations_key"`);
    await queryRunner.query(`DROP INDEX "ix_archive_conversations_member"`);
    await queryRunner.query(`DROP INDEX "ix_archive_conversations_customer"`);
    await queryRunner.query(`DROP INDEX "ix_archive_conversations_last"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_archive_conversations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "conversation_key" varchar(200) NOT NULL, "kind" varchar(8) NOT NULL, "member_id" varchar(64), "customer_id" varchar(64), "room_id" varchar(128), "last_message_at" datetime, "last_preview" varchar(200), "message_count" integer NOT NULL DEFAULT (0), "violation_count" integer NOT NULL DEFAULT (0), "last_msgtype" varchar(32))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_archive_conversations"("id", "conversation_key", "kind", "member_id", "customer_id", "room_id", "last_message_at", "last_preview", "message_count", "violation_count") SELECT "id", "conversation_key", "kind", "member_id", "customer_id", "room_id", "last_message_at", "last_preview", "message_count", "violation_count" FROM "archive_conversations"`,
    );
    await queryRunner.query(`DROP TABLE "archive_conversations"`);
    await queryRunner.query(
      `ALTER TABLE "temporary_archive_conversations" RENAME TO "archive_conversations"`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_archive_conversations_key" ON "archive_conversations" ("conversation_key") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_archive_conversations_member" ON "archive_conversations" ("member_id", "last_message_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_archive_conversations_customer" ON "archive_conversations" ("customer_id", "last_message_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_archive_conversations_last" ON "archive_conversations" ("last_message_at") `,
    );
    // The last message's type for conversations archived before: the same message the preview was made from.
    await queryRunner.query(
      `UPDATE archive_conversations SET last_msgtype = (SELECT m.msgtype FROM archive_messages m WHERE m.conversation_id = archive_conversations.id ORDER BY m.msgtime DESC, m.id DESC LIMIT 1) WHERE last_preview IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_archive_conversations_last"`);
    await queryRunner.query(`DROP INDEX "ix_archive_conversations_customer"`);
    await queryRunner.query(`DROP INDEX "ix_archive_conversations_member"`);
    await queryRunner.query(`DROP INDEX "uq_archive_conversations_key"`);
    await queryRunner.query(
      `ALTER TABLE "archive_conversations" RENAME TO "temporary_archive_conversations"`,
    );
    await queryRunner.query(
      `CREATE TABLE "archive_conversations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "conversation_key" varchar(200) NOT NULL, "kind" varchar(8) NOT NULL, "member_id" varchar(64), "customer_id" varchar(64), "room_id" varchar(128), "last_message_at" datetime, "last_preview" varchar(200), "message_count" integer NOT NULL DEFAULT (0), "violation_count" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `INSERT INTO "archive_conversations"("id", "conversation_key", "kind", "member_id", "customer_id", "room_id", "last_message_at", "last_preview", "message_count", "violation_count") SELECT "id", "conversation_key", "kind", "member_id", "customer_id", "room_id", "last_message_at", "last_preview", "message_count", "violation_count" FROM "temporary_archive_conversations"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_archive_conversations"`);
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
  }
}

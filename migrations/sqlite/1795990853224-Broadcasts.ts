import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Broadcasts1795990853224 implements MigrationInterface {
  name = 'Broadcasts1795990853224';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "broadcast_segments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(64) NOT NULL, "description" varchar(255), "filter" text NOT NULL, "last_count" integer, "scope_departments" text, "created_by" varchar(64) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE TABLE "broadcast_campaigns" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(64) NOT NULL, "kind" varchar(12) NOT NULL, "status" varchar(20) NOT NULL, "audience" text, "owner_policy" text NOT NULL, "group_audience" text, "staff_audience" text, "content" text NOT NULL, "staff_message" text, "recent_days" integer, "allow_select" boolean NOT NULL DEFAULT (0), "scheduled_at" datetime, "deadline_days" integer NOT NULL DEFAULT (7), "deadline_at" datetime, "scope_departments" text, "created_by" varchar(64) NOT NULL, "approved_by" varchar(64), "approved_at" datetime, "rejected_reason" varchar(255), "submitted_at" datetime, "synced_at" datetime, "finished_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_broadcast_campaigns_status" ON "broadcast_campaigns" ("status", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "broadcast_recipients" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "campaign_id" integer NOT NULL, "target_id" varchar(64) NOT NULL, "sender_userid" varchar(64), "state" varchar(16) NOT NULL, "reason" varchar(20), "task_id" integer, "sent_at" datetime)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_broadcast_recipients_target" ON "broadcast_recipients" ("target_id", "campaign_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_broadcast_recipients_task" ON "broadcast_recipients" ("task_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_broadcast_recipients_state" ON "broadcast_recipients" ("campaign_id", "state", "sender_userid") `,
    );
    await queryRunner.query(
      `CREATE TABLE "broadcast_tasks" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "campaign_id" integer NOT NULL, "sender_userid" varchar(64), "chunk" integer NOT NULL, "status" varchar(12) NOT NULL, "msgid" varchar(128), "requested_at" datetime NOT NULL, "fail_count" integer NOT NULL DEFAULT (0), "fail_list_known" boolean NOT NULL DEFAULT (1), "confirmed_at" datetime, "next_poll_at" datetime, "polls" integer NOT NULL DEFAULT (0), "cancelled_at" datetime)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_broadcast_tasks_msgid" ON "broadcast_tasks" ("msgid") `);
    await queryRunner.query(
      `CREATE INDEX "ix_broadcast_tasks_poll" ON "broadcast_tasks" ("status", "next_poll_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_broadcast_tasks_campaign" ON "broadcast_tasks" ("campaign_id", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "broadcast_reminders" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "task_id" integer NOT NULL, "via" varchar(8) NOT NULL, "sent_by" varchar(64) NOT NULL, "sent_at" datetime NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_broadcast_reminders_task" ON "broadcast_reminders" ("task_id", "sent_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "app_message_log" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "userid" varchar(64) NOT NULL, "sent_at" datetime NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_app_message_log_member" ON "app_message_log" ("userid", "sent_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "materials" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(12) NOT NULL, "title" varchar(64) NOT NULL, "description" varchar(255), "url" varchar(2048), "app_id" varchar(64), "page" varchar(255), "file_name" varchar(255), "file_size" integer, "mime_type" varchar(128), "storage_key" varchar(255), "sha256" varchar(64), "media_id" varchar(255), "media_expires_at" datetime, "pic_url" varchar(2048), "created_by" varchar(64) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "deleted_at" datetime)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_materials_kind" ON "materials" ("kind", "deleted_at", "id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_materials_kind"`);
    await queryRunner.query(`DROP TABLE "materials"`);
    await queryRunner.query(`DROP INDEX "ix_app_message_log_member"`);
    await queryRunner.query(`DROP TABLE "app_message_log"`);
    await queryRunner.query(`DROP INDEX "ix_broadcast_reminders_task"`);
    await queryRunner.query(`DROP TABLE "broadcast_reminders"`);
    await queryRunner.query(`DROP INDEX "ix_broadcast_tasks_campaign"`);
    await queryRunner.query(`DROP INDEX "ix_broadcast_tasks_poll"`);
    await queryRunner.query(`DROP INDEX "uq_broadcast_tasks_msgid"`);
    await queryRunner.query(`DROP TABLE "broadcast_tasks"`);
    await queryRunner.query(`DROP INDEX "ix_broadcast_recipients_state"`);
    await queryRunner.query(`DROP INDEX "ix_broadcast_recipients_task"`);
    await queryRunner.query(`DROP INDEX "ix_broadcast_recipients_target"`);
    await queryRunner.query(`DROP TABLE "broadcast_recipients"`);
    await queryRunner.query(`DROP INDEX "ix_broadcast_campaigns_status"`);
    await queryRunner.query(`DROP TABLE "broadcast_campaigns"`);
    await queryRunner.query(`DROP TABLE "broadcast_segments"`);
  }
}

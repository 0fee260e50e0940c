import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomerBook1795490411640 implements MigrationInterface {
  name = 'CustomerBook1795490411640';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "alerts" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "dedupe_key" varchar(191) NOT NULL, "kind" varchar(32) NOT NULL, "severity" varchar(8) NOT NULL, "status" varchar(16) NOT NULL, "userid" varchar(64) NOT NULL, "external_userid" varchar(64), "occurred_at" datetime NOT NULL, "note" varchar(500), "handled_by" varchar(64), "handled_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_alerts_source" ON "alerts" ("dedupe_key") `);
    await queryRunner.query(`CREATE INDEX "ix_alerts_member" ON "alerts" ("userid", "occurred_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_alerts_status_occurred" ON "alerts" ("status", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "customers" ("external_userid" varchar(64) PRIMARY KEY NOT NULL, "name" varchar(128) NOT NULL, "avatar" varchar(512), "type" smallint NOT NULL DEFAULT (1), "gender" smallint NOT NULL DEFAULT (0), "corp_name" varchar(128), "corp_full_name" varchar(255), "position" varchar(128), "unionid" varchar(128), "status" varchar(8) NOT NULL, "search_text" varchar(1024) NOT NULL DEFAULT (''), "first_added_at" datetime, "lost_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_customers_name" ON "customers" ("name") `);
    await queryRunner.query(`CREATE INDEX "ix_customers_updated" ON "customers" ("updated_at") `);
    await queryRunner.query(`CREATE INDEX "ix_customers_first_added" ON "customers" ("first_added_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_customers_status_first_added" ON "customers" ("status", "first_added_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "customer_follows" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "external_userid" varchar(64) NOT NULL, "userid" varchar(64) NOT NULL, "remark" varchar(64), "description" varchar(255), "remark_mobiles" varchar(255) NOT NULL DEFAULT (''), "remark_corp_name" varchar(128), "add_way" integer, "state" varchar(64), "oper_userid" varchar(64), "added_at" datetime, "status" varchar(24) NOT NULL, "ended_at" datetime, "archive_consent_at" datetime, "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_customer_follows_state" ON "customer_follows" ("state") `);
    await queryRunner.query(`CREATE INDEX "ix_customer_follows_added" ON "customer_follows" ("added_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_customer_follows_user_status" ON "customer_follows" ("userid", "status") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_customer_follows_pair" ON "customer_follows" ("external_userid", "userid") `,
    );
    await queryRunner.query(
      `CREATE TABLE "customer_follow_tags" ("external_userid" varchar(64) NOT NULL, "userid" varchar(64) NOT NULL, "tag_id" varchar(64) NOT NULL, PRIMARY KEY ("external_userid", "userid", "tag_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customer_follow_tags_tag" ON "customer_follow_tags" ("tag_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "customer_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "external_userid" varchar(64) NOT NULL, "userid" varchar(64), "kind" varchar(24) NOT NULL, "detail" text, "occurred_at" datetime NOT NULL, "recorded_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customer_events_kind" ON "customer_events" ("kind", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customer_events_member" ON "customer_events" ("userid", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customer_events_customer" ON "customer_events" ("external_userid", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "customer_groups" ("chat_id" varchar(64) PRIMARY KEY NOT NULL, "name" varchar(128) NOT NULL DEFAULT (''), "owner_userid" varchar(64) NOT NULL, "notice" varchar(1024), "status" varchar(16) NOT NULL, "created_at" datetime, "dismissed_at" datetime, "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_customer_groups_owner" ON "customer_groups" ("owner_userid") `);
    await queryRunner.query(
      `CREATE TABLE "customer_group_members" ("chat_id" varchar(64) NOT NULL, "member_id" varchar(64) NOT NULL, "type" smallint NOT NULL, "joined_at" datetime, "join_scene" smallint, "invitor" varchar(64), "left_at" datetime, PRIMARY KEY ("chat_id", "member_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customer_group_members_member" ON "customer_group_members" ("member_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "customer_group_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "chat_id" varchar(64) NOT NULL, "member_id" varchar(64) NOT NULL, "action" varchar(8) NOT NULL, "scene" smallint, "occurred_at" datetime NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customer_group_events_chat" ON "customer_group_events" ("chat_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "corp_tag_groups" ("group_id" varchar(64) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "sort_order" bigint NOT NULL DEFAULT (0), "created_at" datetime, "deleted_at" datetime)`,
    );
    await queryRunner.query(
      `CREATE TABLE "corp_tags" ("tag_id" varchar(64) PRIMARY KEY NOT NULL, "group_id" varchar(64) NOT NULL, "name" varchar(64) NOT NULL, "sort_order" bigint NOT NULL DEFAULT (0), "created_at" datetime, "deleted_at" datetime)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_corp_tags_group" ON "corp_tags" ("group_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_corp_tags_group"`);
    await queryRunner.query(`DROP TABLE "corp_tags"`);
    await queryRunner.query(`DROP TABLE "corp_tag_groups"`);
    await queryRunner.query(`DROP INDEX "ix_customer_group_events_chat"`);
    await queryRunner.query(`DROP TABLE "customer_group_events"`);
    await queryRunner.query(`DROP INDEX "ix_customer_group_members_member"`);
    await queryRunner.query(`DROP TABLE "customer_group_members"`);
    await queryRunner.query(`DROP INDEX "ix_customer_groups_owner"`);
    await queryRunner.query(`DROP TABLE "customer_groups"`);
    await queryRunner.query(`DROP INDEX "ix_customer_events_customer"`);
    await queryRunner.query(`DROP INDEX "ix_customer_events_member"`);
    await queryRunner.query(`DROP INDEX "ix_customer_events_kind"`);
    await queryRunner.query(`DROP TABLE "customer_events"`);
    await queryRunner.query(`DROP INDEX "ix_customer_follow_tags_tag"`);
    await queryRunner.query(`DROP TABLE "customer_follow_tags"`);
    await queryRunner.query(`DROP INDEX "uq_customer_follows_pair"`);
    await queryRunner.query(`DROP INDEX "ix_customer_follows_user_status"`);
    await queryRunner.query(`DROP INDEX "ix_customer_follows_added"`);
    await queryRunner.query(`DROP INDEX "ix_customer_follows_state"`);
    await queryRunner.query(`DROP TABLE "customer_follows"`);
    await queryRunner.query(`DROP INDEX "ix_customers_status_first_added"`);
    await queryRunner.query(`DROP INDEX "ix_customers_first_added"`);
    await queryRunner.query(`DROP INDEX "ix_customers_updated"`);
    await queryRunner.query(`DROP INDEX "ix_customers_name"`);
    await queryRunner.query(`DROP TABLE "customers"`);
    await queryRunner.query(`DROP INDEX "ix_alerts_status_occurred"`);
    await queryRunner.query(`DROP INDEX "ix_alerts_member"`);
    await queryRunner.query(`DROP INDEX "uq_alerts_source"`);
    await queryRunner.query(`DROP TABLE "alerts"`);
  }
}

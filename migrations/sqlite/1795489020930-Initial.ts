import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795489020930 implements MigrationInterface {
  name = 'Initial1795489020930';

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
      `CREATE TABLE "alerts" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "dedupe_key" varchar(191) NOT NULL, "kind" varchar(32) NOT NULL, "severity" varchar(8) NOT NULL, "status" varchar(16) NOT NULL, "userid" varchar(64) NOT NULL, "external_userid" varchar(64), "occurred_at" datetime NOT NULL, "note" varchar(500), "handled_by" varchar(64), "handled_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_alerts_source" ON "alerts" ("dedupe_key") `);
    await queryRunner.query(`CREATE INDEX "ix_alerts_member" ON "alerts" ("userid", "occurred_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_alerts_status_occurred" ON "alerts" ("status", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "customers" ("external_userid" varchar(64) PRIMARY KEY NOT NULL, "name" varchar(128) NOT NULL, "avatar" varchar(512), "type" smallint NOT NULL DEFAULT (1), "gender" smallint NOT NULL DEFAULT (0), "corp_name" varchar(128), "corp_full_name" varchar(255), "position" varchar(128), "unionid" varchar(128), "status" varchar(8) NOT NULL, "search_text" varchar(512) NOT NULL DEFAULT (''), "first_added_at" datetime, "lost_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
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
    await queryRunner.query(
      `CREATE TABLE "access_audit" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer, "username" varchar(64) NOT NULL, "action" varchar(48) NOT NULL, "target_type" varchar(32), "target_id" varchar(128), "detail" text, "ip" varchar(64), "request_id" varchar(64), "at" datetime NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_access_audit_action_at" ON "access_audit" ("action", "at") `);
    await queryRunner.query(`CREATE INDEX "ix_access_audit_user_at" ON "access_audit" ("user_id", "at") `);
    await queryRunner.query(`CREATE INDEX "ix_access_audit_at" ON "access_audit" ("at") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "username" varchar(64) NOT NULL, "display_name" varchar(64) NOT NULL, "password_hash" varchar(255), "wecom_userid" varchar(64), "status" varchar(16) NOT NULL DEFAULT ('active'), "last_login_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_wecom_userid" ON "users" ("wecom_userid") `);
    await queryRunner.query(
      `CREATE TABLE "user_roles" ("user_id" integer NOT NULL, "role" varchar(16) NOT NULL, PRIMARY KEY ("user_id", "role"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "user_scopes" ("user_id" integer NOT NULL, "department_id" varchar(32) NOT NULL, PRIMARY KEY ("user_id", "department_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sessions" ("token_hash" varchar(64) PRIMARY KEY NOT NULL, "user_id" integer NOT NULL, "csrf_token" varchar(64) NOT NULL, "ip" varchar(64), "user_agent" varchar(255), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "expires_at" datetime NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sessions_user_id" ON "sessions" ("user_id") `);
    await queryRunner.query(`CREATE INDEX "ix_sessions_expires_at" ON "sessions" ("expires_at") `);
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
    await queryRunner.query(
      `CREATE TABLE "temporary_user_roles" ("user_id" integer NOT NULL, "role" varchar(16) NOT NULL, CONSTRAINT "fk_user_roles_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("user_id", "role"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_user_roles"("user_id", "role") SELECT "user_id", "role" FROM "user_roles"`,
    );
    await queryRunner.query(`DROP TABLE "user_roles"`);
    await queryRunner.query(`ALTER TABLE "temporary_user_roles" RENAME TO "user_roles"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_user_scopes" ("user_id" integer NOT NULL, "department_id" varchar(32) NOT NULL, CONSTRAINT "fk_user_scopes_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("user_id", "department_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_user_scopes"("user_id", "department_id") SELECT "user_id", "department_id" FROM "user_scopes"`,
    );
    await queryRunner.query(`DROP TABLE "user_scopes"`);
    await queryRunner.query(`ALTER TABLE "temporary_user_scopes" RENAME TO "user_scopes"`);
    await queryRunner.query(`DROP INDEX "ix_sessions_user_id"`);
    await queryRunner.query(`DROP INDEX "ix_sessions_expires_at"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_sessions" ("token_hash" varchar(64) PRIMARY KEY NOT NULL, "user_id" integer NOT NULL, "csrf_token" varchar(64) NOT NULL, "ip" varchar(64), "user_agent" varchar(255), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "expires_at" datetime NOT NULL, CONSTRAINT "fk_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_sessions"("token_hash", "user_id", "csrf_token", "ip", "user_agent", "created_at", "expires_at") SELECT "token_hash", "user_id", "csrf_token", "ip", "user_agent", "created_at", "expires_at" FROM "sessions"`,
    );
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`ALTER TABLE "temporary_sessions" RENAME TO "sessions"`);
    await queryRunner.query(`CREATE INDEX "ix_sessions_user_id" ON "sessions" ("user_id") `);
    await queryRunner.query(`CREATE INDEX "ix_sessions_expires_at" ON "sessions" ("expires_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_sessions_expires_at"`);
    await queryRunner.query(`DROP INDEX "ix_sessions_user_id"`);
    await queryRunner.query(`ALTER TABLE "sessions" RENAME TO "temporary_sessions"`);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("token_hash" varchar(64) PRIMARY KEY NOT NULL, "user_id" integer NOT NULL, "csrf_token" varchar(64) NOT NULL, "ip" varchar(64), "user_agent" varchar(255), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "expires_at" datetime NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "sessions"("token_hash", "user_id", "csrf_token", "ip", "user_agent", "created_at", "expires_at") SELECT "token_hash", "user_id", "csrf_token", "ip", "user_agent", "created_at", "expires_at" FROM "temporary_sessions"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_sessions"`);
    await queryRunner.query(`CREATE INDEX "ix_sessions_expires_at" ON "sessions" ("expires_at") `);
    await queryRunner.query(`CREATE INDEX "ix_sessions_user_id" ON "sessions" ("user_id") `);
    await queryRunner.query(`ALTER TABLE "user_scopes" RENAME TO "temporary_user_scopes"`);
    await queryRunner.query(
      `CREATE TABLE "user_scopes" ("user_id" integer NOT NULL, "department_id" varchar(32) NOT NULL, PRIMARY KEY ("user_id", "department_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "user_scopes"("user_id", "department_id") SELECT "user_id", "department_id" FROM "temporary_user_scopes"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_user_scopes"`);
    await queryRunner.query(`ALTER TABLE "user_roles" RENAME TO "temporary_user_roles"`);
    await queryRunner.query(
      `CREATE TABLE "user_roles" ("user_id" integer NOT NULL, "role" varchar(16) NOT NULL, PRIMARY KEY ("user_id", "role"))`,
    );
    await queryRunner.query(
      `INSERT INTO "user_roles"("user_id", "role") SELECT "user_id", "role" FROM "temporary_user_roles"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_user_roles"`);
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
    await queryRunner.query(`DROP INDEX "ix_sessions_expires_at"`);
    await queryRunner.query(`DROP INDEX "ix_sessions_user_id"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP TABLE "user_scopes"`);
    await queryRunner.query(`DROP TABLE "user_roles"`);
    await queryRunner.query(`DROP INDEX "uq_users_wecom_userid"`);
    await queryRunner.query(`DROP INDEX "uq_users_username"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "ix_access_audit_at"`);
    await queryRunner.query(`DROP INDEX "ix_access_audit_user_at"`);
    await queryRunner.query(`DROP INDEX "ix_access_audit_action_at"`);
    await queryRunner.query(`DROP TABLE "access_audit"`);
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
    await queryRunner.query(`DROP INDEX "ix_sync_runs_kind_started"`);
    await queryRunner.query(`DROP TABLE "sync_runs"`);
    await queryRunner.query(`DROP TABLE "job_locks"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795489020930 implements MigrationInterface {
  name = 'Initial1795489020930';

  async up(queryRunner: QueryRunner): Promise<void> {
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
  }
}

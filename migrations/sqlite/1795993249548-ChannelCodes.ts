import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChannelCodes1795993249548 implements MigrationInterface {
  name = 'ChannelCodes1795993249548';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "channel_codes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(64) NOT NULL, "state" varchar(30) NOT NULL, "member_ids" text NOT NULL, "shifts" text NOT NULL, "daily_cap" integer, "backup_member_ids" text NOT NULL, "skip_verify" boolean NOT NULL DEFAULT (1), "tag_ids" text NOT NULL, "remark_prefix" varchar(20), "welcome" text NOT NULL, "enabled" boolean NOT NULL DEFAULT (1), "config_id" varchar(64), "qr_code" varchar(1024), "on_duty" text NOT NULL, "scope_departments" text, "created_by" varchar(64) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "deleted_at" datetime)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_channel_codes_config" ON "channel_codes" ("config_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_channel_codes_state" ON "channel_codes" ("state") `);
    await queryRunner.query(
      `CREATE TABLE "channel_welcomes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "welcome_code" varchar(128) NOT NULL, "channel_id" integer, "userid" varchar(64) NOT NULL, "external_userid" varchar(64) NOT NULL, "outcome" varchar(20), "error_code" integer, "received_at" datetime NOT NULL, "sent_at" datetime)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_channel_welcomes_channel" ON "channel_welcomes" ("channel_id", "received_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_channel_welcomes_code" ON "channel_welcomes" ("welcome_code") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_channel_welcomes_code"`);
    await queryRunner.query(`DROP INDEX "ix_channel_welcomes_channel"`);
    await queryRunner.query(`DROP TABLE "channel_welcomes"`);
    await queryRunner.query(`DROP INDEX "uq_channel_codes_state"`);
    await queryRunner.query(`DROP INDEX "ix_channel_codes_config"`);
    await queryRunner.query(`DROP TABLE "channel_codes"`);
  }
}

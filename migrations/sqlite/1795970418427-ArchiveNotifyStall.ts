import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ArchiveNotifyStall1795970418427 implements MigrationInterface {
  name = 'ArchiveNotifyStall1795970418427';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "temporary_archive_state" ("name" varchar(32) PRIMARY KEY NOT NULL, "checkpoint_seq" bigint NOT NULL, "last_pull_at" datetime, "last_pulled" integer NOT NULL DEFAULT (0), "parked_seq" bigint, "parked_msgid" varchar(128), "parked_reason" varchar(500), "parked_at" datetime, "last_error" varchar(500), "unanswered_notifies" integer NOT NULL DEFAULT (0), "notified_since" datetime)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_archive_state"("name", "checkpoint_seq", "last_pull_at", "last_pulled", "parked_seq", "parked_msgid", "parked_reason", "parked_at", "last_error") SELECT "name", "checkpoint_seq", "last_pull_at", "last_pulled", "parked_seq", "parked_msgid", "parked_reason", "parked_at", "last_error" FROM "archive_state"`,
    );
    await queryRunner.query(`DROP TABLE "archive_state"`);
    await queryRunner.query(`ALTER TABLE "temporary_archive_state" RENAME TO "archive_state"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "archive_state" RENAME TO "temporary_archive_state"`);
    await queryRunner.query(
      `CREATE TABLE "archive_state" ("name" varchar(32) PRIMARY KEY NOT NULL, "checkpoint_seq" bigint NOT NULL, "last_pull_at" datetime, "last_pulled" integer NOT NULL DEFAULT (0), "parked_seq" bigint, "parked_msgid" varchar(128), "parked_reason" varchar(500), "parked_at" datetime, "last_error" varchar(500))`,
    );
    await queryRunner.query(
      `INSERT INTO "archive_state"("name", "checkpoint_seq", "last_pull_at", "last_pulled", "parked_seq", "parked_msgid", "parked_reason", "parked_at", "last_error") SELECT "name", "checkpoint_seq", "last_pull_at", "last_pulled", "parked_seq", "parked_msgid", "parked_reason", "parked_at", "last_error" FROM "temporary_archive_state"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_archive_state"`);
  }
}

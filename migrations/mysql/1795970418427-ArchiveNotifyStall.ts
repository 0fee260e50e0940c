import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ArchiveNotifyStall1795970418427 implements MigrationInterface {
  name = 'ArchiveNotifyStall1795970418427';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`archive_state\` ADD \`unanswered_notifies\` int NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(`ALTER TABLE \`archive_state\` ADD \`notified_since\` datetime(3) NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`archive_state\` DROP COLUMN \`notified_since\``);
    await queryRunner.query(`ALTER TABLE \`archive_state\` DROP COLUMN \`unanswered_notifies\``);
  }
}

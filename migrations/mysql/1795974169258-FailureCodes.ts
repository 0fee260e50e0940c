import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FailureCodes1795974169258 implements MigrationInterface {
  name = 'FailureCodes1795974169258';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`sync_runs\` ADD \`error_code\` varchar(32) NULL`);
    await queryRunner.query(`ALTER TABLE \`sync_runs\` ADD \`error_params\` mediumtext NULL`);
    await queryRunner.query(`ALTER TABLE \`archive_state\` ADD \`parked_code\` varchar(32) NULL`);
    await queryRunner.query(`ALTER TABLE \`archive_state\` ADD \`parked_params\` mediumtext NULL`);
    await queryRunner.query(`ALTER TABLE \`archive_state\` ADD \`last_error_code\` varchar(32) NULL`);
    await queryRunner.query(`ALTER TABLE \`archive_state\` ADD \`last_error_params\` mediumtext NULL`);
    await queryRunner.query(`ALTER TABLE \`rescan_jobs\` ADD \`error_code\` varchar(32) NULL`);
    await queryRunner.query(`ALTER TABLE \`rescan_jobs\` ADD \`error_params\` mediumtext NULL`);
    await queryRunner.query(`ALTER TABLE \`wecom_inbox\` ADD \`last_error_code\` varchar(32) NULL`);
    await queryRunner.query(`ALTER TABLE \`wecom_inbox\` ADD \`last_error_params\` mediumtext NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`wecom_inbox\` DROP COLUMN \`last_error_params\``);
    await queryRunner.query(`ALTER TABLE \`wecom_inbox\` DROP COLUMN \`last_error_code\``);
    await queryRunner.query(`ALTER TABLE \`rescan_jobs\` DROP COLUMN \`error_params\``);
    await queryRunner.query(`ALTER TABLE \`rescan_jobs\` DROP COLUMN \`error_code\``);
    await queryRunner.query(`ALTER TABLE \`archive_state\` DROP COLUMN \`last_error_params\``);
    await queryRunner.query(`ALTER TABLE \`archive_state\` DROP COLUMN \`last_error_code\``);
    await queryRunner.query(`ALTER TABLE \`archive_state\` DROP COLUMN \`parked_params\``);
    await queryRunner.query(`ALTER TABLE \`archive_state\` DROP COLUMN \`parked_code\``);
    await queryRunner.query(`ALTER TABLE \`sync_runs\` DROP COLUMN \`error_params\``);
    await queryRunner.query(`ALTER TABLE \`sync_runs\` DROP COLUMN \`error_code\``);
  }
}

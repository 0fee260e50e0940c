import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RelationEventOrder1795970006050 implements MigrationInterface {
  name = 'RelationEventOrder1795970006050';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`customer_follows\` ADD \`event_at\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`customer_follows\` ADD \`changed_at\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`wecom_inbox\` ADD \`locked_by\` varchar(128) NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`wecom_inbox\` DROP COLUMN \`locked_by\``);
    await queryRunner.query(`ALTER TABLE \`customer_follows\` DROP COLUMN \`changed_at\``);
    await queryRunner.query(`ALTER TABLE \`customer_follows\` DROP COLUMN \`event_at\``);
  }
}

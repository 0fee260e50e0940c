import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AudienceIndex1795990147515 implements MigrationInterface {
  name = 'AudienceIndex1795990147515';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_customer_follows_status_customer" ON "customer_follows" ("status", "external_userid", "userid") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_customer_follows_status_customer"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795489020930 implements MigrationInterface {
  name = 'Initial1795489020930';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`access_audit\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`user_id\` int NULL, \`username\` varchar(64) NOT NULL, \`action\` varchar(48) NOT NULL, \`target_type\` varchar(32) NULL, \`target_id\` varchar(128) NULL, \`detail\` mediumtext NULL, \`ip\` varchar(64) NULL, \`request_id\` varchar(64) NULL, \`at\` datetime(3) NOT NULL, INDEX \`ix_access_audit_action_at\` (\`action\`, \`at\`), INDEX \`ix_access_audit_user_at\` (\`user_id\`, \`at\`), INDEX \`ix_access_audit_at\` (\`at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`users\` (\`id\` int NOT NULL AUTO_INCREMENT, \`username\` varchar(64) NOT NULL, \`display_name\` varchar(64) NOT NULL, \`password_hash\` varchar(255) NULL, \`wecom_userid\` varchar(64) NULL, \`status\` varchar(16) NOT NULL DEFAULT 'active', \`last_login_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`uq_users_username\` (\`username\`), UNIQUE INDEX \`uq_users_wecom_userid\` (\`wecom_userid\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`user_roles\` (\`user_id\` int NOT NULL, \`role\` varchar(16) NOT NULL, PRIMARY KEY (\`user_id\`, \`role\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`user_scopes\` (\`user_id\` int NOT NULL, \`department_id\` varchar(32) NOT NULL, PRIMARY KEY (\`user_id\`, \`department_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`sessions\` (\`token_hash\` varchar(64) NOT NULL, \`user_id\` int NOT NULL, \`csrf_token\` varchar(64) NOT NULL, \`ip\` varchar(64) NULL, \`user_agent\` varchar(255) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`expires_at\` datetime(3) NOT NULL, INDEX \`ix_sessions_user_id\` (\`user_id\`), INDEX \`ix_sessions_expires_at\` (\`expires_at\`), PRIMARY KEY (\`token_hash\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`user_roles\` ADD CONSTRAINT \`fk_user_roles_user\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`user_scopes\` ADD CONSTRAINT \`fk_user_scopes_user\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`sessions\` ADD CONSTRAINT \`fk_sessions_user\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`sessions\` DROP FOREIGN KEY \`fk_sessions_user\``);
    await queryRunner.query(`ALTER TABLE \`user_scopes\` DROP FOREIGN KEY \`fk_user_scopes_user\``);
    await queryRunner.query(`ALTER TABLE \`user_roles\` DROP FOREIGN KEY \`fk_user_roles_user\``);
    await queryRunner.query(`DROP INDEX \`ix_sessions_expires_at\` ON \`sessions\``);
    await queryRunner.query(`DROP INDEX \`ix_sessions_user_id\` ON \`sessions\``);
    await queryRunner.query(`DROP TABLE \`sessions\``);
    await queryRunner.query(`DROP TABLE \`user_scopes\``);
    await queryRunner.query(`DROP TABLE \`user_roles\``);
    await queryRunner.query(`DROP INDEX \`uq_users_wecom_userid\` ON \`users\``);
    await queryRunner.query(`DROP INDEX \`uq_users_username\` ON \`users\``);
    await queryRunner.query(`DROP TABLE \`users\``);
    await queryRunner.query(`DROP INDEX \`ix_access_audit_at\` ON \`access_audit\``);
    await queryRunner.query(`DROP INDEX \`ix_access_audit_user_at\` ON \`access_audit\``);
    await queryRunner.query(`DROP INDEX \`ix_access_audit_action_at\` ON \`access_audit\``);
    await queryRunner.query(`DROP TABLE \`access_audit\``);
  }
}

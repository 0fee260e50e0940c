import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConversationLastMsgtype1795977279178 implements MigrationInterface {
  name = 'ConversationLastMsgtype1795977279178';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`archive_conversations\` ADD \`last_msgtype\` varchar(32) NULL`);
    // The last message's type for conversations archived before: the same message the preview was made from.
    await queryRunner.query(
      `UPDATE archive_conversations SET last_msgtype = (SELECT m.msgtype FROM archive_messages m WHERE m.conversation_id = archive_conversations.id ORDER BY m.msgtime DESC, m.id DESC LIMIT 1) WHERE last_preview IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`archive_conversations\` DROP COLUMN \`last_msgtype\``);
  }
}

import type { MessageAttachment } from '@keeper/bot';

/** WeCom attachments for library materials (the materials module's MaterialMedia). */
export interface WelcomeAttachments {
  attachmentsFor(materialIds: number[]): Promise<MessageAttachment[]>;
}

/** Tags and remark put on a customer through WeCom and recorded in the book (the customers module). */
export interface ChannelDefaultsWriter {
  applyChannelDefaults(
    externalUserId: string,
    userId: string,
    defaults: { addTagIds: string[]; remark: string | null; by: string },
  ): Promise<void>;
}

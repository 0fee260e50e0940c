import { ConversationKind } from '@keeper/shared';
import { IsNull, Not, type DataSource } from 'typeorm';
import { ArchiveConversationEntity } from './archive.entity';

/** What other modules may know of the archive without reading chat content: when a member last chatted with whom. */
export class ConversationDirectory {
  constructor(private readonly dataSource: DataSource) {}

  /** The last archived message time of each one-to-one conversation of `memberId`, by customer. */
  async lastChatsOf(memberId: string): Promise<Map<string, Date>> {
    const conversations = await this.dataSource.getRepository(ArchiveConversationEntity).find({
      select: { customerId: true, lastMessageAt: true },
      where: { memberId, kind: ConversationKind.Single, customerId: Not(IsNull()) },
    });
    const last = new Map<string, Date>();
    for (const conversation of conversations) {
      if (conversation.customerId && conversation.lastMessageAt)
        last.set(conversation.customerId, conversation.lastMessageAt);
    }
    return last;
  }
}

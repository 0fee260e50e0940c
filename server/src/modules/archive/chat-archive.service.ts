import { In, type DataSource, type EntityManager } from 'typeorm';
import { ArchiveConversationEntity, ArchiveMessageEntity } from './archive.entity';

/** The archive as the audit module reads it (re-scans, the violation list), and the hit counters it moves. */
export class ChatArchive {
  constructor(private readonly dataSource: DataSource) {}

  /** Messages sent in [from, to) with an id above `afterId`, in id order. */
  messagesBetween(from: Date, to: Date, afterId: string, limit: number): Promise<ArchiveMessageEntity[]> {
    return this.dataSource
      .getRepository(ArchiveMessageEntity)
      .createQueryBuilder('a')
      .where('a.msgtime >= :from AND a.msgtime < :to AND a.id > :afterId', { from, to, afterId })
      .orderBy('a.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  conversations(ids: string[]): Promise<ArchiveConversationEntity[]> {
    return this.dataSource.getRepository(ArchiveConversationEntity).findBy({ id: In([...new Set(ids)]) });
  }

  /** Counts a new hit on its message and conversation, in the caller's transaction. */
  async countHit(manager: EntityManager, messageId: string, conversationId: string): Promise<void> {
    await manager.increment(ArchiveMessageEntity, { id: messageId }, 'violationCount', 1);
    await manager.increment(ArchiveConversationEntity, { id: conversationId }, 'violationCount', 1);
  }
}

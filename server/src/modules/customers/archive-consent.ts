import type { WeComClient } from '@keeper/bot';
import type { DataSource } from 'typeorm';
import type { CustomerBook } from './customer-book';
import { CustomerFollowEntity } from './customer.entity';

/** check_single_agree takes at most 100 pairs. */
const PAIRS_PER_CALL = 100;
const STATUS = { Agree: 'agree', Disagree: 'disagree', Default_Agree: 'default_agree' } as const;

/**
 * Asks WeCom which customers agreed to chat archiving (check_single_agree) for every active relation and
 * records the answers; msg_audit_approved callbacks record agreement as it happens in between.
 */
export async function refreshArchiveConsent(
  dataSource: DataSource,
  archive: WeComClient,
  book: CustomerBook,
): Promise<number> {
  const follows = await dataSource
    .getRepository(CustomerFollowEntity)
    .find({ select: { externalUserId: true, userId: true }, where: { status: 'active' } });
  let changed = 0;
  for (let start = 0; start < follows.length; start += PAIRS_PER_CALL) {
    const slice = follows.slice(start, start + PAIRS_PER_CALL);
    const reply = await archive.checkSingleChatAgreement({
      info: slice.map((follow) => ({ userid: follow.userId, exteranalopenid: follow.externalUserId })),
    });
    await dataSource.transaction(async (manager) => {
      for (const answer of reply.agreeinfo) {
        const consent = STATUS[answer.agree_status as keyof typeof STATUS];
        if (!consent || !answer.userid) continue;
        const at = answer.status_change_time ? new Date(answer.status_change_time * 1000) : new Date();
        const before = await manager.findOneBy(CustomerFollowEntity, {
          externalUserId: answer.exteranalopenid,
          userId: answer.userid,
        });
        await book.recordArchiveConsent(manager, answer.exteranalopenid, answer.userid, consent, at);
        if (before?.archiveConsent !== consent) changed++;
      }
    });
  }
  return changed;
}

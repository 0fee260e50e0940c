import type { WeComClient } from '@keeper/bot';
import { Permission } from '@keeper/shared';
import type { DomainEventMap, DomainEvents } from '../../events/domain-events';
import { shanghaiTime } from '../../http/xlsx-stream';
import type { Logger } from '../../logger';
import type { Recipients } from '../users/recipients';
import type { ReassignService } from './reassign.service';

/**
 * Cards to one receiver add up to one ("N customers from X will join you") while the engine keeps sending them
 * customers: the card goes once no call for them came within GATHER_MS, or GATHER_MAX_MS after the first.
 */
const GATHER_MS = 2_000;
const GATHER_MAX_MS = 60_000;

/**
 * Tells people in WeCom, through Keeper's app, what a handover means for them: the managers in scope when a
 * member leaves with customers, when a case completes and when refusals pile up; each receiver how many
 * customers will join them and when. Live console notices go through socket.io separately.
 */
export function notifyHandoversThroughBot(deps: {
  domainEvents: DomainEvents;
  reassign: ReassignService;
  recipients: Recipients;
  agent: WeComClient | undefined;
  publicUrl: string;
  logger: Logger;
}): () => void {
  const { agent, reassign } = deps;
  if (!agent) return () => undefined;
  const caseUrl = (caseId: string) => `${deps.publicUrl}/customers/handover/${caseId}`;
  const failed = (what: string) => (error: unknown) =>
    deps.logger.warn({ err: error }, `${what} bot message failed`);

  const managersOf = async (handoverUserId: string) => [
    ...new Set(
      (await deps.recipients.covering(Permission.ReassignRun, handoverUserId)).flatMap((recipient) =>
        recipient.wecomUserId ? [recipient.wecomUserId] : [],
      ),
    ),
  ];

  const card = (touser: string[], title: string, description: string, url: string) =>
    touser.length === 0
      ? Promise.resolve()
      : agent
          .sendMessage({
            touser: touser.join('|'),
            msgtype: 'textcard',
            textcard: { title, description, url, btntxt: '查看' },
            enable_duplicate_check: 1,
            duplicate_check_interval: 600,
          })
          .then(() => undefined);

  const offOpened = deps.domainEvents.on('handover.opened', ({ caseId, handoverUserId }) => {
    void (async () => {
      const handoverCase = await reassign.get(caseId, { scope: { all: true, departmentIds: [] } });
      await card(
        await managersOf(handoverUserId),
        `【离职继承】${handoverCase.handover.name} 已离职`,
        `<div class="normal">名下 ${handoverCase.customers.unplanned} 位客户、${handoverCase.groups.unplanned} 个客户群待分配</div><div class="highlight">请在 ${shanghaiTime(handoverCase.deadline)} 前完成交接，逾期企业微信将不再支持继承</div>`,
        caseUrl(caseId),
      );
    })().catch(failed('departure'));
  });

  const gathering = new Map<
    string,
    { first: DomainEventMap['handover.sent']; count: number; since: number; timer: NodeJS.Timeout }
  >();
  const tellReceiver = (key: string) => {
    const { first, count } = gathering.get(key)!;
    gathering.delete(key);
    void (async () => {
      const handoverCase = await reassign.get(first.caseId, { scope: { all: true, departmentIds: [] } });
      await card(
        [first.takeoverUserId],
        `${count} 位客户将转给你`,
        `<div class="normal">${handoverCase.handover.name} 的 ${count} 位客户将于 ${shanghaiTime(first.takeoverAt)} 转给你跟进（客户可能拒绝）</div>`,
        // The receiver's own customer list, where they appear once WeCom completes the transfer.
        `${deps.publicUrl}/customers`,
      );
    })().catch(failed('receiver'));
  };
  const offSent = deps.domainEvents.on('handover.sent', (sent) => {
    const key = `${sent.caseId}:${sent.takeoverUserId}`;
    const now = Date.now();
    const pending = gathering.get(key);
    if (pending) clearTimeout(pending.timer);
    const since = pending?.since ?? now;
    const wait = Math.max(0, Math.min(GATHER_MS, since + GATHER_MAX_MS - now));
    gathering.set(key, {
      first: pending?.first ?? sent,
      count: (pending?.count ?? 0) + sent.count,
      since,
      timer: setTimeout(() => tellReceiver(key), wait),
    });
  });

  const offProgress = deps.domainEvents.on('handover.updated', ({ caseId, handoverUserId }) => {
    void (async () => {
      const news = await reassign.takeNews(caseId);
      if (!news) return;
      const { handoverCase } = news;
      const totals = handoverCase.customers;
      const title =
        news.kind === 'completed'
          ? `【交接完成】${handoverCase.handover.name} 的客户已全部交接`
          : `【交接提醒】${handoverCase.handover.name} 的交接有 ${totals.refused + totals.receiverFull} 位客户未成功`;
      await card(
        await managersOf(handoverUserId),
        title,
        `<div class="normal">已接替 ${totals.done}，等待接替 ${totals.waiting}，客户拒绝 ${totals.refused}，接替人已满 ${totals.receiverFull}，跳过 ${totals.skipped}，未能发起 ${totals.rejected}</div>`,
        caseUrl(caseId),
      );
    })().catch(failed('handover summary'));
  });

  return () => {
    offOpened();
    offSent();
    offProgress();
    for (const { timer } of gathering.values()) clearTimeout(timer);
    gathering.clear();
  };
}

import type { AppMessage, WeComClient } from '@keeper/bot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainEvents } from '../../events/domain-events';
import { createLogger } from '../../logger';
import type { Recipients } from '../users/recipients';
import { notifyHandoversThroughBot } from './handover-notifier';
import type { ReassignService } from './reassign.service';

describe('the card that tells a receiver which customers will join them', () => {
  afterEach(() => vi.useRealTimers());

  function bot() {
    vi.useFakeTimers();
    const domainEvents = new DomainEvents();
    const cards: AppMessage[] = [];
    notifyHandoversThroughBot({
      domainEvents,
      reassign: { get: () => Promise.resolve({ handover: { name: '黄强' } }) } as unknown as ReassignService,
      recipients: { covering: () => Promise.resolve([]) } as unknown as Recipients,
      agent: {
        sendMessage: (message: AppMessage) => {
          cards.push(message);
          return Promise.resolve({});
        },
      } as unknown as WeComClient,
      publicUrl: 'http://keeper.test',
      logger: createLogger({ logLevel: 'silent', env: 'test' }),
    });
    const sent = (count: number, takeoverUserId = 'XuBin') =>
      domainEvents.publish('handover.sent', {
        caseId: '7',
        handoverUserId: 'HuangQiang',
        takeoverUserId,
        count,
        takeoverAt: '2026-12-01T02:00:00.000Z',
      });
    const titles = () =>
      cards.map(
        (card) => `${card.touser} ${card.msgtype === 'textcard' ? card.textcard.title : card.msgtype}`,
      );
    return { sent, titles };
  }

  it('is one card for a run of calls that goes on for longer than the gathering wait', async () => {
    const { sent, titles } = bot();
    for (let call = 0; call < 30; call++) {
      sent(100);
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(titles()).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(titles()).toEqual(['XuBin 3000 位客户将转给你']);
  });

  it('goes out a minute after the first call at the latest, and the calls after it make the next card', async () => {
    const { sent, titles } = bot();
    for (let call = 0; call < 90; call++) {
      sent(100);
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(titles()).toEqual(['XuBin 6000 位客户将转给你']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(titles()).toEqual(['XuBin 6000 位客户将转给你', 'XuBin 3000 位客户将转给你']);
  });

  it('tells each receiver of a case their own count', async () => {
    const { sent, titles } = bot();
    sent(100, 'XuBin');
    sent(40, 'ZhouJie');
    sent(100, 'XuBin');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(titles().sort()).toEqual(['XuBin 200 位客户将转给你', 'ZhouJie 40 位客户将转给你']);
  });
});

import { RecipientState } from '@keeper/shared';
import { describe, expect, it } from 'vitest';
import { funnelsOf, sumFunnels } from './funnel';

describe('the campaign funnel', () => {
  const counts = [
    { senderUserId: 'ChenJing', state: RecipientState.Sent, reason: null, count: 90 },
    { senderUserId: 'ChenJing', state: RecipientState.NotFriend, reason: null, count: 3 },
    { senderUserId: 'ChenJing', state: RecipientState.LimitReached, reason: null, count: 2 },
    { senderUserId: 'ChenJing', state: RecipientState.Excluded, reason: 'receive_rule' as const, count: 5 },
    { senderUserId: 'XuBin', state: RecipientState.Pending, reason: null, count: 40 },
    { senderUserId: 'XuBin', state: RecipientState.Unsendable, reason: null, count: 1 },
    { senderUserId: 'XuBin', state: RecipientState.Excluded, reason: 'recently_reached' as const, count: 9 },
    { senderUserId: 'XuBin', state: RecipientState.Submitting, reason: null, count: 10 },
  ];

  it('puts every recipient in one bucket, so the whole adds up', () => {
    const { total } = funnelsOf(counts);
    expect(total).toEqual({
      audience: 160,
      excluded: 14,
      excludedByReason: { receive_rule: 5, recently_reached: 9 },
      queued: 10,
      submitted: 136,
      unsendable: 1,
      pending: 40,
      sent: 90,
      notFriend: 3,
      limitReached: 2,
      failed: 0,
    });
    expect(total.audience).toBe(total.excluded + total.queued + total.submitted);
  });

  it('keeps "not a friend" and "limit reached" apart per sender, and departments sum their senders', () => {
    const { bySender } = funnelsOf(counts);
    expect(bySender.get('ChenJing')).toMatchObject({
      audience: 100,
      sent: 90,
      notFriend: 3,
      limitReached: 2,
    });
    expect(bySender.get('XuBin')).toMatchObject({ audience: 60, pending: 40, unsendable: 1, queued: 10 });
    expect(sumFunnels([...bySender.values()])).toEqual(funnelsOf(counts).total);
  });
});

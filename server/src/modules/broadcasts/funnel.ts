import { RecipientState, type ExclusionReason, type Funnel } from '@keeper/shared';
import type { RecipientCount } from './campaigns.repository';

export function emptyFunnel(): Funnel {
  return {
    audience: 0,
    excluded: 0,
    excludedByReason: {},
    queued: 0,
    submitted: 0,
    unsendable: 0,
    pending: 0,
    sent: 0,
    notFriend: 0,
    limitReached: 0,
    failed: 0,
  };
}

/**
 * Adds recipient counts into a funnel. Every recipient lands in exactly one bucket, so the funnel adds up by
 * construction: audience = excluded + queued + submitted, submitted = unsendable + pending + sent + notFriend +
 * limitReached + failed. A recipient being submitted counts as queued: its task is not known yet.
 */
export function addToFunnel(
  funnel: Funnel,
  state: RecipientState,
  reason: ExclusionReason | null,
  count: number,
) {
  funnel.audience += count;
  switch (state) {
    case RecipientState.Excluded: {
      funnel.excluded += count;
      const key = reason ?? 'lost';
      funnel.excludedByReason[key] = (funnel.excludedByReason[key] ?? 0) + count;
      return;
    }
    case RecipientState.Queued:
    case RecipientState.Submitting:
      funnel.queued += count;
      return;
    case RecipientState.Unsendable:
      funnel.submitted += count;
      funnel.unsendable += count;
      return;
    case RecipientState.Pending:
      funnel.submitted += count;
      funnel.pending += count;
      return;
    case RecipientState.Sent:
      funnel.submitted += count;
      funnel.sent += count;
      return;
    case RecipientState.NotFriend:
      funnel.submitted += count;
      funnel.notFriend += count;
      return;
    case RecipientState.LimitReached:
      funnel.submitted += count;
      funnel.limitReached += count;
      return;
    case RecipientState.Failed:
      funnel.submitted += count;
      funnel.failed += count;
      return;
  }
}

/** The funnel of the whole campaign and of each sender, from grouped counts. */
export function funnelsOf(counts: RecipientCount[]): { total: Funnel; bySender: Map<string, Funnel> } {
  const total = emptyFunnel();
  const bySender = new Map<string, Funnel>();
  for (const { senderUserId, state, reason, count } of counts) {
    addToFunnel(total, state, reason, count);
    if (senderUserId === null) continue;
    const funnel = bySender.get(senderUserId) ?? emptyFunnel();
    addToFunnel(funnel, state, reason, count);
    bySender.set(senderUserId, funnel);
  }
  return { total, bySender };
}

/** Sums funnels (a department's senders). */
export function sumFunnels(funnels: Funnel[]): Funnel {
  const sum = emptyFunnel();
  for (const funnel of funnels) {
    for (const key of [
      'audience',
      'excluded',
      'queued',
      'submitted',
      'unsendable',
      'pending',
      'sent',
      'notFriend',
      'limitReached',
      'failed',
    ] as const)
      sum[key] += funnel[key];
    for (const [reason, count] of Object.entries(funnel.excludedByReason) as [ExclusionReason, number][])
      sum.excludedByReason[reason] = (sum.excludedByReason[reason] ?? 0) + count;
  }
  return sum;
}

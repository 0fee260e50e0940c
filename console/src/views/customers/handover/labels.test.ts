import { beforeEach, describe, expect, it } from 'vitest';
import { handoverReasonSchema, itemStateSchema } from '@keeper/shared';
import { setI18nLocale } from '@/locales';
import { makeTotals } from '@/test-utils/fixtures';
import { emptyPlannerForm, toPlanRequest } from './detail/planner';
import { deadlineText, progressSummary, reasonText } from './labels';

describe('handover wording', () => {
  beforeEach(() => setI18nLocale('zh-CN'));

  it('words every reason of the contract in Chinese, with no code or key left', () => {
    for (const reason of handoverReasonSchema.options) {
      const text = reasonText(reason, 40099);
      expect(text, reason).toMatch(/[\u4e00-\u9fff]/);
      expect(text, reason).not.toContain(reason);
      expect(text, reason).not.toContain('handoverReason');
    }
    expect(reasonText('wecom_error', 40099)).toBe('企业微信错误码 40099');
    expect(reasonText('wecom_error')).toBe('企业微信返回了错误');
    expect(reasonText('onjob_limit')).toBe('该客户 90 天内已被在职转接两次');
    expect(reasonText(null)).toBe('');
  });

  it('words every reason in English too', () => {
    setI18nLocale('en');
    for (const reason of handoverReasonSchema.options) {
      expect(reasonText(reason, 1), reason).not.toContain('handoverReason');
    }
    expect(reasonText('wecom_error', 40099)).toBe('WeCom error code 40099');
  });

  it('fails loudly on a reason newer than the console instead of showing nothing', () => {
    expect(() => reasonText('brand_new' as never)).toThrow(/unhandled case/);
  });

  it('counts the days left to the deadline, rounded up, and says when it has passed', () => {
    const now = new Date('2026-02-20T02:00:00.000Z');
    expect(deadlineText('month', '2026-03-01T02:00:00.000Z', now)).toBe('剩余 9 天');
    expect(deadlineText('week', '2026-02-20T10:00:00.000Z', now)).toBe('剩余 1 天');
    expect(deadlineText('passed', '2026-02-01T02:00:00.000Z', now)).toBe('已过期');
    expect(deadlineText('none', '2027-02-01T02:00:00.000Z', now)).toBe('');
  });
});

describe('the progress of a case', () => {
  it('lists every state that makes up the selected count, and the parts add up', () => {
    const totals = makeTotals({
      unplanned: 5,
      skipped: 2,
      rejected: 1,
      done: 10,
      waiting: 3,
      refused: 1,
      receiverFull: 1,
      noRecord: 1,
      planned: 4,
      sending: 2,
    });
    const summary = progressSummary(totals);

    expect(summary.selected).toBe(25);
    expect(summary.parts.reduce((sum, part) => sum + part.count, 0)).toBe(summary.selected);
    expect(summary.addsUp).toBe(true);
    // Every state but unplanned is a part, once.
    expect(summary.parts.map((part) => part.state).sort()).toEqual(
      itemStateSchema.options.filter((state) => state !== 'unplanned').sort(),
    );
    // 12 of 30 have an owner again or needed none.
    expect(summary.percent).toBe(40);
    expect(summary.replannable).toBe(4);
    expect(summary.unplanned).toBe(5);
  });

  it('says so when the server counts do not add up', () => {
    const summary = progressSummary(makeTotals({ done: 3, selected: 4 }));
    expect(summary.addsUp).toBe(false);
  });

  it('is 0% of nothing, and 100% when every customer has an owner', () => {
    expect(progressSummary(makeTotals()).percent).toBe(0);
    expect(progressSummary(makeTotals({ done: 248, skipped: 2 })).percent).toBe(100);
  });
});

describe('the plan a planner form describes', () => {
  it('sends all unplanned customers to the one receiver, groups included, without a message for a leaver', () => {
    const form = { ...emptyPlannerForm(), receivers: ['LiLei', 'ZhangWei'] };
    expect(toPlanRequest(form, 'resigned', [])).toEqual({
      plan: {
        selection: { mode: 'all' },
        distribution: { mode: 'single', receivers: ['LiLei'] },
        includeGroups: true,
      },
    });
  });

  it('reads the filter days as China days and leaves out what is empty', () => {
    const form = {
      ...emptyPlannerForm(),
      selection: 'filter' as const,
      tagId: 'et1',
      channel: '  ',
      addedRange: ['2025-03-01', '2025-03-31'] as [string, string],
      lastChatBefore: '2025-06-01',
      distribution: 'even' as const,
      receivers: ['LiLei', undefined, 'ZhangWei', 'LiLei'],
    };
    expect(toPlanRequest(form, 'resigned', [])).toEqual({
      plan: {
        selection: {
          mode: 'filter',
          tagId: 'et1',
          addedFrom: '2025-03-01T00:00:00.000+08:00',
          addedTo: '2025-03-31T23:59:59.999+08:00',
          lastChatBefore: '2025-06-01T00:00:00.000+08:00',
        },
        distribution: { mode: 'even', receivers: ['LiLei', 'ZhangWei'] },
        includeGroups: true,
      },
    });
  });

  it('carries the message of an on-duty case and the ticked customers', () => {
    const form = {
      ...emptyPlannerForm(),
      selection: 'ids' as const,
      receivers: ['LiLei'],
      includeGroups: false,
    };
    const result = toPlanRequest(form, 'on_job', ['wm1', 'wm2']);
    expect(result).toEqual({
      plan: {
        selection: { mode: 'ids', externalUserIds: ['wm1', 'wm2'] },
        distribution: { mode: 'single', receivers: ['LiLei'] },
        includeGroups: false,
        message: '您好，我的工作已交接给同事{接替人}，后续由TA继续为您服务，请放心。',
      },
    });
  });

  it('names what is missing: a receiver, ticked customers, the message', () => {
    expect(toPlanRequest(emptyPlannerForm(), 'resigned', [])).toEqual({
      problem: 'handover.receiversRequired',
    });
    const ids = { ...emptyPlannerForm(), selection: 'ids' as const, receivers: ['LiLei'] };
    expect(toPlanRequest(ids, 'resigned', [])).toEqual({ problem: 'handover.idsRequired' });
    const silent = { ...emptyPlannerForm(), receivers: ['LiLei'], message: '  ' };
    expect(toPlanRequest(silent, 'on_job', [])).toEqual({ problem: 'handover.messageRequired' });
  });
});

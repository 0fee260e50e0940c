import { describe, expect, it } from 'vitest';
import { makeCampaign, makeFunnel, makeRunningFunnel, makeSegment } from '@/test-utils/fixtures';
import { setI18nLocale } from '@/locales';
import { emptyFilter, normalizeFilter, parseIdList, sameFilter } from './audience';
import {
  campaignToForm,
  emptyCampaignForm,
  stepProblem,
  toCampaignInput,
} from './campaigns/edit/campaign-form';
import { funnelChartOption } from './campaigns/detail/funnel-option';
import { funnelSummary, issueText } from './labels';

describe('the funnel summary', () => {
  it('adds up the way the issue says: audience = excluded + submitted, submitted = its five ends', () => {
    const summary = funnelSummary(makeRunningFunnel());

    expect(summary.addsUp).toBe(true);
    expect(summary.reasons.map((part) => [part.key, part.count])).toEqual([
      ['reason.receive_rule', 150],
      ['reason.recently_reached', 50],
    ]);
    expect(summary.outcomes.map((part) => [part.key, part.count])).toEqual([
      ['sent', 8000],
      ['notFriend', 1],
      ['limitReached', 1],
      ['pending', 3990],
      ['unsendable', 8],
    ]);
    expect(summary.sentPercent).toBe(66);
  });

  it('says so when the server’s figures do not add up, rather than hiding it', () => {
    expect(funnelSummary(makeFunnel({ audience: 10, submitted: 9, sent: 9 })).addsUp).toBe(false);
    expect(funnelSummary(makeFunnel({ audience: 10, submitted: 10, sent: 8, pending: 1 })).addsUp).toBe(
      false,
    );
  });

  it('draws only the flows someone is in, labelled in Chinese', () => {
    setI18nLocale('zh-CN');
    const option = funnelChartOption(makeRunningFunnel());
    const series = (option?.series as { links: { source: string; target: string; value: number }[] }[])[0]!;

    expect(series.links).toEqual([
      { source: '受众', target: '已排除', value: 200 },
      { source: '受众', target: '已提交', value: 12_000 },
      { source: '已排除', target: '超出客户接收上限', value: 150 },
      { source: '已排除', target: '近期已被其他群发触达', value: 50 },
      { source: '已提交', target: '已发送', value: 8000 },
      { source: '已提交', target: '非好友', value: 1 },
      { source: '已提交', target: '已收到其他群发', value: 1 },
      { source: '已提交', target: '未发送', value: 3990 },
      { source: '已提交', target: '无法发送', value: 8 },
    ]);
    expect(funnelChartOption(makeFunnel())).toBeNull();
  });

  it('words every content problem, naming the audit rule and what it matched', () => {
    setI18nLocale('zh-CN');
    expect(
      issueText({ code: 'audit_rule', blocking: true, rule: '银行卡号', excerpt: '6222 **** 1234' }),
    ).toBe('命中审计规则「银行卡号」：6222 **** 1234');
    expect(issueText({ code: 'text_too_long', blocking: true, rule: null, excerpt: null })).toBe(
      '文字超过 4000 字节',
    );
  });
});

describe('the audience', () => {
  it('reads pasted ids split by lines, commas (Chinese ones too) and spaces, each once', () => {
    expect(parseIdList('wmA\nwmB, wmC，wmD  wmA;wmE\n\n')).toEqual(['wmA', 'wmB', 'wmC', 'wmD', 'wmE']);
  });

  it('drops half-built tag conditions and empty fields before asking the server', () => {
    const filter = {
      ...emptyFilter(),
      tagConditions: [{ mode: 'all' as const, tagIds: [] }],
      channels: [' qr1 ', ''],
    };
    const normalized = normalizeFilter(filter);

    expect(normalized.tagConditions).toEqual([]);
    expect(normalized.channels).toEqual(['qr1']);
    expect('silentDays' in normalized).toBe(false);
  });

  it('tells a segment’s filter apart from one changed since, whatever the order of ids', () => {
    const segment = makeSegment().filter;
    expect(sameFilter(segment, { ...segment, tagConditions: [{ mode: 'any', tagIds: ['et1'] }] })).toBe(true);
    expect(sameFilter(segment, { ...segment, silentDays: 60 })).toBe(false);
  });
});

describe('the campaign form', () => {
  it('sends the audience of the chosen kind only, with the schedule in China time', () => {
    const form = { ...emptyCampaignForm(), name: ' 会员日 ', text: '你好', scheduleMode: 'later' as const };
    form.scheduledAt = '2030-03-08 10:00:00';
    form.recentOn = true;
    form.recentDays = 14;

    const input = toCampaignInput(form);
    expect(input).toMatchObject({
      name: '会员日',
      kind: 'customers',
      content: { text: '你好', materialIds: [] },
      recentDays: 14,
      scheduledAt: '2030-03-08T10:00:00+08:00',
      deadlineDays: 7,
    });
    expect(input.groupAudience).toBeUndefined();
    expect(input.segmentId).toBeUndefined();

    const staff = toCampaignInput({
      ...form,
      kind: 'staff',
      staffMessage: { ...form.staffMessage, msgtype: 'markdown', content: '**周会**改到周五' },
    });
    expect(staff.audience).toBeUndefined();
    expect(staff.staffMessage).toEqual({ msgtype: 'markdown', content: '**周会**改到周五' });
    expect(staff.recentDays).toBeNull();
  });

  it('names the segment only while the audience is still the segment’s', () => {
    const segment = makeSegment();
    const form = {
      ...emptyCampaignForm(),
      name: 'x',
      text: 'y',
      segmentId: segment.id,
      segmentFilter: segment.filter,
    };
    form.audience = { ...segment.filter };
    expect(toCampaignInput(form).segmentId).toBe('s1');

    form.audience = { ...segment.filter, genders: [2] };
    expect(toCampaignInput(form).segmentId).toBeUndefined();
  });

  it('keeps a step from being left until it is complete', () => {
    const form = emptyCampaignForm();
    expect(stepProblem(form, 'audience')).toBe('marketing.form.nameRequired');
    form.name = '回访';
    expect(stepProblem(form, 'audience')).toBeNull();

    expect(stepProblem(form, 'content')).toBe('marketing.form.contentRequired');
    form.text = '中'.repeat(1334); // 4,002 bytes
    expect(stepProblem(form, 'content')).toBe('marketing.form.textTooLong');
    form.text = '中'.repeat(1333);
    expect(stepProblem(form, 'content')).toBeNull();

    form.scheduleMode = 'later';
    expect(stepProblem(form, 'schedule')).toBe('marketing.form.scheduledAtRequired');
    form.scheduledAt = '2020-01-01 10:00:00';
    expect(stepProblem(form, 'schedule')).toBe('marketing.form.scheduledAtPast');
  });

  it('reads a saved campaign back, its schedule as China wall-clock time', () => {
    const form = campaignToForm(makeCampaign({ scheduledAt: '2030-03-08T02:00:00.000Z', recentDays: 7 }));
    expect(form.scheduleMode).toBe('later');
    expect(form.scheduledAt).toBe('2030-03-08 10:00:00');
    expect(form.recentOn).toBe(true);
  });
});

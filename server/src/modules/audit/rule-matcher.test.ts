import { RuleKind } from '@keeper/shared';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES, passesLuhn } from './builtin-rules';
import type { MatchableMessage } from '../archive/chat-audit';
import { RuleMatcher, type CompiledRuleInput } from './rule-matcher';

const builtins: CompiledRuleInput[] = BUILTIN_RULES.map((rule, index) => ({
  id: index + 1,
  name: rule.name,
  kind: rule.kind,
  patterns: rule.patterns,
  severity: rule.severity,
  builtinKey: rule.key,
  departments: null,
}));
const idOf = (key: string) => builtins.find((rule) => rule.builtinKey === key)!.id;

const message = (text: string, overrides: Partial<MatchableMessage> = {}): MatchableMessage => ({
  action: 'send',
  msgtype: 'text',
  text: text.toLowerCase(),
  msgtime: new Date('2026-11-24T03:00:00Z'), // 11:00 in Shanghai
  senderIsMember: true,
  senderDepartments: ['2'],
  withCustomer: true,
  ...overrides,
});

describe(RuleMatcher.name, () => {
  const sut = new RuleMatcher(builtins);

  it('catches a member steering a customer to a personal WeChat', () => {
    expect(sut.match(message('以后有事加我私人微信聊吧'))).toEqual([
      {
        ruleId: idOf('personal_wechat'),
        matched: expect.arrayContaining(['加我私人微信']),
        excerpt: expect.stringContaining('私人微信'),
      },
    ]);
  });

  it('catches a valid bank card number but not an order number that fails the Luhn check', () => {
    expect(sut.match(message('请转到 6222 0212 3456 7890 128'))).toEqual([
      expect.objectContaining({ ruleId: idOf('bank_card'), matched: ['6222 0212 3456 7890 128'] }),
    ]);
    expect(passesLuhn('6222021234567890128')).toBe(true);
    expect(sut.match(message('订单号 2026112412345678'))).toEqual([]);
  });

  it('flags phone numbers, recalls and red packets; never judges customers', () => {
    expect(sut.match(message('我手机 13812345678')).map((hit) => hit.ruleId)).toEqual([idOf('phone_number')]);
    expect(sut.match(message('', { action: 'recall', msgtype: 'revoke' })).map((hit) => hit.ruleId)).toEqual([
      idOf('recall'),
    ]);
    expect(sut.match(message('恭喜发财', { msgtype: 'redpacket' })).map((hit) => hit.ruleId)).toEqual([
      idOf('red_packet'),
    ]);
    expect(sut.match(message('加我私人微信', { senderIsMember: false }))).toEqual([]);
  });

  it('reports every rule that lists a word, and overlapping words of one rule together', () => {
    const keywords = (id: number, patterns: string[]): CompiledRuleInput => ({
      id,
      name: `r${id}`,
      kind: RuleKind.Keywords,
      patterns,
      severity: 'medium',
      builtinKey: null,
      departments: null,
    });
    const sut = new RuleMatcher([keywords(1, ['返现', '微信', '加我微信']), keywords(2, ['返现', 'VX'])]);
    const hits = sut.match(message('加我微信或vx，私下返现'));
    expect(hits).toEqual([
      { ruleId: 1, matched: ['加我微信', '微信', '返现'], excerpt: '加我微信或vx，私下返现' },
      { ruleId: 2, matched: ['vx', '返现'], excerpt: '加我微信或vx，私下返现' },
    ]);
  });

  it('scopes a rule to its departments', () => {
    const scoped = new RuleMatcher([{ ...builtins[0]!, departments: new Set(['9']) }]);
    expect(scoped.match(message('加我微信'))).toEqual([]);
    expect(scoped.match(message('加我微信', { senderDepartments: ['9'] }))).toHaveLength(1);
  });

  it('finds after-hours chats in Asia/Shanghai', () => {
    const afterHours = new RuleMatcher([
      {
        id: 9,
        name: 'x',
        kind: RuleKind.AfterHours,
        patterns: ['09:00-18:00'],
        severity: 'low',
        builtinKey: null,
        departments: null,
      },
    ]);
    expect(afterHours.match(message('在吗', { msgtime: new Date('2026-11-24T13:30:00Z') }))).toHaveLength(1); // 21:30
    expect(afterHours.match(message('在吗', { msgtime: new Date('2026-11-24T02:00:00Z') }))).toHaveLength(0); // 10:00
  });

  it('matches thousands of keywords in one pass', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `敏感词${i}`);
    const many = new RuleMatcher([
      {
        id: 1,
        name: 'many',
        kind: RuleKind.Keywords,
        patterns: words,
        severity: 'low',
        builtinKey: null,
        departments: null,
      },
    ]);
    const hits = many.match(message('这里有敏感词4321和敏感词7'));
    expect(hits[0]!.matched).toEqual(expect.arrayContaining(['敏感词4321', '敏感词7']));
  });

  const regex = (id: number, patterns: string[]): CompiledRuleInput => ({
    id,
    name: `r${id}`,
    kind: RuleKind.Regex,
    patterns,
    severity: 'medium',
    builtinKey: null,
    departments: null,
  });

  it('answers at once for an admin regex that backtracks exponentially, which froze the server for 87 s', () => {
    const sut = new RuleMatcher([regex(1, ['(b+)+$'])]);
    expect(sut.match(message(`${'b'.repeat(31)}c`))).toEqual([]);
    expect(sut.match(message('bbbb'))).toEqual([{ ruleId: 1, matched: ['bbbb'], excerpt: 'bbbb' }]);
  });

  it('skips a stored rule the engine cannot run, says which and why, and still applies the others', () => {
    const sut = new RuleMatcher([
      regex(101, ['订单\\d+', '(\\w)\\1{3}']),
      regex(102, ['加\\s*v']),
      builtins.find((rule) => rule.builtinKey === 'personal_wechat')!,
    ]);
    expect(sut.skipped).toEqual([
      { ruleId: 101, pattern: '(\\w)\\1{3}', problem: expect.objectContaining({ kind: 'backreference' }) },
    ]);
    expect(sut.size).toBe(2);
    expect(sut.match(message('订单123 加 v 加我微信')).map((hit) => hit.ruleId)).toEqual([
      idOf('personal_wechat'),
      102,
    ]);
  });

  it('reports the hit group without the delimiter, so numbers one character apart are each found', () => {
    expect(sut.match(message('13812345678,13912345678 或 8613812345678'))).toEqual([
      expect.objectContaining({ ruleId: idOf('phone_number'), matched: ['13812345678', '13912345678'] }),
    ]);
  });
});

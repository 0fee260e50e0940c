import { RuleKind } from '@keeper/shared';

export interface BuiltinRule {
  key: string;
  name: string;
  kind: RuleKind;
  patterns: string[];
  severity: 'high' | 'medium' | 'low';
  enabled: boolean;
}

/**
 * The rules Keeper ships, aimed at what companies fear most: orders diverted to private accounts, private
 * payments, customers moved to a personal WeChat. Admins can edit their words, disable them, or add more.
 */
export const BUILTIN_RULES: BuiltinRule[] = [
  {
    key: 'personal_wechat',
    name: '引导添加个人微信',
    kind: RuleKind.Keywords,
    patterns: [
      '加我私人微信',
      '私人微信',
      '加我微信',
      '加我个人微信',
      '个人微信',
      '我的微信号',
      '微信号是',
      '加v',
      '加vx',
      '加wx',
      'v信',
      '私聊我微信',
      '换个微信聊',
    ],
    severity: 'high',
    enabled: true,
  },
  {
    key: 'private_payment',
    name: '私下收款/转账',
    kind: RuleKind.Keywords,
    patterns: [
      '转到我个人',
      '转我个人',
      '私下转账',
      '私人账户',
      '个人账户',
      '转账给我',
      '打款到',
      '付款到我',
      '扫我的收款码',
      '我的收款码',
      '加我支付宝',
      '支付宝转我',
      '微信转我',
      '直接转给我',
      '转账到我',
      '转到我卡上',
      '打到我卡上',
      '转我卡上',
      '不走公司',
      '走私账',
      '私单',
      '飞单',
    ],
    severity: 'high',
    enabled: true,
  },
  {
    key: 'bank_card',
    name: '发送银行卡号',
    kind: RuleKind.Regex,
    // 16 to 19 digits, optionally grouped by spaces or dashes, not part of a longer number: a non-digit (or the
    // text's edge) on each side, outside the reported `hit` group. RE2 has no lookahead, and a lookbehind would
    // keep re2js off its fast DFA. Each hit passes the Luhn check.
    patterns: ['(?:^|\\D)(?<hit>(?:\\d[ -]?){15,18}\\d)(?:\\D|$)'],
    severity: 'high',
    enabled: true,
  },
  {
    key: 'phone_number',
    name: '发送手机号',
    kind: RuleKind.Regex,
    patterns: ['(?:^|\\D)(?<hit>1[3-9]\\d{9})(?:\\D|$)'],
    severity: 'medium',
    enabled: true,
  },
  {
    key: 'red_packet',
    name: '向客户发红包',
    kind: RuleKind.RedPacket,
    patterns: [],
    severity: 'medium',
    enabled: true,
  },
  {
    key: 'recall',
    name: '员工撤回消息',
    kind: RuleKind.Recall,
    patterns: [],
    severity: 'low',
    enabled: true,
  },
  {
    key: 'after_hours',
    name: '非工作时间聊天',
    kind: RuleKind.AfterHours,
    patterns: ['09:00-18:00'],
    severity: 'low',
    enabled: false,
  },
];

/** The Luhn checksum every bank card number passes; it turns long order numbers and ids away. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length >= 12 && sum % 10 === 0;
}

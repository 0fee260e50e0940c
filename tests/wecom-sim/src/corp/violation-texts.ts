import type { Rng } from './rng.js';

export type ViolationKind = 'private_wechat' | 'bank_card' | 'private_payment';

/** A Luhn-valid card number (a 622202 UnionPay prefix), so audit rules that check digits catch it. */
export function bankCardNumber(seedDigits: string): string {
  const body = ('622202' + seedDigits).slice(0, 18).padEnd(18, '0');
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** What a member writes when taking a customer private: the messages audit rules must flag. */
export function violationText(rng: Rng, kind: ViolationKind): string {
  switch (kind) {
    case 'private_wechat':
      return `加我私人微信 wxid_${rng.chars(8, 'abcdefghijkmnpqrstuvwxyz23456789')}，价格还能再优惠，别在这里说。`;
    case 'bank_card': {
      const card = bankCardNumber(rng.chars(12, '0123456789'));
      return `直接转账到我卡上吧：${card.replace(/(\d{4})(?=\d)/g, '$1 ')}，工商银行，户名写我名字就行。`;
    }
    case 'private_payment':
      return '订单就别走公司了，微信转我个人，给你便宜五百。';
  }
}

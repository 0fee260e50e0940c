import { describe, expect, it } from 'vitest';
import { campaignInputSchema, utf8Bytes } from './broadcasts';

describe('mass-message content limits', () => {
  it('counts text as WeCom does, in UTF-8 bytes: a Chinese character is 3, an emoji 4', () => {
    expect(utf8Bytes('abc')).toBe(3);
    expect(utf8Bytes('新品')).toBe(6);
    expect(utf8Bytes('🎉')).toBe(4);
    expect(utf8Bytes('é')).toBe(2);
  });

  it('refuses a text over 4,000 bytes even when it has fewer than 4,000 characters', () => {
    const base = { name: '上新', kind: 'customers', audience: {} };
    expect(campaignInputSchema.safeParse({ ...base, content: { text: '新'.repeat(1333) } }).success).toBe(
      true,
    );
    const tooLong = campaignInputSchema.safeParse({ ...base, content: { text: '新'.repeat(1334) } });
    expect(tooLong.success).toBe(false);
  });
});

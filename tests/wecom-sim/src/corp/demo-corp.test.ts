import { describe, expect, it } from 'vitest';
import { Clock } from './clock.js';
import { CorpState } from './corp-state.js';
import { seedDemoCorp } from './demo-corp.js';

function demo(seed: number, customerCount = 2400): CorpState {
  const state = new CorpState('wwkeepersandbox0001', new Clock(), seed);
  seedDemoCorp(state, { seed, customerCount });
  return state;
}

describe(seedDemoCorp.name, () => {
  it('builds a realistic corp: a department tree, 20+ staff, 2,000+ customers, shared customers, groups', () => {
    const sut = demo(7);
    const deps = [...sut.directory.departments.values()];
    expect(deps.length).toBeGreaterThanOrEqual(3);
    expect(deps.some((d) => d.parentid > 1)).toBe(true);
    expect(sut.directory.members().length).toBeGreaterThanOrEqual(20);
    expect(sut.directory.members().every((s) => /^[\u4e00-\u9fa5]{2,3}$/.test(s.name))).toBe(true);
    expect(sut.customers.customers.size).toBe(2400);
    const shared = [...sut.customers.customers.keys()].filter(
      (id) => sut.customers.followsOfCustomer(id).length === 2,
    );
    expect(shared.length).toBeGreaterThan(50);
    expect(sut.customers.allFollows().filter((f) => f.tagIds.length > 0).length).toBeGreaterThan(1000);
    expect([...sut.customers.customers.keys()].every((id) => /^w[mo][A-Za-z0-9]{30}$/.test(id))).toBe(true);
    expect(sut.groups.size).toBeGreaterThanOrEqual(3);
    expect([...sut.groups.keys()].every((id) => id.startsWith('wr'))).toBe(true);
    expect(sut.tags.allTagIds().every((id) => id.startsWith('et'))).toBe(true);
    const owners = new Set(sut.customers.allFollows().map((f) => f.userid));
    expect(owners.size).toBeGreaterThanOrEqual(15);
  });

  it('is the same corp for the same seed, and another for another seed', () => {
    const ids = (s: CorpState) =>
      [...s.customers.customers.values()].map((c) => `${c.external_userid}:${c.name}`);
    expect(ids(demo(42, 300))).toEqual(ids(demo(42, 300)));
    expect(ids(demo(42, 300))).not.toEqual(ids(demo(43, 300)));
  });

  it('keeps archive seqs strictly increasing', () => {
    const seqs = demo(3, 500)
      .chats.since(0)
      .map((m) => m.seq);
    expect(seqs.length).toBeGreaterThan(0);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });
});

describe('the demo corp’s chat history', () => {
  const sut = demo(20240601);
  const messages = sut.chats.all();
  const isMember = (id: string) => sut.directory.staff.has(id);
  const conversations = new Map<string, typeof messages>();
  for (const m of messages) {
    const key = m.roomid || [m.from, ...m.tolist].sort().join('|');
    conversations.set(key, [...(conversations.get(key) ?? []), m]);
  }
  const text = (m: (typeof messages)[number]) =>
    (m.body.text as { content?: string } | undefined)?.content ?? '';

  it('is conversations of realistic length between a member and their own customer', () => {
    expect(conversations.size).toBeGreaterThanOrEqual(20);
    for (const [key, chat] of conversations) {
      expect(chat.length, key).toBeGreaterThanOrEqual(20);
      expect(chat.length, key).toBeLessThanOrEqual(200);
      if (chat[0]!.roomid) continue;
      const member = [chat[0]!.from, ...chat[0]!.tolist].find(isMember)!;
      const customer = [chat[0]!.from, ...chat[0]!.tolist].find((id) => !isMember(id))!;
      expect(sut.customers.follow(member, customer), key).toBeDefined();
      expect(new Set(chat.map((m) => m.from))).toEqual(new Set([member, customer]));
    }
  });

  it('puts the member’s lines in the member’s mouth and the customer’s in the customer’s', () => {
    for (const m of messages) {
      if (isMember(m.from))
        expect(text(m)).not.toMatch(/^(你好，我在展会上|老板同意了|试用差不多了，报个价)/);
      else expect(text(m)).not.toMatch(/我是客守的|我是技术支持|我是您的客户成功经理|报价单|加我私人微信/);
    }
  });

  it('follows the clock: seqs in time order, all in the past, within working hours in Shanghai', () => {
    const now = Date.now();
    for (let i = 1; i < messages.length; i++)
      expect(messages[i]!.msgtime).toBeGreaterThanOrEqual(messages[i - 1]!.msgtime);
    expect(messages.every((m) => m.msgtime < now)).toBe(true);
    const startHours = [...conversations.values()].map(
      (c) => (new Date(c[0]!.msgtime).getUTCHours() + 8) % 24,
    );
    expect(startHours.every((h) => h >= 9 && h < 18)).toBe(true);
  });

  it('has pictures, voice and video with real files, and a few scripted violations and recalls', () => {
    const media = messages.filter((m) => ['image', 'voice', 'video'].includes(m.msgtype));
    expect(new Set(media.map((m) => m.msgtype))).toEqual(new Set(['image', 'voice', 'video']));
    expect(media.every((m) => m.mediaFixture !== undefined)).toBe(true);
    const violations = messages.filter((m) => /加我私人微信|转账到我卡上|微信转我个人/.test(text(m)));
    expect(violations.length).toBeGreaterThanOrEqual(3);
    expect(violations.length).toBeLessThanOrEqual(15);
    expect(violations.every((m) => isMember(m.from))).toBe(true);
    const recalls = messages.filter((m) => m.action === 'recall');
    expect(recalls.length).toBeGreaterThan(0);
    for (const recall of recalls) {
      const original = sut.chats.byMsgId((recall.body.revoke as { pre_msgid: string }).pre_msgid);
      expect(original?.from).toBe(recall.from);
      expect(original!.seq).toBeLessThan(recall.seq);
    }
  });
});

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

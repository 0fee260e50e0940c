import { describe, expect, it } from 'vitest';
import { onDutyNow, shanghaiTime, type DutyRules } from './duty';

/** 2026-11-30 is a Monday; 10:30 in Shanghai is 02:30 UTC. */
const mondayAt = (hhmm: string) => new Date(`2026-11-30T${hhmm}:00+08:00`);

const rules = (overrides: Partial<DutyRules> = {}): DutyRules => ({
  memberIds: ['a', 'b'],
  shifts: [],
  dailyCap: null,
  backupMemberIds: ['z'],
  enabled: true,
  ...overrides,
});

describe('who a channel code rings', () => {
  it('reads Shanghai time whatever the UTC date', () => {
    expect(shanghaiTime(new Date('2026-11-29T17:30:00Z'))).toEqual({
      weekday: 1,
      minutes: 90,
      dayStart: new Date('2026-11-29T16:00:00Z'),
    });
  });

  it('rings the shift covering now, else the default members; overnight shifts belong to the day they began', () => {
    const shifts = [
      { weekdays: [1], from: '09:00', to: '18:00', memberIds: ['day'] },
      { weekdays: [7], from: '22:00', to: '06:00', memberIds: ['night'] },
    ];
    expect(onDutyNow(rules({ shifts }), mondayAt('10:30'), new Map())).toEqual(['day']);
    expect(onDutyNow(rules({ shifts }), mondayAt('18:00'), new Map())).toEqual(['a', 'b']);
    // Sunday's night shift runs into Monday morning.
    expect(onDutyNow(rules({ shifts }), mondayAt('05:59'), new Map())).toEqual(['night']);
    expect(onDutyNow(rules({ shifts }), mondayAt('22:30'), new Map())).toEqual(['a', 'b']);
  });

  it('drops members at the daily cap, then rings the backups, or the full roster without backups', () => {
    const now = mondayAt('10:30');
    expect(onDutyNow(rules({ dailyCap: 3 }), now, new Map([['a', 3]]))).toEqual(['b']);
    const full = new Map([
      ['a', 3],
      ['b', 4],
    ]);
    expect(onDutyNow(rules({ dailyCap: 3 }), now, full)).toEqual(['z']);
    expect(onDutyNow(rules({ dailyCap: 3, backupMemberIds: [] }), now, full)).toEqual(['a', 'b']);
  });

  it('a disabled code rings its backups', () => {
    expect(onDutyNow(rules({ enabled: false }), mondayAt('10:30'), new Map())).toEqual(['z']);
  });
});

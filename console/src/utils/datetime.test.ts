import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  shanghaiDay,
  shanghaiDayEndIso,
  shanghaiDayStartIso,
  shanghaiWallClockToIso,
  splitDuration,
} from './datetime';

describe('formatDateTime', () => {
  it('shows a UTC instant in China time', () => {
    expect(formatDateTime('2025-01-31T16:30:00.000Z')).toBe('2025-02-01 00:30:00');
  });

  it('shows a placeholder for missing or invalid values', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });
});

describe('shanghaiWallClockToIso', () => {
  it('reads a picked time as China time, with its offset', () => {
    expect(shanghaiWallClockToIso('2025-02-01 00:00:00')).toBe('2025-02-01T00:00:00+08:00');
  });
});

describe('splitDuration', () => {
  it('splits seconds into days, hours and minutes', () => {
    expect(splitDuration(90_061)).toEqual({ d: 1, h: 1, m: 1 });
  });
});

describe('China calendar days', () => {
  it('turns a picked day into its first and last instant in China time', () => {
    expect(shanghaiDayStartIso('2025-02-01')).toBe('2025-02-01T00:00:00.000+08:00');
    expect(shanghaiDayEndIso('2025-02-01')).toBe('2025-02-01T23:59:59.999+08:00');
  });

  it('counts days back from the China date, not the browser date', () => {
    // 17:00 UTC is already the next morning in Shanghai.
    const now = new Date('2025-01-31T17:00:00.000Z');
    expect(shanghaiDay(0, now)).toBe('2025-02-01');
    expect(shanghaiDay(29, now)).toBe('2025-01-03');
  });
});

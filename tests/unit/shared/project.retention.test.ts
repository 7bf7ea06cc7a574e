import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backupName, backupTime, backupsToDelete } from '../../../shared/project/retention';

const HOUR = 3_600_000;
const now = Date.parse('2026-11-25T12:00:00Z');

describe('backup retention', () => {
  it('keeps the last 20 saves', () => {
    const times = Array.from({ length: 25 }, (_, i) => now - i * 1000);
    // all within one hour and one day: the 20 newest stay
    expect(backupsToDelete(times, now).sort((a, b) => b - a)).toEqual(times.slice(20));
  });

  it('keeps the newest of every hour of the last day and of every day of the last month', () => {
    const times = [...Array.from({ length: 40 }, (_, i) => now - i * 60_000), now - 5 * HOUR - 60_000, now - 5 * HOUR - 120_000, now - 3 * 24 * HOUR, now - 3 * 24 * HOUR - HOUR, now - 40 * 24 * HOUR];
    const deleted = new Set(backupsToDelete(times, now));
    expect(deleted.has(now - 5 * HOUR - 60_000)).toBe(false); // newest of its hour
    expect(deleted.has(now - 5 * HOUR - 120_000)).toBe(true);
    expect(deleted.has(now - 3 * 24 * HOUR)).toBe(false); // newest of its day
    expect(deleted.has(now - 3 * 24 * HOUR - HOUR)).toBe(true);
    expect(deleted.has(now - 40 * 24 * HOUR)).toBe(true); // older than a month
    expect(deleted.has(now)).toBe(false);
  });

  it('never deletes the newest backup and never keeps fewer than min(20, n)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: now - 60 * 24 * HOUR, max: now }), { maxLength: 80 }), (times) => {
        const deleted = backupsToDelete(times, now);
        if (times.length) expect(deleted).not.toContain(Math.max(...times));
        expect(times.length - deleted.length).toBeGreaterThanOrEqual(Math.min(20, times.length));
      }),
      { numRuns: 200 },
    );
  });

  it('names backups by time and reads the time back', () => {
    const t = Date.parse('2026-11-25T10:33:01.123Z');
    expect(backupName(t)).toBe('2026-11-25T10-33-01-123Z.segue');
    expect(backupTime(backupName(t))).toBe(t);
    expect(backupTime('evil/../x.segue')).toBeNull();
  });
});

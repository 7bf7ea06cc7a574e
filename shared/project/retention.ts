// Which backups of a project to keep: the last 20 saves, plus the newest of each hour of
// the last day and the newest of each day of the last month. Pure, so it is tested on
// made-up clocks.
export const KEEP_LAST = 20;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The times (ms) to delete among `times`, given the clock `now`. */
export function backupsToDelete(times: readonly number[], now: number, keepLast = KEEP_LAST): number[] {
  const newestFirst = [...times].sort((a, b) => b - a);
  const keep = new Set(newestFirst.slice(0, keepLast));
  const seenHour = new Set<number>();
  const seenDay = new Set<number>();
  for (const t of newestFirst) {
    const age = now - t;
    const hour = Math.floor(t / HOUR);
    const day = Math.floor(t / DAY);
    if (age <= DAY && !seenHour.has(hour)) {
      seenHour.add(hour);
      keep.add(t);
    }
    if (age <= 30 * DAY && !seenDay.has(day)) {
      seenDay.add(day);
      keep.add(t);
    }
  }
  return newestFirst.filter((t) => !keep.has(t));
}

/** A file name for a backup taken at `time` that sorts by time: 2026-11-25T10-33-01-123Z.segue */
export const backupName = (time: number): string => `${new Date(time).toISOString().replace(/[:.]/g, '-')}.segue`;

/** The time a backup file name stands for, or null. */
export function backupTime(name: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.segue$/.exec(name);
  if (!m) return null;
  const t = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  return Number.isFinite(t) ? t : null;
}

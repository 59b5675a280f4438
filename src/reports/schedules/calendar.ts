/**
 * Calendar maths of schedules, in the schedule's own time zone:
 *  - a run is due at RUN_HOUR local time on Monday (weekly) or on the 1st (monthly),
 *    late enough that the previous day's numbers have been synced;
 *  - each run covers the last full period before the day it runs:
 *    Monday–Sunday of the week before, or the whole previous calendar month.
 */
import { addDays, todayIn } from '../../analytics/period.js';

export type Frequency = 'weekly' | 'monthly';
export const FREQUENCIES: readonly Frequency[] = ['weekly', 'monthly'];
export const RUN_HOUR = 6;

/** Offset of `tz` from UTC at `instant`, in milliseconds (positive east of Greenwich). */
function zoneOffsetMs(instant: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a local wall-clock time happens in `tz` (a time skipped by DST moves forward by the gap). */
export function zonedInstant(day: string, hour: number, tz: string): Date {
  const wall = Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
  let guess = wall - zoneOffsetMs(wall, tz);
  guess = wall - zoneOffsetMs(guess, tz);
  return new Date(guess);
}

function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
}

function firstOfNextMonth(day: string): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/** The first run strictly after `now`. */
export function nextRunAfter(frequency: Frequency, tz: string, now: Date): Date {
  let day = todayIn(tz, now);
  for (let i = 0; i < 400; i++) {
    const candidate = frequency === 'weekly' ? weekday(day) === 1 : day.endsWith('-01');
    if (candidate) {
      const at = zonedInstant(day, RUN_HOUR, tz);
      if (at.getTime() > now.getTime()) return at;
    }
    day = frequency === 'monthly' && !candidate ? firstOfNextMonth(day) : addDays(day, 1);
  }
  throw new Error(`no ${frequency} run found after ${now.toISOString()} in ${tz}`);
}

/** The last full week (Monday–Sunday) or calendar month before the local day of `now`. */
export function lastFullPeriod(frequency: Frequency, tz: string, now: Date): { from: string; to: string } {
  const today = todayIn(tz, now);
  if (frequency === 'weekly') {
    const thisMonday = addDays(today, -((weekday(today) + 6) % 7));
    return { from: addDays(thisMonday, -7), to: addDays(thisMonday, -1) };
  }
  const firstOfThisMonth = `${today.slice(0, 7)}-01`;
  const lastOfPrevious = addDays(firstOfThisMonth, -1);
  return { from: `${lastOfPrevious.slice(0, 7)}-01`, to: lastOfPrevious };
}

/**
 * The resolver of `range=all` the analytics routes and the export pass to
 * resolvePeriod: the user's earliest day with data in the asked zone, read
 * from that zone's rollups (built first if the zone is new, as every view does).
 */
import type { EarliestDay } from '../analytics/period.js';
import type { Db } from '../db/client.js';
import { earliestDataDay } from '../db/repositories/earliest-day.js';
import { ensureZone } from '../db/repositories/zones.js';

export function earliestDayOf(db: Db, userId: number, ownTz: string): EarliestDay {
  return async (tz) => {
    await ensureZone(db, userId, tz, ownTz);
    return earliestDataDay(db, userId, tz);
  };
}

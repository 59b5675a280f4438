/**
 * Time helpers shared by connectors. YouTube quota and the Pacific-day
 * buckets of YouTube Analytics and Instagram insights follow
 * America/Los_Angeles, so both DST offsets must be handled.
 */

export const PACIFIC = 'America/Los_Angeles';
export const DAY_MS = 86_400_000;

/** Offset of `zone` from UTC at `instant`, in milliseconds (PDT = -7 h). */
export function zoneOffsetMs(instant: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** Calendar date (YYYY-MM-DD) of `instant` in `zone`. */
export function dateInZone(instant: Date, zone: string): string {
  return new Date(instant.getTime() + zoneOffsetMs(instant, zone)).toISOString().slice(0, 10);
}

/** The UTC instant at which calendar day `day` (YYYY-MM-DD) starts in `zone`. */
export function startOfDayInZone(day: string, zone: string): Date {
  const guess = Date.parse(`${day}T00:00:00Z`);
  // Two passes: the offset at the guess may differ from the offset at the answer across a DST change.
  let instant = guess - zoneOffsetMs(new Date(guess), zone);
  instant = guess - zoneOffsetMs(new Date(instant), zone);
  return new Date(instant);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** YouTube Data API quota resets at midnight Pacific. */
export function nextMidnightPacific(now: Date): Date {
  return startOfDayInZone(addDays(dateInZone(now, PACIFIC), 1), PACIFIC);
}

export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/**
 * Which UTC days an ingest changed, for the live `data.updated` event.
 *
 * Ingestion rebuilds each zone's rollups of the account from a first local day
 * on, to the last day the account has data for. The same span in UTC days:
 * from the earliest instant any rebuilt zone starts (never before the account's
 * first data) to the account's latest data. Reported daily values carry the
 * platform's own day and count as that UTC day. A page that shows any of
 * these days refetches; a day outside them kept its figures.
 */
import type { Queryable } from '../client.js';

export async function changedUtcDays(
  tx: Queryable,
  userId: number,
  accountId: number,
  ownTz: string,
  rebuilt: { tz: string; fromDay: string }[],
): Promise<string[]> {
  if (rebuilt.length === 0) return [];
  const rows = await tx.query<{ day: string }>(
    `WITH starts AS (
       SELECT min(z.day::date::timestamp AT TIME ZONE z.tz) AS from_at FROM unnest($3::text[], $4::text[]) AS z(tz, day)
     ), span AS (
       -- post_daily's first and last day as ORDER BY … LIMIT 1, one index probe each (as rollups.ts rebuildUserMetrics).
       SELECT least(
           (SELECT min(observed_at) FROM account_snapshots WHERE user_id = $1 AND account_id = $2),
           (SELECT min(day)::timestamp AT TIME ZONE 'UTC' FROM account_daily_reported WHERE user_id = $1 AND account_id = $2),
           (SELECT min(published_at) FROM platform_posts WHERE user_id = $1 AND account_id = $2),
           (SELECT day::timestamp AT TIME ZONE $5 FROM post_daily WHERE user_id = $1 AND tz = $5 AND account_id = $2 ORDER BY day LIMIT 1)) AS first_at,
         greatest(
           (SELECT max(observed_at) FROM account_snapshots WHERE user_id = $1 AND account_id = $2),
           (SELECT max(day)::timestamp AT TIME ZONE 'UTC' FROM account_daily_reported WHERE user_id = $1 AND account_id = $2),
           (SELECT max(published_at) FROM platform_posts WHERE user_id = $1 AND account_id = $2),
           -- The last instant of the last local day.
           (SELECT (day + 1)::timestamp AT TIME ZONE $5 - interval '1 microsecond' FROM post_daily WHERE user_id = $1 AND tz = $5 AND account_id = $2 ORDER BY day DESC LIMIT 1)) AS last_at
     )
     SELECT to_char(d, 'YYYY-MM-DD') AS day
     FROM starts, span,
          generate_series((greatest(starts.from_at, span.first_at) AT TIME ZONE 'UTC')::date::timestamp,
                          (span.last_at AT TIME ZONE 'UTC')::date::timestamp, interval '1 day') AS d
     ORDER BY d`,
    [userId, accountId, rebuilt.map((r) => r.tz), rebuilt.map((r) => r.fromDay), ownTz],
  );
  return rows.map((r) => r.day);
}

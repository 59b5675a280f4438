/** Reads for the analytics API. Every query is scoped by user_id and by the rollup zone. */
import type { Queryable } from '../client.js';
import { packedRowsSql, unpackRows, type PackedColumn } from '../packed-rows.js';
import type { Platform } from '../../analytics/catalog.js';
import type { Period } from '../../analytics/period.js';

export interface DayRow {
  account_id: number;
  platform: Platform;
  day: string;
  views: number | null;
  likes: number | null;
  shares: number | null;
  comments: number | null;
  saves: number | null;
  clicks: number | null;
  impressions: number | null;
  watch_time_minutes: number | null;
  dislikes: number | null;
  impression_clicks: number | null;
  followers: number | null;
  /** The day has a follower value of its own: a snapshot taken that day, or a reconstructed value. */
  followers_observed: boolean;
  /** Followers walked back from the first snapshot with the platform's daily gains and losses. */
  followers_reconstructed: boolean;
  followers_gained: number | null;
  followers_lost: number | null;
  reach: number | null;
  profile_views: number | null;
  posts_published: number;
  estimated: boolean;
}

/** DayRow's fields as packed-rows.ts columns, in DayRow's order (the one list of their kinds: window-sums.ts picks from it). */
export const DAY_ROW_COLUMNS: readonly PackedColumn[] = [
  { name: 'account_id', kind: 'number' },
  { name: 'platform', kind: 'word' },
  { name: 'day', kind: 'word' },
  ...(['views', 'likes', 'shares', 'comments', 'saves', 'clicks', 'impressions', 'watch_time_minutes', 'dislikes', 'impression_clicks', 'followers'] as const).map(
    (name) => ({ name, kind: 'number' as const }),
  ),
  { name: 'followers_observed', kind: 'boolean' },
  { name: 'followers_reconstructed', kind: 'boolean' },
  ...(['followers_gained', 'followers_lost', 'reach', 'profile_views', 'posts_published'] as const).map((name) => ({ name, kind: 'number' as const })),
  { name: 'estimated', kind: 'boolean' },
];

/** The account-day rows of the window, oldest first (packed into one text: packed-rows.ts says why). */
export async function dayRows(db: Queryable, userId: number, p: Period): Promise<DayRow[]> {
  const [row] = await db.query<{ rows: string | null }>(
    `SELECT ${packedRowsSql(DAY_ROW_COLUMNS, 'day, account_id')} AS rows
     FROM user_metrics
     WHERE user_id = $1 AND tz = $2 AND day BETWEEN $3 AND $4 AND platform = ANY($5::text[])`,
    [userId, p.tz, p.from, p.to, p.platforms],
  );
  return unpackRows<DayRow>(row?.rows ?? null, DAY_ROW_COLUMNS);
}

export interface AccountBaseline {
  account_id: number;
  platform: Platform;
  handle: string | null;
  last_synced_at: Date | null;
  /** Followers at the end of the day before the window (null if not known). */
  followers_before: number | null;
  followers_before_reconstructed: boolean;
}

/**
 * The SELECT of accountBaselines, for queries that read the baselines beside
 * other figures: $1 the user, $2 the zone, $3 the window's first day, the
 * platforms in the parameter `platforms` (such as '$4').
 */
export function accountBaselinesSql(platforms: string): string {
  return `SELECT a.id AS account_id, a.platform, a.handle, a.last_synced_at,
       b.followers AS followers_before, coalesce(b.followers_reconstructed, false) AS followers_before_reconstructed
     FROM platform_accounts a
     LEFT JOIN LATERAL (SELECT m.followers, m.followers_reconstructed FROM user_metrics m
         WHERE m.user_id = $1 AND m.tz = $2 AND m.account_id = a.id AND m.day < $3 AND m.followers IS NOT NULL
         ORDER BY m.day DESC LIMIT 1) b ON true
     WHERE a.user_id = $1 AND a.platform = ANY(${platforms}::text[])`;
}

export async function accountBaselines(db: Queryable, userId: number, p: Period): Promise<AccountBaseline[]> {
  return db.query<AccountBaseline>(`${accountBaselinesSql('$4')} ORDER BY a.id`, [userId, p.tz, p.from, p.platforms]);
}

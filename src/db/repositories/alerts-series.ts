/**
 * What alert detection reads: recent daily series per account and per post,
 * and the early view curves of each account's recent posts, from the daily
 * rollups in the user's zone. Bounded by days (and posts per account), never
 * by the size of the whole history, so detection costs the same for a user
 * with a month of data and one with nine years.
 */
import { engagementSql, type Platform } from '../../analytics/catalog.js';
import type { Queryable } from '../client.js';

export interface AccountDayRow {
  account_id: number;
  platform: Platform;
  day: string;
  views: number | null;
  engagement: number | null;
  followers: number | null;
  /** A follower snapshot was taken this day (not carried forward, not reconstructed). */
  followers_observed: boolean;
  /** Part of the day's activity is a post's lifetime before it was first seen: not one day's activity. */
  estimated: boolean;
}

/** Every connected account's days from `fromDay` on. */
export async function accountDays(db: Queryable, userId: number, tz: string, fromDay: string): Promise<AccountDayRow[]> {
  return db.query<AccountDayRow>(
    `SELECT m.account_id, m.platform, m.day::text AS day, m.views, ${engagementSql('m')} AS engagement, m.followers, m.followers_observed, m.estimated
     FROM platform_accounts a JOIN user_metrics m ON m.user_id = a.user_id AND m.tz = $2 AND m.account_id = a.id AND m.day >= $3::date
     WHERE a.user_id = $1 AND a.disconnected_at IS NULL
     ORDER BY m.account_id, m.day`,
    [userId, tz, fromDay],
  );
}

export interface PostDayRow {
  post_id: number;
  account_id: number;
  platform: Platform;
  day: string;
  views: number | null;
  engagement: number | null;
  /** The day carries the lifetime before the post was first seen: not one day's activity. */
  estimated: boolean;
}

/** Days from `fromDay` on of the posts with activity on or after `activeFrom` (connected accounts). */
export async function postDays(db: Queryable, userId: number, tz: string, fromDay: string, activeFrom: string): Promise<PostDayRow[]> {
  return db.query<PostDayRow>(
    `WITH active AS (
       SELECT DISTINCT d.post_id FROM platform_accounts a
       JOIN post_daily d ON d.user_id = a.user_id AND d.tz = $2 AND d.account_id = a.id AND d.day >= $4::date
       WHERE a.user_id = $1 AND a.disconnected_at IS NULL
     )
     SELECT d.post_id, d.account_id, p.platform, d.day::text AS day, d.views, ${engagementSql('d')} AS engagement, d.estimated
     FROM active x
     JOIN post_daily d ON d.user_id = $1 AND d.tz = $2 AND d.post_id = x.post_id AND d.day >= $3::date
     JOIN platform_posts p ON p.user_id = $1 AND p.id = d.post_id
     ORDER BY d.post_id, d.day`,
    [userId, tz, fromDay, activeFrom],
  );
}

export interface CurveRow {
  post_id: number;
  account_id: number;
  platform: Platform;
  publish_day: string;
  /** Days from publishing to the first views snapshot: views at younger ages are not known. */
  first_seen_age: number;
  age: number;
  views: number | null;
}

/**
 * Views per day of age 0..maxAge (age = days after the publish day, in `tz`)
 * of each connected account's `perAccount` most recently published posts.
 */
export async function earlyCurves(db: Queryable, userId: number, tz: string, maxAge: number, perAccount: number): Promise<CurveRow[]> {
  return db.query<CurveRow>(
    `WITH ranked AS (
       SELECT p.id, p.account_id, p.platform, (p.published_at AT TIME ZONE $2)::date AS publish_day,
              row_number() OVER (PARTITION BY p.account_id ORDER BY p.published_at DESC, p.id DESC) AS rn
       FROM platform_posts p JOIN platform_accounts a ON a.user_id = p.user_id AND a.id = p.account_id AND a.disconnected_at IS NULL
       WHERE p.user_id = $1
     ), recent AS (
       -- When its views were first read (not first_seen_at, the row's insert time, which a bulk import makes "now" for all).
       SELECT r.*, (seen.at AT TIME ZONE $2)::date AS seen_day
       FROM ranked r
       CROSS JOIN LATERAL (SELECT min(s.observed_at) AS at FROM post_snapshots s WHERE s.user_id = $1 AND s.post_id = r.id AND s.metric = 'views') seen
       WHERE r.rn <= $4
     )
     SELECT r.id AS post_id, r.account_id, r.platform, r.publish_day::text AS publish_day,
            greatest(r.seen_day - r.publish_day, 0) AS first_seen_age, d.day - r.publish_day AS age, d.views
     FROM recent r
     -- Per post, through the primary key: its first days only, however long its history.
     CROSS JOIN LATERAL (
       SELECT d.day, d.views FROM post_daily d
       WHERE d.user_id = $1 AND d.tz = $2 AND d.post_id = r.id AND d.day >= r.publish_day AND d.day <= r.publish_day + $3::int) d
     WHERE r.seen_day IS NOT NULL
     ORDER BY r.id, d.day`,
    [userId, tz, maxAge, perAccount],
  );
}

/** The platform and content of posts, for the alerts found on them. */
export async function postRefs(
  db: Queryable,
  userId: number,
  postIds: number[],
): Promise<Map<number, { platform: Platform; contentId: number; contentPublicId: string; accountId: number }>> {
  if (postIds.length === 0) return new Map();
  const rows = await db.query<{ id: number; platform: Platform; content_id: number; content_public_id: string; account_id: number }>(
    `SELECT p.id, p.platform, p.content_id, c.public_id::text AS content_public_id, p.account_id
       FROM platform_posts p JOIN content_items c ON c.id = p.content_id
      WHERE p.user_id = $1 AND p.id = ANY($2::bigint[])`,
    [userId, postIds],
  );
  return new Map(rows.map((r) => [r.id, { platform: r.platform, contentId: r.content_id, contentPublicId: r.content_public_id, accountId: r.account_id }]));
}

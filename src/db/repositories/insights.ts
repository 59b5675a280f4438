/**
 * Reads and writes of the insight kinds (src/insights/): each post scored at
 * a fixed age, and the platform_insights records a refresh replaces.
 */
import type { Platform } from '../../analytics/catalog.js';
import type { Db, Queryable } from '../client.js';

/** One post with its views and engagement at (about) a fixed age, its local slot and its traits. */
export interface PostAtAge {
  post_id: number;
  content_id: number;
  account_id: number;
  platform: Platform;
  published_at: Date;
  /** ISO weekday 1 = Monday … 7 and hour 0–23 of publication, in the zone asked for. */
  local_dow: number;
  local_hour: number;
  media_type: string | null;
  duration_seconds: number | null;
  caption_length: number;
  hashtags: string[];
  caption: string;
  /** Age of the snapshot used, in days (near the asked age). */
  age_days: number;
  views: number;
  /** likes + comments + shares + saves at the same instant (the catalog's rule); null when none was read. */
  engagement: number | null;
}

const ENGAGEMENT_PARTS = ['likes', 'comments', 'shares', 'saves'];

/**
 * Every post of the user old enough to have been seen at `ageDays`, with the
 * views snapshot nearest to that age — taken only between half and twice the
 * age, so posts are compared at the same point of their life (a post first
 * read a year after publication is left out, not compared by its lifetime).
 * Two index probes per post on the snapshot key (user, post, metric, time).
 */
export async function postsAtAge(db: Queryable, userId: number, tz: string, ageDays: number, now: Date): Promise<PostAtAge[]> {
  return db.query<PostAtAge>(
    `SELECT p.id AS post_id, p.content_id, p.account_id, p.platform, p.published_at,
            extract(isodow FROM p.published_at AT TIME ZONE $2)::int AS local_dow,
            extract(hour FROM p.published_at AT TIME ZONE $2)::int AS local_hour,
            p.media_type, p.duration_seconds, length(coalesce(p.caption, '')) AS caption_length, p.hashtags,
            coalesce(p.caption, p.title, '') AS caption,
            extract(epoch FROM s.observed_at - p.published_at)::float8 / 86400 AS age_days,
            s.value AS views,
            (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE sum(e.value) END FROM post_snapshots e
              WHERE e.user_id = p.user_id AND e.post_id = p.id AND e.metric = ANY($5::text[]) AND e.observed_at = s.observed_at) AS engagement
     FROM platform_posts p
     CROSS JOIN LATERAL (
       SELECT c.observed_at, c.value FROM (
         (SELECT b.observed_at, b.value FROM post_snapshots b
           WHERE b.user_id = p.user_id AND b.post_id = p.id AND b.metric = 'views'
             AND b.observed_at <= p.published_at + make_interval(secs => $3 * 86400)
             AND b.observed_at >= p.published_at + make_interval(secs => $3 * 43200)
           ORDER BY b.observed_at DESC LIMIT 1)
         UNION ALL
         (SELECT a.observed_at, a.value FROM post_snapshots a
           WHERE a.user_id = p.user_id AND a.post_id = p.id AND a.metric = 'views'
             AND a.observed_at > p.published_at + make_interval(secs => $3 * 86400)
             AND a.observed_at <= p.published_at + make_interval(secs => $3 * 172800)
           ORDER BY a.observed_at ASC LIMIT 1)
       ) c
       ORDER BY abs(extract(epoch FROM c.observed_at - (p.published_at + make_interval(secs => $3 * 86400)))) LIMIT 1
     ) s
     WHERE p.user_id = $1 AND p.published_at <= $4::timestamptz - make_interval(secs => $3 * 86400)
     ORDER BY p.id`,
    [userId, tz, ageDays, now, ENGAGEMENT_PARTS],
  );
}

/** Platforms the user has a connected account on (a kind says "not enough data" for these, and nothing for others). */
export async function connectedPlatforms(db: Queryable, userId: number): Promise<Platform[]> {
  const rows = await db.query<{ platform: Platform }>(
    'SELECT DISTINCT platform FROM platform_accounts WHERE user_id = $1 AND disconnected_at IS NULL ORDER BY platform',
    [userId],
  );
  return rows.map((r) => r.platform);
}

/** T: the names of the insight types (src/insights/types.ts), which sit above this layer. */
export interface NewInsight<T extends string = string> {
  platform: Platform | null;
  insight_type: T;
  insight_data: unknown;
  summary: string;
  confidence_score: number;
  sample_size: number;
  valid_until: Date;
}

export interface InsightRow<T extends string = string> extends NewInsight<T> {
  id: number;
  generated_at: Date;
}

/**
 * Replaces all of the user's insight records with `rows`, in one transaction:
 * a reader sees the previous run or this one, never half of each.
 */
export async function replaceInsights(db: Db, userId: number, rows: NewInsight[], generatedAt: Date): Promise<void> {
  await db.transaction(async (tx) => {
    // Two refreshes of one user (two workers) queue here instead of interleaving their rows.
    await tx.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
    await tx.query('DELETE FROM platform_insights WHERE user_id = $1', [userId]);
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO platform_insights (user_id, platform, insight_type, insight_data, summary, confidence_score, sample_size, generated_at, valid_until)
       SELECT $1, r.platform, r.insight_type, r.insight_data, r.summary, r.confidence_score, r.sample_size, $2, r.valid_until
       FROM jsonb_to_recordset($3::jsonb) AS r(platform text, insight_type text, insight_data jsonb, summary text,
            confidence_score float8, sample_size int, valid_until timestamptz)`,
      [userId, generatedAt, JSON.stringify(rows)],
    );
  });
}

export interface InsightFilter<T extends string> {
  types: readonly T[];
  platforms: readonly Platform[];
  /**
   * Records whose validity window [generated_at, valid_until) overlaps the
   * days from..to (YYYY-MM-DD, inclusive) in the zone tz.
   */
  from: string;
  to: string;
  tz: string;
  /** Also cross-platform records (platform null). */
  crossPlatform: boolean;
}

/** The user's insight records matching the filter, by type, then platform (cross-platform last), then id. */
export async function listInsights<T extends string>(db: Queryable, userId: number, f: InsightFilter<T>): Promise<InsightRow<T>[]> {
  return db.query<InsightRow<T>>(
    `SELECT id, platform, insight_type, insight_data, summary, confidence_score, sample_size, generated_at, valid_until
     FROM platform_insights
     WHERE user_id = $1 AND insight_type = ANY($2::text[])
       AND (platform = ANY($3::text[]) OR ($7 AND platform IS NULL))
       AND generated_at < (($5::date + 1)::timestamp AT TIME ZONE $6)
       AND valid_until > ($4::date::timestamp AT TIME ZONE $6)
     ORDER BY insight_type, platform NULLS LAST, id`,
    [userId, f.types, f.platforms, f.from, f.to, f.tz, f.crossPlatform],
  );
}

/** The user's records still valid at `now` (dashboard quick insights, report section). */
export async function currentInsights(db: Queryable, userId: number, now: Date): Promise<InsightRow[]> {
  return db.query<InsightRow>(
    `SELECT id, platform, insight_type, insight_data, summary, confidence_score, sample_size, generated_at, valid_until
     FROM platform_insights WHERE user_id = $1 AND valid_until > $2
     ORDER BY insight_type, confidence_score DESC, platform NULLS LAST, id`,
    [userId, now],
  );
}

/** Publication time, hashtags and caption of every post of the user: how often each tag is used, recently and before. */
export async function postTexts(db: Queryable, userId: number): Promise<{ published_at: Date; hashtags: string[]; caption: string }[]> {
  return db.query(
    `SELECT published_at, hashtags, coalesce(caption, title, '') AS caption FROM platform_posts WHERE user_id = $1 ORDER BY id`,
    [userId],
  );
}

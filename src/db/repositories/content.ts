/**
 * Content performance reads: the latest lifetime values of content published
 * in the window ("content published in the period" view of design.md).
 */
import type { Queryable } from '../client.js';
import type { Platform } from '../../analytics/catalog.js';
import { addDays, type Period } from '../../analytics/period.js';

export const SORTABLE = [
  'published_at', 'views', 'likes', 'shares', 'comments', 'saves', 'clicks', 'reach', 'impressions',
  'engagement', 'engagement_rate', 'performance_score',
] as const;
export type SortKey = (typeof SORTABLE)[number];

export interface ContentRow {
  post_id: number;
  content_id: number;
  title: string | null;
  platform: Platform;
  platform_post_id: string;
  url: string | null;
  media_type: string | null;
  published_at: Date;
  views: number | null;
  likes: number | null;
  shares: number | null;
  comments: number | null;
  saves: number | null;
  clicks: number | null;
  reach: number | null;
  impressions: number | null;
  watch_time_minutes: number | null;
  dislikes: number | null;
  impression_clicks: number | null;
  engagement: number | null;
  engagement_rate: number | null;
  performance_score: number | null;
  last_updated_at: Date | null;
}

const COLUMNS = `p.id AS post_id, p.content_id, coalesce(p.title, left(p.caption, 120)) AS title, p.platform, p.platform_post_id, p.url,
  p.media_type, p.published_at, c.views, c.likes, c.shares, c.comments, c.saves, c.clicks, c.reach, c.impressions,
  c.watch_time_minutes, c.dislikes, c.impression_clicks, c.engagement, c.engagement_rate, c.performance_score, c.last_updated_at`;

/** "Published from the day in parameter `from` to $3, on these platforms"; $1 user, $4 zone, $5 platforms. */
const publishedFrom = (from: string) => `p.user_id = $1 AND p.published_at >= (${from}::date::timestamp AT TIME ZONE $4)
  AND p.published_at < (($3::date + 1)::timestamp AT TIME ZONE $4) AND p.platform = ANY($5::text[])`;

/** WHERE clause for "published in the window, on these platforms"; params $1..$5. */
export const IN_WINDOW = publishedFrom('$2');

export interface Cursor {
  value: number | string | null;
  id: number;
}

export interface PageOptions {
  sort: SortKey;
  order: 'asc' | 'desc';
  limit: number;
  cursor: Cursor | null;
}

/**
 * One page of content, keyset-paginated on (sort value, post id). Nulls sort
 * last in both directions, so a page boundary inside the nulls still works.
 */
export async function contentPage(db: Queryable, userId: number, p: Period, page: PageOptions): Promise<ContentRow[]> {
  const col = page.sort === 'published_at' ? 'p.published_at' : `c.${page.sort}`;
  const cmp = page.order === 'desc' ? '<' : '>';
  const dir = page.order === 'desc' ? 'DESC' : 'ASC';
  const params: unknown[] = [userId, p.from, p.to, p.tz, p.platforms, page.limit + 1];
  let after = '';
  if (page.cursor) {
    params.push(page.cursor.value, page.cursor.id);
    const typed = page.sort === 'published_at' ? '$7::timestamptz' : '$7::float8';
    after =
      page.cursor.value === null
        ? `AND ${col} IS NULL AND p.id ${cmp} $8`
        : `AND (${col} ${cmp} ${typed} OR (${col} = ${typed} AND p.id ${cmp} $8) OR ${col} IS NULL)`;
  }
  return db.query<ContentRow>(
    `SELECT ${COLUMNS} FROM platform_posts p
     LEFT JOIN content_performance c ON c.user_id = p.user_id AND c.post_id = p.id
     WHERE ${IN_WINDOW} ${after}
     ORDER BY ${col} ${dir} NULLS LAST, p.id ${dir}
     LIMIT $6`,
    params,
  );
}

export interface ContentTotalsRow {
  platform: Platform;
  posts: number;
  views: number | null;
  likes: number | null;
  shares: number | null;
  comments: number | null;
  saves: number | null;
  clicks: number | null;
  impressions: number | null;
  watch_time_minutes: number | null;
  engagement: number | null;
}

/** Lifetime totals of the content published in the window, per platform. */
export async function contentTotalsByPlatform(db: Queryable, userId: number, p: Period): Promise<ContentTotalsRow[]> {
  return db.query<ContentTotalsRow>(
    `SELECT p.platform, count(*)::int AS posts, sum(c.views) AS views, sum(c.likes) AS likes, sum(c.shares) AS shares,
            sum(c.comments) AS comments, sum(c.saves) AS saves, sum(c.clicks) AS clicks, sum(c.impressions) AS impressions,
            sum(c.watch_time_minutes) AS watch_time_minutes, sum(c.engagement) AS engagement
     FROM platform_posts p LEFT JOIN content_performance c ON c.user_id = p.user_id AND c.post_id = p.id
     WHERE ${IN_WINDOW}
     GROUP BY p.platform ORDER BY p.platform`,
    [userId, p.from, p.to, p.tz, p.platforms],
  );
}

/** Lifetime totals of content published in the window, per media type (format effectiveness). */
export async function contentTotalsByMediaType(db: Queryable, userId: number, p: Period): Promise<(ContentTotalsRow & { media_type: string | null })[]> {
  return db.query(
    `SELECT p.platform, coalesce(p.media_type, 'other') AS media_type, count(*)::int AS posts, sum(c.views) AS views,
            sum(c.likes) AS likes, sum(c.shares) AS shares, sum(c.comments) AS comments, sum(c.saves) AS saves,
            sum(c.clicks) AS clicks, sum(c.impressions) AS impressions, sum(c.watch_time_minutes) AS watch_time_minutes,
            sum(c.engagement) AS engagement
     FROM platform_posts p LEFT JOIN content_performance c ON c.user_id = p.user_id AND c.post_id = p.id
     WHERE ${IN_WINDOW}
     GROUP BY p.platform, coalesce(p.media_type, 'other') ORDER BY 1, 2`,
    [userId, p.from, p.to, p.tz, p.platforms],
  );
}

export async function contentItem(db: Queryable, userId: number, contentId: number): Promise<{ id: number; title: string | null; created_at: Date } | null> {
  const [row] = await db.query<{ id: number; title: string | null; created_at: Date }>(
    'SELECT id, title, created_at FROM content_items WHERE user_id = $1 AND id = $2',
    [userId, contentId],
  );
  return row ?? null;
}

export async function postsOfContent(db: Queryable, userId: number, contentId: number): Promise<(ContentRow & { caption: string | null; hashtags: string[] })[]> {
  return db.query(
    `SELECT ${COLUMNS}, p.caption, p.hashtags FROM platform_posts p
     LEFT JOIN content_performance c ON c.user_id = p.user_id AND c.post_id = p.id
     WHERE p.user_id = $1 AND p.content_id = $2 ORDER BY p.published_at`,
    [userId, contentId],
  );
}

/**
 * The posts of several content items, each with its latest lifetime numbers,
 * in item order then oldest first; with a period, only those published in it
 * on its platforms.
 */
export async function postsOfContents(db: Queryable, userId: number, contentIds: number[], p: Period | null = null): Promise<ContentRow[]> {
  if (contentIds.length === 0) return [];
  const [where, params] = p === null
    ? ['p.user_id = $1 AND p.content_id = ANY($2::bigint[])', [userId, contentIds]]
    : [`${IN_WINDOW} AND p.content_id = ANY($6::bigint[])`, [userId, p.from, p.to, p.tz, p.platforms, contentIds]];
  return db.query<ContentRow>(
    `SELECT ${COLUMNS} FROM platform_posts p
     LEFT JOIN content_performance c ON c.user_id = p.user_id AND c.post_id = p.id
     WHERE ${where} ORDER BY p.content_id, p.published_at, p.id`,
    params,
  );
}

export async function postDailySeries(db: Queryable, userId: number, tz: string, postId: number): Promise<{ day: string; views: number | null; likes: number | null; shares: number | null; comments: number | null; saves: number | null; clicks: number | null; estimated: boolean }[]> {
  return db.query(
    `SELECT day::text AS day, views, likes, shares, comments, saves, clicks, estimated FROM post_daily
     WHERE user_id = $1 AND tz = $2 AND post_id = $3 ORDER BY day`,
    [userId, tz, postId],
  );
}

/** The user's median views and engagement rate per platform, over all their content. */
export async function platformMedians(db: Queryable, userId: number, platforms: string[]): Promise<{ platform: Platform; views: number | null; engagement_rate: number | null; posts: number }[]> {
  return db.query(
    `SELECT platform, percentile_cont(0.5) WITHIN GROUP (ORDER BY views) AS views,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY engagement_rate) AS engagement_rate, count(*)::int AS posts
     FROM content_performance WHERE user_id = $1 AND platform = ANY($2::text[]) GROUP BY platform`,
    [userId, platforms],
  );
}

/**
 * The median performance score (0–100) of the posts published in the window,
 * and of those published in the period just before it (the dashboard's
 * comparison); null where no post has a score. One pass over both, each median
 * over its own posts: one query instead of two, and on PGlite's one connection
 * every query of a dashboard waits for the others.
 */
export async function medianPerformanceScores(db: Queryable, userId: number, p: Period, before: Period): Promise<[number | null, number | null]> {
  if (addDays(before.to, 1) !== p.from) throw new Error(`medianPerformanceScores: ${before.from}..${before.to} does not end the day before ${p.from}`);
  const start = '($2::date::timestamp AT TIME ZONE $4)';
  const [row] = await db.query<{ median: number | null; previous: number | null }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY c.performance_score) FILTER (WHERE p.published_at >= ${start})::float8 AS median,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY c.performance_score) FILTER (WHERE p.published_at < ${start})::float8 AS previous
     FROM platform_posts p JOIN content_performance c ON c.user_id = p.user_id AND c.post_id = p.id
     -- From the first day of the previous period ($6) to the last of this one.
     WHERE ${publishedFrom('$6')} AND c.performance_score IS NOT NULL`,
    [userId, p.from, p.to, p.tz, p.platforms, before.from],
  );
  return [row?.median ?? null, row?.previous ?? null];
}

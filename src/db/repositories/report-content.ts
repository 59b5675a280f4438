/**
 * Content published in the window with the custom report's content filters
 * (media type, hashtags, minimum views, text search). The same "published in
 * the period" definition and columns as content.ts, plus the filters, which
 * the analytics API itself does not offer.
 */
import type { Queryable } from '../client.js';
import type { Period } from '../../analytics/period.js';
import type { ContentRow } from './content.js';

export interface ContentFilters {
  contentTypes: string[] | null;
  /** Lower-case, without '#'; a post matches when it has any of them. */
  hashtags: string[] | null;
  minViews: number | null;
  search: string | null;
}

/** post_id and content_id are the public ids (UUIDs): a report file shows only those, as the API does. */
export type FilteredContentRow = Omit<ContentRow, 'post_id' | 'content_id'> & { post_id: string; content_id: string; hashtags: string[] };

/** The public ids of a post and of its content item, and that item's key (to find a content item's public id). */
export interface PostPublicIds {
  post_id: string;
  content_id: string;
  content_key: number;
}

/**
 * The public ids of these posts of the user and of their content items, by
 * post key: for report rows that come from the analytics views, which keep
 * the keys (the API translates them at its edge; a report file has no edge).
 */
export async function postPublicIds(db: Queryable, userId: number, postIds: readonly number[]): Promise<Map<number, PostPublicIds>> {
  if (postIds.length === 0) return new Map();
  const rows = await db.query<PostPublicIds & { id: number }>(
    `SELECT p.id, p.public_id::text AS post_id, ci.public_id::text AS content_id, ci.id AS content_key
     FROM platform_posts p JOIN content_items ci ON ci.user_id = p.user_id AND ci.id = p.content_id
     WHERE p.user_id = $1 AND p.id = ANY($2::bigint[])`,
    [userId, [...new Set(postIds)]],
  );
  return new Map(rows.map(({ id, ...ids }) => [id, ids]));
}

/** `%` and `_` in a search are literal characters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Every matching post, best performance score first (nulls last). */
export async function filteredContent(db: Queryable, userId: number, p: Period, f: ContentFilters): Promise<FilteredContentRow[]> {
  return db.query<FilteredContentRow>(
    `SELECT p.public_id::text AS post_id, ci.public_id::text AS content_id, coalesce(p.title, left(p.caption, 120)) AS title, p.platform, p.platform_post_id, p.url,
            p.media_type, p.published_at, c.views, c.likes, c.shares, c.comments, c.saves, c.clicks, c.reach, c.impressions,
            c.watch_time_minutes, c.dislikes, c.impression_clicks, c.engagement, c.engagement_rate, c.performance_score, c.last_updated_at, p.hashtags
     FROM platform_posts p
     JOIN content_items ci ON ci.user_id = p.user_id AND ci.id = p.content_id
     LEFT JOIN content_performance c ON c.user_id = p.user_id AND c.post_id = p.id
     WHERE p.user_id = $1 AND p.published_at >= ($2::date::timestamp AT TIME ZONE $4)
       AND p.published_at < (($3::date + 1)::timestamp AT TIME ZONE $4) AND p.platform = ANY($5::text[])
       AND ($6::text[] IS NULL OR coalesce(p.media_type, 'other') = ANY($6::text[]))
       AND ($7::text[] IS NULL OR p.hashtags && $7::text[])
       AND ($8::float8 IS NULL OR c.views >= $8::float8)
       AND ($9::text IS NULL OR p.title ILIKE $9::text OR p.caption ILIKE $9::text)
     ORDER BY c.performance_score DESC NULLS LAST, p.id DESC`,
    [userId, p.from, p.to, p.tz, p.platforms, f.contentTypes, f.hashtags, f.minViews, f.search === null ? null : likePattern(f.search)],
  );
}

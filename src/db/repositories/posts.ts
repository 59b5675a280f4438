/** Platform posts and the content items they belong to. */
import type { MediaType } from '../../analytics/catalog.js';
import type { Queryable } from '../client.js';
import { hashtagsFrom } from '../../analytics/hashtags.js';

/** Metadata of a post as the platform describes it: what upsertPosts stores. */
export interface PostMetadata {
  platformPostId: string; // always a string: ids beyond 2^53 exist (X, TikTok, Instagram)
  publishedAt: Date;
  url?: string | null;
  title?: string | null;
  caption?: string | null;
  /** Without the leading '#', lower-cased; derived from the caption when not given. */
  hashtags?: string[];
  mediaType?: MediaType | null;
  /** Duration in seconds for video content. */
  durationSeconds?: number | null;
}

export interface PostRef {
  id: number;
  platform_post_id: string;
  published_at: Date;
}

/**
 * Inserts new posts (each with a content item of its own) and refreshes the
 * metadata of known ones. Returns the ids of every post in the batch.
 */
export async function upsertPosts(tx: Queryable, userId: number, accountId: number, platform: string, posts: PostMetadata[]): Promise<void> {
  if (posts.length === 0) return;
  await tx.query(
    `WITH input AS (
       SELECT * FROM unnest($4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::float8[])
         AS t(platform_post_id, published_at, url, title, caption, hashtags, media_type, duration_seconds)
     ), fresh AS (
       SELECT i.* FROM input i
       WHERE NOT EXISTS (SELECT 1 FROM platform_posts p WHERE p.account_id = $2 AND p.platform_post_id = i.platform_post_id)
     ), items AS (
       INSERT INTO content_items (user_id, title)
       SELECT $1, coalesce(title, left(caption, 120)) FROM fresh ORDER BY platform_post_id
       RETURNING id
     ), numbered_items AS (
       SELECT id, row_number() OVER (ORDER BY id) AS n FROM items
     ), numbered_fresh AS (
       SELECT f.*, row_number() OVER (ORDER BY platform_post_id) AS n FROM fresh f
     ), inserted AS (
       INSERT INTO platform_posts (user_id, account_id, content_id, platform, platform_post_id, url, title, caption, hashtags, media_type, duration_seconds, published_at)
       SELECT $1, $2, ni.id, $3, f.platform_post_id, f.url, f.title, f.caption,
              CASE WHEN f.hashtags = '' THEN '{}'::text[] ELSE string_to_array(f.hashtags, ' ') END,
              f.media_type, f.duration_seconds, f.published_at
       FROM numbered_fresh f JOIN numbered_items ni USING (n)
       RETURNING id
     )
     UPDATE platform_posts p SET
       url = coalesce(i.url, p.url), title = coalesce(i.title, p.title), caption = coalesce(i.caption, p.caption),
       hashtags = CASE WHEN i.hashtags = '' THEN p.hashtags ELSE string_to_array(i.hashtags, ' ') END,
       media_type = coalesce(i.media_type, p.media_type), duration_seconds = coalesce(i.duration_seconds, p.duration_seconds),
       published_at = i.published_at
     FROM input i
     WHERE p.account_id = $2 AND p.platform_post_id = i.platform_post_id AND p.user_id = $1
       AND (p.url, p.title, p.caption, p.media_type, p.published_at) IS DISTINCT FROM
           (coalesce(i.url, p.url), coalesce(i.title, p.title), coalesce(i.caption, p.caption), coalesce(i.media_type, p.media_type), i.published_at)`,
    [
      userId,
      accountId,
      platform,
      posts.map((p) => p.platformPostId),
      posts.map((p) => p.publishedAt.toISOString()),
      posts.map((p) => p.url ?? null),
      posts.map((p) => p.title ?? null),
      posts.map((p) => p.caption ?? null),
      posts.map((p) => (p.hashtags ?? hashtagsFrom(p.caption)).join(' ')),
      posts.map((p) => p.mediaType ?? null),
      posts.map((p) => p.durationSeconds ?? null),
    ],
  );
}

/** Maps platform post ids of one account to internal ids. */
export async function postIdsFor(tx: Queryable, userId: number, accountId: number, platformPostIds: string[]): Promise<Map<string, number>> {
  if (platformPostIds.length === 0) return new Map();
  const rows = await tx.query<{ id: number; platform_post_id: string }>(
    'SELECT id, platform_post_id FROM platform_posts WHERE user_id = $1 AND account_id = $2 AND platform_post_id = ANY($3::text[])',
    [userId, accountId, platformPostIds],
  );
  return new Map(rows.map((r) => [r.platform_post_id, r.id]));
}

/**
 * Publish days of posts in the batch whose day has no user_metrics row
 * counting them yet: those first seen in this transaction (now() is the
 * transaction's start), as one earliest day in `tz`.
 */
export async function newPostDays(tx: Queryable, userId: number, accountId: number, tz: string, platformPostIds: string[]): Promise<string[]> {
  if (platformPostIds.length === 0) return [];
  const rows = await tx.query<{ day: string }>(
    `SELECT min((published_at AT TIME ZONE $3)::date)::text AS day FROM platform_posts
     WHERE user_id = $1 AND account_id = $2 AND platform_post_id = ANY($4::text[]) AND first_seen_at = now()`,
    [userId, accountId, tz, platformPostIds],
  );
  return rows.map((r) => r.day).filter((d): d is string => d !== null);
}

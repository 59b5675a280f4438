/**
 * Candidate pairs for content-library suggestions: two of the user's posts on
 * different platforms, in different content items, published within the
 * window of each other, and not dismissed. Whether their texts match is
 * judged in analytics/content-match.ts; this file only reads and remembers.
 */
import type { Platform } from '../../analytics/catalog.js';
import type { Queryable } from '../client.js';
import type { RowId } from './content-library.js';

export interface CandidatePost {
  post_id: RowId;
  content_id: RowId;
  platform: Platform;
  platform_post_id: string;
  url: string | null;
  title: string | null;
  caption: string | null;
  published_at: Date;
  duration_seconds: number | null;
}

export interface CandidatePair {
  a: CandidatePost;
  b: CandidatePost;
  hours_apart: number;
}

const POST = (alias: string) =>
  `json_build_object('post_id', ${alias}.id, 'content_id', ${alias}.content_id, 'platform', ${alias}.platform, 'platform_post_id', ${alias}.platform_post_id,
     'url', ${alias}.url, 'title', ${alias}.title, 'caption', ${alias}.caption, 'published_at', ${alias}.published_at, 'duration_seconds', ${alias}.duration_seconds)`;

/** Every candidate pair of the user, lower post id first. */
export async function candidatePairs(db: Queryable, userId: number, maxHoursApart: number): Promise<CandidatePair[]> {
  const rows = await db.query<{ a: CandidatePost; b: CandidatePost; hours_apart: number }>(
    `SELECT ${POST('a')} AS a, ${POST('b')} AS b,
            abs(extract(epoch FROM b.published_at - a.published_at))::float8 / 3600 AS hours_apart
     FROM platform_posts a
     JOIN platform_posts b ON b.user_id = a.user_id AND b.id > a.id AND b.platform <> a.platform AND b.content_id <> a.content_id
       AND b.published_at BETWEEN a.published_at - make_interval(hours => $2) AND a.published_at + make_interval(hours => $2)
     WHERE a.user_id = $1
       AND NOT EXISTS (SELECT 1 FROM content_suggestion_dismissals d WHERE d.user_id = $1 AND d.post_a = a.id AND d.post_b = b.id)`,
    [userId, maxHoursApart],
  );
  // json_build_object gives the instant as text.
  const post = (p: CandidatePost): CandidatePost => ({ ...p, published_at: new Date(p.published_at) });
  return rows.map((r) => ({ a: post(r.a), b: post(r.b), hours_apart: r.hours_apart }));
}

/** Remembers that the user dismissed the pair (stored lower id first); dismissing twice changes nothing. */
export async function dismissPair(db: Queryable, userId: number, postA: RowId, postB: RowId): Promise<void> {
  await db.query(
    `INSERT INTO content_suggestion_dismissals (user_id, post_a, post_b) VALUES ($1, least($2::bigint, $3::bigint), greatest($2::bigint, $3::bigint))
     ON CONFLICT DO NOTHING`,
    [userId, postA, postB],
  );
}

/**
 * GET /api/v1/content/suggestions: pairs of posts likely to be the same
 * content, each with its evidence and a confidence (analytics/content-match.ts),
 * most confident first. Dismissed pairs are left out by the store.
 */
import { MAX_HOURS_APART, matchPosts } from '../../analytics/content-match.js';
import type { Queryable } from '../../db/client.js';
import { lockPosts, type RowId } from '../../db/repositories/content-library.js';
import { candidatePairs, dismissPair, type CandidatePost } from '../../db/repositories/content-library-suggestions.js';
import { NotFoundError, ValidationError } from '../../errors.js';

export const SUGGESTIONS_DEFAULT_LIMIT = 20;
export const SUGGESTIONS_MAX_LIMIT = 100;

function postOut(p: CandidatePost) {
  return {
    post_id: p.post_id,
    content_id: p.content_id,
    platform: p.platform,
    platform_post_id: p.platform_post_id,
    url: p.url,
    title: p.title ?? (p.caption === null ? null : p.caption.slice(0, 120)),
    published_at: p.published_at.toISOString(),
    duration_seconds: p.duration_seconds,
  };
}

const textOf = (p: CandidatePost) => [p.title, p.caption].filter((t): t is string => t !== null).join(' ');

/** Position of a suggestion in the listing: confidence descending, then the post ids ascending. */
interface Position {
  c: number;
  a: number;
  b: number;
}

function before(x: Position, y: Position): boolean {
  if (x.c !== y.c) return x.c > y.c;
  if (x.a !== y.a) return x.a < y.a;
  return x.b < y.b;
}

function encode(p: Position): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

function decode(raw: string): Position {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    // Reported below like any other wrong cursor.
  }
  if (typeof parsed === 'object' && parsed !== null && 'c' in parsed && 'a' in parsed && 'b' in parsed) {
    const { c, a, b } = parsed;
    if (typeof c === 'number' && Number.isSafeInteger(a) && Number.isSafeInteger(b)) return { c, a: Number(a), b: Number(b) };
  }
  throw new ValidationError('cursor', 'is not a cursor from this listing (it must come from next_cursor)');
}

export async function suggestions(db: Queryable, userId: number, q: { limit?: number; cursor?: string }) {
  const limit = q.limit ?? SUGGESTIONS_DEFAULT_LIMIT;
  const after = q.cursor ? decode(q.cursor) : null;
  const all = [];
  for (const pair of await candidatePairs(db, userId, MAX_HOURS_APART)) {
    const match = matchPosts(
      { text: textOf(pair.a), durationSeconds: pair.a.duration_seconds },
      { text: textOf(pair.b), durationSeconds: pair.b.duration_seconds },
      pair.hours_apart,
    );
    if (match) all.push({ pair, match, at: { c: match.confidence, a: pair.a.post_id, b: pair.b.post_id } });
  }
  all.sort((x, y) => (before(x.at, y.at) ? -1 : before(y.at, x.at) ? 1 : 0));
  const rest = after ? all.filter((s) => before(after, s.at)) : all;
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ pair, match }) => ({
      post_a: postOut(pair.a),
      post_b: postOut(pair.b),
      evidence: {
        similarity: match.similarity,
        shared_terms: match.shared_terms,
        hours_apart: match.hours_apart,
        duration_a_seconds: pair.a.duration_seconds,
        duration_b_seconds: pair.b.duration_seconds,
        duration_ratio: match.duration_ratio,
      },
      confidence: match.confidence,
    })),
    next_cursor: rest.length > limit && last ? encode(last.at) : null,
  };
}

/** The two posts of a suggestion as the body names them. */
export function pairOf(body: { post_a: RowId; post_b: RowId }): [RowId, RowId] {
  if (body.post_a === body.post_b) throw new ValidationError('post_b', 'must be another post than post_a');
  return [body.post_a, body.post_b];
}

/** Remembers a dismissed pair of the user's posts; another user's or an unknown post is not found. */
export async function dismissSuggestion(db: Queryable, userId: number, [a, b]: [RowId, RowId]): Promise<void> {
  const found = await lockPosts(db, userId, [a, b]);
  for (const id of [a, b]) if (!found.has(id)) throw new NotFoundError('Post');
  await dismissPair(db, userId, a, b);
}

/** GET /analytics/performance: content published in the period with its latest lifetime metrics. */
import type { Queryable } from '../../db/client.js';
import { contentPage, contentTotalsByPlatform, type Cursor, type PageOptions, type SortKey } from '../../db/repositories/content.js';
import { ValidationError } from '../../errors.js';
import { sumNullable } from '../aggregate.js';
import { engagementRate } from '../../analytics/catalog.js';
import type { Period } from '../../analytics/period.js';
import { contentItemOut } from './content-format.js';
import { rangeOf } from './window.js';

/** How to page through content; what the query string says after its schema has checked it. */
export interface PagingInput {
  sort?: SortKey;
  order?: 'asc' | 'desc';
  limit?: number;
  /** next_cursor of the previous page, opaque to the client. */
  cursor?: string;
}

export const DEFAULT_SORT: SortKey = 'performance_score';
export const DEFAULT_ORDER = 'desc';
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

function pageOptions(q: PagingInput): PageOptions {
  const sort = q.sort ?? DEFAULT_SORT;
  return { sort, order: q.order ?? DEFAULT_ORDER, limit: q.limit ?? DEFAULT_LIMIT, cursor: q.cursor ? decodeCursor(q.cursor, sort) : null };
}

/** A keyset cursor: the sort it belongs to, the last row's sort value and id. */
export function encodeCursor(c: Cursor, sort: string): string {
  return Buffer.from(JSON.stringify({ s: sort, v: c.value, i: c.id })).toString('base64url');
}

export function decodeCursor(raw: string, sort: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (typeof parsed === 'object' && parsed !== null && 's' in parsed && 'v' in parsed && 'i' in parsed) {
    const { s, v, i } = parsed;
    const value = v === null || typeof v === 'number' || (typeof v === 'string' && !Number.isNaN(Date.parse(v))) ? v : undefined;
    if (s === sort && value !== undefined && typeof i === 'number' && Number.isSafeInteger(i)) return { value, id: i };
  }
  throw new ValidationError('cursor', 'is not a cursor from this listing (it must come from next_cursor of the same sort)');
}

export async function performance(db: Queryable, userId: number, period: Period, q: PagingInput) {
  const paging = pageOptions(q);
  const [rows, byPlatform] = await Promise.all([contentPage(db, userId, period, paging), contentTotalsByPlatform(db, userId, period)]);
  const page = rows.slice(0, paging.limit);
  const last = page[page.length - 1];
  const more = rows.length > paging.limit && last !== undefined;
  const sortValue = (r: (typeof page)[number]) =>
    paging.sort === 'published_at' ? new Date(r.published_at).toISOString() : (r[paging.sort] as number | null);
  const totalOf = (k: 'views' | 'likes' | 'shares' | 'comments' | 'saves' | 'clicks' | 'impressions' | 'engagement') => sumNullable(byPlatform.map((p) => p[k]));
  return {
    range: rangeOf(period),
    sort: paging.sort,
    order: paging.order,
    items: page.map(contentItemOut),
    next_cursor: more ? encodeCursor({ value: sortValue(last), id: last.post_id }, paging.sort) : null,
    totals: {
      posts: byPlatform.reduce((n, p) => n + p.posts, 0),
      views: totalOf('views'),
      likes: totalOf('likes'),
      shares: totalOf('shares'),
      comments: totalOf('comments'),
      saves: totalOf('saves'),
      clicks: totalOf('clicks'),
      impressions: totalOf('impressions'),
      engagement: totalOf('engagement'),
      engagement_rate: engagementRate(totalOf('engagement'), totalOf('views')),
    },
  };
}

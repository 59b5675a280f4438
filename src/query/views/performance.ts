/** GET /analytics/performance: content published in the period with its latest lifetime metrics. */
import type { Queryable } from '../../db/client.js';
import { contentPage, contentTotalsByPlatform, type PageOptions, type SortKey } from '../../db/repositories/content.js';
import { sumNullable } from '../aggregate.js';
import { engagementRate } from '../../analytics/catalog.js';
import type { Period } from '../../analytics/period.js';
import type { ContentGrouping } from '../../analytics/report-kinds.js';
import { contentItemOut } from './content-format.js';
import { itemListing } from './content-library.js';
import { decodeCursor, encodeCursor } from './keyset-cursor.js';
import { rangeOf } from './window.js';

/** How to page through content; what the query string says after its schema has checked it. */
export interface PagingInput {
  sort?: SortKey;
  order?: 'asc' | 'desc';
  limit?: number;
  /** next_cursor of the previous page, opaque to the client. */
  cursor?: string;
  /** post: one row per post; content: one row per content item, combining its posts. */
  group?: ContentGrouping;
}

export const DEFAULT_SORT: SortKey = 'performance_score';
export const DEFAULT_ORDER = 'desc';
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

function pageOptions(q: PagingInput): PageOptions {
  const sort = q.sort ?? DEFAULT_SORT;
  return { sort, order: q.order ?? DEFAULT_ORDER, limit: q.limit ?? DEFAULT_LIMIT, cursor: q.cursor ? decodeCursor(q.cursor, sort) : null };
}

type TotalsRow = Awaited<ReturnType<typeof contentTotalsByPlatform>>[number];

/** Lifetime totals of all content published in the window (every page), from its per-platform sums. */
function totalsOf(byPlatform: TotalsRow[]) {
  const totalOf = (k: 'views' | 'likes' | 'shares' | 'comments' | 'saves' | 'clicks' | 'impressions' | 'engagement') => sumNullable(byPlatform.map((p) => p[k]));
  return {
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
  };
}

/** One page of posts. */
async function postPage(db: Queryable, userId: number, period: Period, paging: PageOptions) {
  const rows = await contentPage(db, userId, period, paging);
  const page = rows.slice(0, paging.limit);
  const last = page[page.length - 1];
  const more = rows.length > paging.limit && last !== undefined;
  const sortValue = (r: (typeof page)[number]) =>
    paging.sort === 'published_at' ? new Date(r.published_at).toISOString() : (r[paging.sort] as number | null);
  return { items: page.map(contentItemOut), next_cursor: more ? encodeCursor({ value: sortValue(last), id: last.post_id }, paging.sort) : null };
}

/**
 * One page of content items, each combining its posts published in the
 * window on the chosen platforms (so the items of every page add up to the
 * totals); `items` holds those posts, item by item.
 */
async function contentItemPage(db: Queryable, userId: number, period: Period, q: PagingInput) {
  const listing = await itemListing(
    db,
    userId,
    { kind: 'period', period },
    { sort: q.sort ?? DEFAULT_SORT, order: q.order ?? DEFAULT_ORDER, limit: q.limit ?? DEFAULT_LIMIT, ...(q.cursor ? { cursor: q.cursor } : {}) },
    'performance-content',
  );
  return {
    items: listing.items.flatMap((item) => item.posts),
    content_items: listing.items.map(({ posts, ...item }) => ({ ...item, post_ids: posts.map((p) => p.post_id) })),
    next_cursor: listing.next_cursor,
  };
}

/** A page of either grouping: content_items only with group=content. */
type GroupedPage = Awaited<ReturnType<typeof contentItemPage>>;
type Page = Omit<GroupedPage, 'content_items'> & Partial<Pick<GroupedPage, 'content_items'>>;

export async function performance(db: Queryable, userId: number, period: Period, q: PagingInput) {
  const group = q.group ?? 'post';
  const [page, byPlatform]: [Page, TotalsRow[]] = await Promise.all([
    // The grouped listing reads its own cursor (content-library.ts).
    group === 'content' ? contentItemPage(db, userId, period, q) : postPage(db, userId, period, pageOptions(q)),
    contentTotalsByPlatform(db, userId, period),
  ]);
  return { range: rangeOf(period), group, sort: q.sort ?? DEFAULT_SORT, order: q.order ?? DEFAULT_ORDER, ...page, totals: totalsOf(byPlatform) };
}

/**
 * The content library as the API takes and shows it (/api/v1/content). Ids
 * are the one Id() schema of params.ts, so a change of id type happens there.
 */
import { Type } from 'typebox';
import { COMBINATIONS, COMBINED_METRICS, type CombinedMetric } from '../../../../db/repositories/content-library-metrics.js';
import { ITEM_SORTABLE } from '../../../../db/repositories/content-library.js';
import { LIBRARY_DEFAULT_LIMIT, LIBRARY_DEFAULT_SORT, LIBRARY_MAX_LIMIT } from '../../../../query/views/content-library.js';
import { Instant, Nullable, PlatformName } from './common.js';
import { ContentItem } from './content-item.js';
import { metric } from './metric.js';
import { Id } from './params.js';

export const TITLE_MAX = 200;
export const POSTS_PER_CREATE_MAX = 100;


/** Each combined metric, described by the catalog and by how it combines the posts' numbers. */
export const CombinedMetrics = Type.Object(
  Object.fromEntries(COMBINED_METRICS.map((m) => [m, metric(m, `Combined: ${COMBINATIONS[m].rule}`)])) as Record<CombinedMetric, ReturnType<typeof metric>>,
  { description: 'Lifetime numbers of the item, combined over its posts (each post\'s latest lifetime values)' },
);

/** An item's own fields and combined numbers, without its posts. */
export const libraryItemFields = () => ({
    id: Id('content', { description: 'Content item id (content_id of its posts)' }),
    title: Nullable(Type.String(), { description: 'Title of the item (yours if renamed, else taken from its first post)' }),
    created_at: Instant,
    first_published_at: Type.String({ format: 'date-time', description: 'Earliest publication among the posts counted (ISO 8601, UTC)' }),
    platforms: Type.Array(PlatformName, { description: 'Platforms of its posts, alphabetical' }),
    post_count: Type.Integer({ minimum: 1, description: 'Posts counted in the combined numbers' }),
    combined: CombinedMetrics,
});

export const LibraryItem = Type.Object(
  { ...libraryItemFields(), posts: Type.Array(ContentItem, { description: 'Its platform posts with their own lifetime numbers, oldest first' }) },
  { description: 'A content item: one piece of content and its posts on each platform' },
);

export const LibraryListQuery = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Search: items whose title, or a post\'s title or caption, contains this text (case-insensitive)' })),
  sort: Type.Optional(
    Type.Enum(ITEM_SORTABLE, { default: LIBRARY_DEFAULT_SORT, description: 'published_at (first publication), posts (post count) or a combined metric' }),
  ),
  order: Type.Optional(Type.Enum(['asc', 'desc'], { default: 'desc', description: 'Sort order; nulls come last either way' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIBRARY_MAX_LIMIT, default: LIBRARY_DEFAULT_LIMIT, description: 'Items per page' })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page (same sort)' })),
});

export const LibraryPage = Type.Object({
  sort: Type.Enum(ITEM_SORTABLE, { description: 'The sort key applied' }),
  order: Type.Enum(['asc', 'desc'], { description: 'The order applied' }),
  items: Type.Array(LibraryItem, { description: 'This page of your content items' }),
  next_cursor: Nullable(Type.String(), { description: 'Pass as `cursor` for the next page; null on the last page' }),
});

const Title = Type.String({ minLength: 1, maxLength: TITLE_MAX, description: `Title, 1–${TITLE_MAX} characters (surrounding spaces are trimmed)` });

export const LibraryCreateBody = Type.Object(
  {
    post_ids: Type.Array(Id('post', { description: 'One of your posts (post_id)' }), {
      minItems: 1,
      maxItems: POSTS_PER_CREATE_MAX,
      uniqueItems: true,
      description: 'Posts that make the new item; each leaves the item it was in (an item left without posts is deleted, its ledger entries move to the new item)',
    }),
    title: Type.Optional(Title),
  },
  { additionalProperties: false },
);

export const LibraryRenameBody = Type.Object({ title: Title }, { additionalProperties: false });

export const LibraryLinkBody = Type.Object(
  { post_id: Id('post', { description: 'One of your posts (post_id); it leaves the item it was in, which is deleted if it was its last post' }) },
  { additionalProperties: false },
);

export const LibraryMergeBody = Type.Object(
  { from: Id('content', { description: 'The item whose posts move into this one; it is deleted and its ledger entries move along' }) },
  { additionalProperties: false },
);

export const LibraryPostParams = Type.Object({
  id: Id('content'),
  post_id: Id('post', { description: 'A post of this item' }),
});

export const LibraryUnlinked = Type.Object({
  content: LibraryItem,
  unlinked: LibraryItem,
}, { description: 'The item without the post, and the post\'s own new item' });

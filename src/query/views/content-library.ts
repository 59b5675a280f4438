/**
 * The content library (/api/v1/content): items with their platform posts and
 * combined lifetime metrics, and the changes that regroup posts. Grouping is
 * only a label over posts: every metric stays on its post, so no platform's
 * numbers change when posts are linked, unlinked or merged.
 */
import type { Db, Queryable } from '../../db/client.js';
import { postsOfContents, type ContentRow } from '../../db/repositories/content.js';
import { COMBINED_METRICS, type CombinedMetrics } from '../../db/repositories/content-library-metrics.js';
import {
  insertItem,
  insertItemForPost,
  itemById,
  itemsPage,
  lockItems,
  lockPosts,
  mergeItems,
  movePosts,
  postCount,
  renameItem,
  type ItemPage,
  type ItemRow,
  type ItemScope,
  type ItemSortKey,
  type OwnedPost,
  type RowId,
} from '../../db/repositories/content-library.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { Period } from '../../analytics/period.js';
import { contentItemOut } from './content-format.js';
import { decodeCursor, encodeCursor } from './keyset-cursor.js';

export const LIBRARY_DEFAULT_SORT: ItemSortKey = 'published_at';
export const LIBRARY_DEFAULT_LIMIT = 25;
export const LIBRARY_MAX_LIMIT = 200;

export function combinedOf(row: CombinedMetrics): CombinedMetrics {
  return Object.fromEntries(COMBINED_METRICS.map((m) => [m, row[m]])) as CombinedMetrics;
}

function libraryItemOut(row: ItemRow, posts: ContentRow[]) {
  return {
    id: row.id,
    title: row.title,
    created_at: new Date(row.created_at).toISOString(),
    first_published_at: new Date(row.published_at).toISOString(),
    platforms: row.platforms,
    post_count: row.posts,
    combined: combinedOf(row),
    posts: posts.map(contentItemOut),
  };
}

/** Items with the posts their figures are made of (all of them, or those of the period). */
async function withPosts(db: Queryable, userId: number, rows: ItemRow[], period: Period | null) {
  const posts = await postsOfContents(db, userId, rows.map((r) => r.id), period);
  const byItem = new Map<RowId, ContentRow[]>();
  for (const p of posts) byItem.set(p.content_id, [...(byItem.get(p.content_id) ?? []), p]);
  return rows.map((r) => libraryItemOut(r, byItem.get(r.id) ?? []));
}

export interface ItemPagingInput {
  sort?: ItemSortKey;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

/**
 * One page of items in `scope`; `cursorTag` keeps a cursor of one listing
 * from being read by another (grouped performance vs the library).
 */
export async function itemListing(db: Queryable, userId: number, scope: ItemScope, q: ItemPagingInput, cursorTag: string) {
  const sort = q.sort ?? LIBRARY_DEFAULT_SORT;
  const tag = `${cursorTag}:${sort}`;
  const page: ItemPage = { sort, order: q.order ?? 'desc', limit: q.limit ?? LIBRARY_DEFAULT_LIMIT, cursor: q.cursor ? decodeCursor(q.cursor, tag) : null };
  const rows = await itemsPage(db, userId, scope, page);
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  const value = (r: ItemRow) => (sort === 'published_at' ? new Date(r.published_at).toISOString() : r[sort]);
  return {
    sort,
    order: page.order,
    items: await withPosts(db, userId, shown, scope.kind === 'period' ? scope.period : null),
    next_cursor: rows.length > page.limit && last ? encodeCursor({ value: value(last), id: last.id }, tag) : null,
  };
}

export async function libraryList(db: Queryable, userId: number, q: ItemPagingInput & { q?: string }) {
  const search = q.q?.trim() ? q.q.trim() : null;
  return itemListing(db, userId, { kind: 'library', search, ids: null }, q, 'library');
}

export async function libraryItem(db: Queryable, userId: number, id: RowId) {
  const row = await itemById(db, userId, id);
  // Another user's item is "not found" like an unknown id.
  if (!row) throw new NotFoundError('Content item');
  const [item] = await withPosts(db, userId, [row], null);
  return item!;
}

export type LibraryItem = Awaited<ReturnType<typeof libraryItem>>;

async function ownItem(tx: Queryable, userId: number, id: RowId, what = 'Content item'): Promise<void> {
  if (!(await lockItems(tx, userId, [id])).has(id)) throw new NotFoundError(what);
}

async function ownPosts(tx: Queryable, userId: number, ids: RowId[]): Promise<OwnedPost[]> {
  const found = await lockPosts(tx, userId, ids);
  return ids.map((id) => {
    const post = found.get(id);
    if (!post) throw new NotFoundError('Post');
    return post;
  });
}

/** A new item made of the chosen posts (taken from the items they were in); titled as asked, else like the first post. */
export async function createItem(db: Db, userId: number, postIds: RowId[], title: string | null): Promise<LibraryItem> {
  const id = await db.transaction(async (tx) => {
    const [first] = await ownPosts(tx, userId, postIds);
    if (!first) throw new ValidationError('post_ids', 'must name at least one post');
    const item = title === null ? await insertItemForPost(tx, userId, first.id) : await insertItem(tx, userId, title);
    await movePosts(tx, userId, postIds, item);
    return item;
  });
  return libraryItem(db, userId, id);
}

/** Adds a post to an item; the item it leaves is deleted if that was its last post. */
export async function linkPost(db: Db, userId: number, id: RowId, postId: RowId): Promise<LibraryItem> {
  await db.transaction(async (tx) => {
    await ownItem(tx, userId, id);
    await ownPosts(tx, userId, [postId]);
    await movePosts(tx, userId, [postId], id);
  });
  return libraryItem(db, userId, id);
}

/** Takes a post out of an item into an item of its own again. */
export async function unlinkPost(db: Db, userId: number, id: RowId, postId: RowId): Promise<{ content: LibraryItem; unlinked: LibraryItem }> {
  const own = await db.transaction(async (tx) => {
    await ownItem(tx, userId, id);
    const found = (await lockPosts(tx, userId, [postId])).get(postId);
    if (!found || found.content_id !== id) throw new NotFoundError('Post of this content item');
    if ((await postCount(tx, userId, id)) === 1) throw new ConflictError('The post is the only post of this item: it already is an item of its own', 'post_id');
    const item = await insertItemForPost(tx, userId, postId);
    await movePosts(tx, userId, [postId], item);
    return item;
  });
  return { content: await libraryItem(db, userId, id), unlinked: await libraryItem(db, userId, own) };
}

/** Moves every post of item `from` into item `id`; `from` is deleted. */
export async function mergeInto(db: Db, userId: number, id: RowId, from: RowId): Promise<LibraryItem> {
  if (from === id) throw new ValidationError('from', 'must be another item than the one merged into');
  await db.transaction(async (tx) => {
    const owned = await lockItems(tx, userId, [id, from]);
    if (!owned.has(id)) throw new NotFoundError('Content item');
    if (!owned.has(from)) throw new NotFoundError('Content item `from`');
    await mergeItems(tx, userId, id, from);
  });
  return libraryItem(db, userId, id);
}

export async function renameLibraryItem(db: Db, userId: number, id: RowId, title: string): Promise<LibraryItem> {
  if (!(await renameItem(db, userId, id, title))) throw new NotFoundError('Content item');
  return libraryItem(db, userId, id);
}

/** Links two posts as one content: their items become one (the older item keeps its id and title). */
export async function linkPair(db: Db, userId: number, postIds: readonly [RowId, RowId]): Promise<LibraryItem> {
  const into = await db.transaction(async (tx) => {
    const items = (await ownPosts(tx, userId, [...postIds])).map((p) => p.content_id);
    const keep = Math.min(...items);
    const drop = Math.max(...items);
    if (keep !== drop) {
      await lockItems(tx, userId, [keep, drop]);
      await mergeItems(tx, userId, keep, drop);
    }
    return keep;
  });
  return libraryItem(db, userId, into);
}

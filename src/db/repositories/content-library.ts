/**
 * The content library: content items and the posts they group. Every post
 * belongs to exactly one item (platform_posts.content_id); an item left
 * without posts by a link or merge is deleted, and the ledger entries that
 * named it move to the item its posts went to, so costs follow their content.
 * Every statement is scoped to the caller's user id.
 */
import type { Platform } from '../../analytics/catalog.js';
import type { Period } from '../../analytics/period.js';
import type { Queryable } from '../client.js';
import { COMBINED_METRICS, COMBINED_SELECT, type CombinedMetrics } from './content-library-metrics.js';
import { IN_WINDOW } from './content.js';

/** The id type of content items and posts in this module (its one place, should it change). */
export type RowId = number;

/** First publication, post count, or any combined metric. */
export const ITEM_SORTABLE = ['published_at', 'posts', ...COMBINED_METRICS] as const;
export type ItemSortKey = (typeof ITEM_SORTABLE)[number];

export interface ItemRow extends CombinedMetrics {
  id: RowId;
  title: string | null;
  created_at: Date;
  posts: number;
  platforms: Platform[];
  /** First publication among the posts counted. */
  published_at: Date;
}

export interface ItemCursor {
  value: number | string | null;
  id: RowId;
}

export interface ItemPage {
  sort: ItemSortKey;
  order: 'asc' | 'desc';
  limit: number;
  cursor: ItemCursor | null;
}

/**
 * Which posts an item's figures are made of: all of them (the library), or
 * those published in a period on its platforms (performance grouped by content).
 */
export type ItemScope = { kind: 'library'; search: string | null; ids: RowId[] | null } | { kind: 'period'; period: Period };

/** A LIKE pattern matching `text` anywhere, with its wildcards taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of items with their combined metrics, keyset-paginated on (sort
 * value, item id); nulls last in both directions, as the performance list.
 */
export async function itemsPage(db: Queryable, userId: number, scope: ItemScope, page: ItemPage): Promise<ItemRow[]> {
  // The period's clause is content.ts's own, whose parameters are $1..$5.
  const params: unknown[] = scope.kind === 'period' ? [userId, scope.period.from, scope.period.to, scope.period.tz, scope.period.platforms] : [userId];
  const add = (v: unknown) => `$${params.push(v)}`;
  const postFilter = scope.kind === 'period' ? IN_WINDOW : 'p.user_id = $1';
  const itemFilter: string[] = [];
  if (scope.kind === 'library' && scope.ids !== null) itemFilter.push(`id = ANY(${add(scope.ids)}::bigint[])`);
  if (scope.kind === 'library' && scope.search !== null) {
    const q = add(containing(scope.search));
    itemFilter.push(`(title ILIKE ${q} OR EXISTS (SELECT 1 FROM platform_posts s WHERE s.user_id = $1 AND s.content_id = items.id AND (s.title ILIKE ${q} OR s.caption ILIKE ${q})))`);
  }
  const col = page.sort;
  const cmp = page.order === 'desc' ? '<' : '>';
  const dir = page.order === 'desc' ? 'DESC' : 'ASC';
  if (page.cursor) {
    const id = add(page.cursor.id);
    if (page.cursor.value === null) itemFilter.push(`${col} IS NULL AND id ${cmp} ${id}`);
    else {
      const v = `${add(page.cursor.value)}::${page.sort === 'published_at' ? 'timestamptz' : 'float8'}`;
      itemFilter.push(`(${col} ${cmp} ${v} OR (${col} = ${v} AND id ${cmp} ${id}) OR ${col} IS NULL)`);
    }
  }
  const limit = add(page.limit + 1);
  return db.query<ItemRow>(
    `WITH items AS (
       SELECT i.id, i.title, i.created_at, count(*)::int AS posts, array_agg(DISTINCT p.platform ORDER BY p.platform) AS platforms,
              min(p.published_at) AS published_at,
              ${COMBINED_SELECT}
       FROM content_items i
       JOIN platform_posts p ON p.user_id = i.user_id AND p.content_id = i.id
       LEFT JOIN content_performance c ON c.user_id = p.user_id AND c.post_id = p.id
       WHERE i.user_id = $1 AND ${postFilter}
       GROUP BY i.id
     )
     SELECT * FROM items ${itemFilter.length > 0 ? `WHERE ${itemFilter.join(' AND ')}` : ''}
     ORDER BY ${col} ${dir} NULLS LAST, id ${dir}
     LIMIT ${limit}`,
    params,
  );
}

/** One item of the user with its combined metrics over all its posts, or null. */
export async function itemById(db: Queryable, userId: number, id: RowId): Promise<ItemRow | null> {
  const [row] = await itemsPage(db, userId, { kind: 'library', search: null, ids: [id] }, { sort: 'published_at', order: 'asc', limit: 1, cursor: null });
  return row ?? null;
}

/** The ids among `ids` that are the user's items, locked until the transaction ends. */
export async function lockItems(tx: Queryable, userId: number, ids: RowId[]): Promise<Set<RowId>> {
  const rows = await tx.query<{ id: RowId }>('SELECT id FROM content_items WHERE user_id = $1 AND id = ANY($2::bigint[]) FOR UPDATE', [userId, ids]);
  return new Set(rows.map((r) => r.id));
}

export interface OwnedPost {
  id: RowId;
  content_id: RowId;
}

/** The user's posts among `ids` with the item each belongs to, locked until the transaction ends. */
export async function lockPosts(tx: Queryable, userId: number, ids: RowId[]): Promise<Map<RowId, OwnedPost>> {
  const rows = await tx.query<OwnedPost>('SELECT id, content_id FROM platform_posts WHERE user_id = $1 AND id = ANY($2::bigint[]) FOR UPDATE', [userId, ids]);
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertItem(tx: Queryable, userId: number, title: string | null): Promise<RowId> {
  const [row] = await tx.query<{ id: RowId }>('INSERT INTO content_items (user_id, title) VALUES ($1, $2) RETURNING id', [userId, title]);
  return row!.id;
}

/** The title a post's own item gets, as ingest gives it (upsertPosts): its title, else the start of its caption. */
export async function insertItemForPost(tx: Queryable, userId: number, postId: RowId): Promise<RowId> {
  const [row] = await tx.query<{ id: RowId }>(
    `INSERT INTO content_items (user_id, title)
     SELECT $1, coalesce(title, left(caption, 120)) FROM platform_posts WHERE user_id = $1 AND id = $2 RETURNING id`,
    [userId, postId],
  );
  return row!.id;
}

export async function renameItem(tx: Queryable, userId: number, id: RowId, title: string): Promise<boolean> {
  const rows = await tx.query<{ id: RowId }>('UPDATE content_items SET title = $3 WHERE user_id = $1 AND id = $2 RETURNING id', [userId, id, title]);
  return rows.length > 0;
}

/**
 * Moves posts into item `to`. Items the move leaves empty are deleted, their
 * ledger entries first re-pointed to `to` (the content they were about is
 * now part of it).
 */
export async function movePosts(tx: Queryable, userId: number, postIds: RowId[], to: RowId): Promise<void> {
  const left = await tx.query<{ content_id: RowId }>(
    `WITH moved AS (
       UPDATE platform_posts n SET content_id = $3 FROM platform_posts o
       WHERE n.user_id = $1 AND n.id = ANY($2::bigint[]) AND n.content_id <> $3 AND o.id = n.id
       RETURNING o.content_id
     ) SELECT DISTINCT content_id FROM moved`,
    [userId, postIds, to],
  );
  await deleteIfEmpty(tx, userId, left.map((r) => r.content_id), to);
}

/** Deletes those of `ids` that have no post left, moving their ledger entries to `heir`. */
async function deleteIfEmpty(tx: Queryable, userId: number, ids: RowId[], heir: RowId): Promise<void> {
  if (ids.length === 0) return;
  const empty = `SELECT i.id FROM content_items i WHERE i.user_id = $1 AND i.id = ANY($2::bigint[])
    AND NOT EXISTS (SELECT 1 FROM platform_posts p WHERE p.user_id = $1 AND p.content_id = i.id)`;
  await tx.query(`UPDATE ledger_entries SET content_id = $3, updated_at = now() WHERE user_id = $1 AND content_id IN (${empty})`, [userId, ids, heir]);
  await tx.query(`DELETE FROM content_items WHERE user_id = $1 AND id IN (${empty})`, [userId, ids]);
}

/** Moves every post of item `from` into `into` and deletes `from` (its ledger entries move along). */
export async function mergeItems(tx: Queryable, userId: number, into: RowId, from: RowId): Promise<void> {
  await tx.query('UPDATE platform_posts SET content_id = $2 WHERE user_id = $1 AND content_id = $3', [userId, into, from]);
  await deleteIfEmpty(tx, userId, [from], into);
}

export async function postCount(tx: Queryable, userId: number, itemId: RowId): Promise<number> {
  const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM platform_posts WHERE user_id = $1 AND content_id = $2', [userId, itemId]);
  return row?.n ?? 0;
}

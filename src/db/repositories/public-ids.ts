/**
 * Public ids: the UUID each row the API names carries beside its bigint key
 * (migration 019). The API shows and accepts only these; everything inside
 * the server keeps the keys. src/http/public-ids.ts translates at the edge.
 */
import type { Queryable } from '../client.js';
import type { Entity } from '../../ids/entity-id.js';

/** The table of every kind of row the API names. */
export const ENTITY_TABLES: Record<Entity, string> = {
  user: 'users',
  account: 'platform_accounts',
  content: 'content_items',
  post: 'platform_posts',
  report: 'analytics_reports',
  share: 'report_shares',
  schedule: 'report_schedules',
  delivery: 'report_deliveries',
  alert: 'alerts',
  insight: 'platform_insights',
  ledger_entry: 'ledger_entries',
};

// The owner column: a user owns their own row.
const ownerColumn = (entity: Entity) => (entity === 'user' ? 'id' : 'user_id');

/** The public ids of these keys (keys that no longer exist are left out). */
export async function publicIdsOf(db: Queryable, entity: Entity, ids: readonly number[]): Promise<Map<number, string>> {
  return (await publicIdsOfEach(db, new Map([[entity, ids]]))).get(entity) ?? new Map();
}

/**
 * The public ids of keys of several kinds, in one query (an answer naming
 * posts and content items: on PGlite each query costs ~0.5 ms before its rows).
 */
export async function publicIdsOfEach(db: Queryable, wanted: ReadonlyMap<Entity, readonly number[]>): Promise<Map<Entity, Map<number, string>>> {
  const kinds = [...wanted].filter(([, ids]) => ids.length > 0);
  const found = new Map<Entity, Map<number, string>>(kinds.map(([entity]) => [entity, new Map()]));
  if (kinds.length === 0) return found;
  const rows = await db.query<{ kind: number; id: number; public_id: string }>(
    kinds.map(([entity], i) => `SELECT ${i} AS kind, id, public_id::text AS public_id FROM ${ENTITY_TABLES[entity]} WHERE id = ANY($${i + 1}::bigint[])`).join(' UNION ALL '),
    kinds.map(([, ids]) => [...new Set(ids)]),
  );
  for (const r of rows) found.get(kinds[r.kind]![0])!.set(r.id, r.public_id);
  return found;
}

/**
 * The keys of these public ids among the user's own rows (lower-case UUID →
 * key). An id of another user's row is left out like one that never existed,
 * so an answer never tells the two apart.
 */
export async function keysOfPublicIds(db: Queryable, userId: number, entity: Entity, publicIds: readonly string[]): Promise<Map<string, number>> {
  if (publicIds.length === 0) return new Map();
  const rows = await db.query<{ id: number; public_id: string }>(
    `SELECT id, public_id::text AS public_id FROM ${ENTITY_TABLES[entity]}
      WHERE public_id = ANY($2::uuid[]) AND ${ownerColumn(entity)} = $1`,
    [userId, [...new Set(publicIds.map((p) => p.toLowerCase()))]],
  );
  return new Map(rows.map((r) => [r.public_id, r.id]));
}

/**
 * Between the API's ids (UUIDs) and the database's keys, for tests that look
 * at rows directly or plant them: the same queries the app's edge uses
 * (src/db/repositories/public-ids.ts), so a test sees what the API would.
 */
import type { Queryable } from '../../src/db/client.js';
import { ENTITY_TABLES, publicIdsOf } from '../../src/db/repositories/public-ids.js';
import type { Entity } from '../../src/ids/entity-id.js';


/** The API's id of a row planted or read by key. */
export async function publicIdOf(db: Queryable, entity: Entity, key: number): Promise<string> {
  const id = (await publicIdsOf(db, entity, [key])).get(key);
  if (id === undefined) throw new Error(`no ${entity} with key ${key}`);
  return id;
}

/** The database key of a row the API named (whatever user owns it). */
export async function keyOf(db: Queryable, entity: Entity, publicId: string): Promise<number> {
  const [row] = await db.query<{ id: number }>(`SELECT id FROM ${ENTITY_TABLES[entity]} WHERE public_id = $1`, [publicId]);
  if (!row) throw new Error(`no ${entity} with id ${publicId}`);
  return row.id;
}

/** A well-formed UUID that names nothing. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

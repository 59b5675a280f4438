/** Readiness of the store. */
import type { Queryable } from '../client.js';

/** Resolves when the database answers a query; throws when it cannot. */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

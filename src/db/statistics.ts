/**
 * Planner statistics. Without them PostgreSQL guesses row counts and picks
 * plans that do not scale: the 2-year export of 1M snapshots ran 48.9 s
 * before ANALYZE and 1.1 s after (bench/reports.ts, section 3a). PGlite runs
 * no autovacuum at all, and a server may have it off or not have caught up
 * after a bulk load, so the app keeps its own tables analyzed: a periodic job
 * (SCHEDULES in src/jobs/schedules.ts) analyzes every table of its schema that was
 * never analyzed, or has grown by more than a fifth since it was.
 *
 * Growth is read from sizes, not row counters: pg_relation_size (exact, cheap)
 * against the page count that the last ANALYZE or VACUUM recorded in
 * pg_class.relpages. PGlite does not keep the row counters of
 * pg_stat_user_tables up to date, and sizes work the same on both engines.
 * A partition is analyzed through its partitioned parent, which gathers
 * statistics for the parent as a whole and for each partition.
 */
import type { Queryable } from './client.js';

/** Grown past relpages × GROWTH + SLACK_PAGES: small tables are not re-analyzed for a few rows. */
const GROWTH = 1.2;
const SLACK_PAGES = 8;

/** Tables (partitioned parents in place of their partitions) whose statistics are missing or stale. */
export async function staleTables(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `WITH leaf AS (
       SELECT c.oid, c.reltuples, c.relpages,
         pg_relation_size(c.oid) / current_setting('block_size')::bigint AS pages,
         (SELECT i.inhparent FROM pg_inherits i WHERE i.inhrelid = c.oid) AS parent
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind = 'r'
     )
     SELECT DISTINCT coalesce(leaf.parent, leaf.oid)::regclass::text AS name
     FROM leaf
     WHERE leaf.pages > 0 AND (leaf.reltuples < 0 OR leaf.pages > leaf.relpages * $1::float8 + $2::int)
     ORDER BY 1`,
    [GROWTH, SLACK_PAGES],
  );
  return rows.map((r) => r.name);
}

/** Analyzes what staleTables names; returns those names. */
export async function refreshStatistics(db: Queryable): Promise<string[]> {
  const tables = await staleTables(db);
  // Names come from the catalog as regclass text, already quoted where needed.
  for (const table of tables) await db.query(`ANALYZE ${table}`);
  return tables;
}

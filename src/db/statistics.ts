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
 *
 * The same job removes dead rows (removeDeadRows): the other half of what
 * autovacuum does, which PGlite does not do either.
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

/**
 * Dead rows, removed as autovacuum would. The rollups are rewritten in place
 * (user_metrics from the first changed day on, content_performance per post),
 * and every rewritten row leaves a dead version behind. PGlite has no
 * autovacuum, so there they were never removed: its tables only grew. On a
 * server autovacuum gets to them in time, but not always before the first
 * dashboard after a bulk load: at 10M points (bench, PostgreSQL) user_metrics
 * held ~2,900 live rows on 967 pages, ~7 times its size, and the dashboard
 * read every page. Same threshold as autovacuum's default: more dead rows than
 * 50 + a fifth of the live ones (the counters of pg_stat_user_tables, which
 * both engines keep).
 */
const DEAD_ROWS_BASE = 50;
const DEAD_ROWS_SHARE = 0.2;

/** Tables (leaves, partitions included) with more dead rows than autovacuum would leave. */
export async function tablesWithDeadRows(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT s.relid::regclass::text AS name FROM pg_stat_user_tables s
     WHERE s.schemaname = current_schema() AND s.n_dead_tup > $1::int + $2::float8 * s.n_live_tup
     ORDER BY 1`,
    [DEAD_ROWS_BASE, DEAD_ROWS_SHARE],
  );
  return rows.map((r) => r.name);
}

/** VACUUMs what tablesWithDeadRows names (never inside a transaction: VACUUM cannot run in one); returns those names. */
export async function removeDeadRows(db: Queryable): Promise<string[]> {
  const tables = await tablesWithDeadRows(db);
  for (const table of tables) await db.query(`VACUUM ${table}`);
  return tables;
}

/** Analyzes what staleTables names; returns those names. */
export async function refreshStatistics(db: Queryable): Promise<string[]> {
  const tables = await staleTables(db);
  // Names come from the catalog as regclass text, already quoted where needed.
  for (const table of tables) await db.query(`ANALYZE ${table}`);
  return tables;
}

/**
 * Job 'db-statistics': ANALYZE tables whose planner statistics are missing or
 * stale, then VACUUM those with many dead rows (src/db/statistics.ts): what
 * autovacuum does, for PGlite, which has none, and for a server's bulk load
 * that autovacuum has not reached yet. No payload.
 */
import type { Queryable } from '../../db/client.js';
import { refreshStatistics, removeDeadRows } from '../../db/statistics.js';
import type { JobHandler } from '../../queue/types.js';

/**
 * Also queued after an ingest commits (runtime.ts), so a bulk load (a first
 * sync, an import) is analyzed within seconds instead of at the next 5-minute
 * pass: until then the planner takes the new tables for empty and joins 1,000
 * posts by 1,000 index lookups (PGlite, 1M points: the 2-year dashboard view
 * 39 ms before ANALYZE, 33 ms after). One such job waits at a time, so the
 * batches of one sync share it; a table is analyzed only when it grew by a fifth.
 */
export const STATISTICS_AFTER_INGEST = { jobId: 'db-statistics-after-ingest', delayMs: 10_000 };

export function dbStatisticsHandler(db: Queryable, log: { info(obj: object, msg: string): void }): JobHandler<'db-statistics'> {
  return async () => {
    const analyzed = await refreshStatistics(db);
    if (analyzed.length > 0) log.info({ tables: analyzed }, 'planner statistics refreshed');
    const vacuumed = await removeDeadRows(db);
    if (vacuumed.length > 0) log.info({ tables: vacuumed }, 'dead rows removed');
  };
}

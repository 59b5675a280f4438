/** Job 'db-statistics': ANALYZE tables whose planner statistics are missing or stale (src/db/statistics.ts). No payload. */
import type { Queryable } from '../../db/client.js';
import { refreshStatistics } from '../../db/statistics.js';
import type { JobHandler } from '../../queue/types.js';

export function dbStatisticsHandler(db: Queryable, log: { info(obj: object, msg: string): void }): JobHandler<'db-statistics'> {
  return async () => {
    const analyzed = await refreshStatistics(db);
    if (analyzed.length > 0) log.info({ tables: analyzed }, 'planner statistics refreshed');
  };
}

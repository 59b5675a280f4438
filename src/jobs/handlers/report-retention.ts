/** Job 'report-retention': delete expired reports and share links. No payload. */
import type { Queryable } from '../../db/client.js';
import { deleteExpiredReports } from '../../reports/retention.js';
import type { JobHandler } from '../../queue/types.js';

export function reportRetentionHandler(db: Queryable): JobHandler<'report-retention'> {
  return async () => {
    await deleteExpiredReports(db, new Date());
  };
}

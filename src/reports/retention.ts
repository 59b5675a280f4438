/**
 * Retention, run by the job system: deletes every report whose expiry has
 * passed, with its share links (the report's data lives in its row, so there
 * are no files to remove), and share links that ended more than
 * SHARE_TOMBSTONE_DAYS ago (kept that long so an old link answers 410, not 404).
 */
import type { Queryable } from '../db/client.js';
import { deleteOldShares } from '../db/repositories/report-shares.js';
import { deleteExpiredReportRows } from '../db/repositories/reports.js';

export const SHARE_TOMBSTONE_DAYS = 30;

/** Returns how many reports were deleted. */
export async function deleteExpiredReports(db: Queryable, now: Date = new Date()): Promise<number> {
  const deleted = await deleteExpiredReportRows(db, now);
  await deleteOldShares(db, new Date(now.getTime() - SHARE_TOMBSTONE_DAYS * 86_400_000));
  return deleted;
}

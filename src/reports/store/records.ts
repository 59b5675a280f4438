/**
 * A report's record as the API shows it, and loading one for its owner with
 * the 404 / 410 rules: someone else's report is 404 like an unknown id, so an
 * id says nothing about whether it exists; an expired one of your own is 410
 * until retention deletes it, then 404.
 */
import type { Queryable } from '../../db/client.js';
import { findReport, findReportWithData, type ReportRecordRow } from '../../db/repositories/reports.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { GoneError } from '../errors.js';

/** The download path of a report, by its public id (the UUID the API shows; never the database key). */
export function reportPath(publicId: string): string {
  return `/api/v1/analytics/reports/${publicId}`;
}

/** An absolute URL when PUBLIC_URL is configured, else the path (relative to the API's own origin). */
export function publicLink(publicUrl: string | null, path: string): string {
  return `${publicUrl ?? ''}${path}`;
}

export function recordOut(row: ReportRecordRow, publicUrl: string | null, now = new Date()) {
  const expired = row.expires_at.getTime() <= now.getTime();
  const status: 'completed' | 'expired' = expired ? 'expired' : row.status;
  return {
    id: row.id,
    report_name: row.report_name,
    report_type: row.report_type,
    export_format: row.export_format,
    date_range_start: row.date_range_start,
    date_range_end: row.date_range_end,
    platforms: row.platforms,
    filters: row.filters,
    status,
    generated_at: row.generated_at.toISOString(),
    expires_at: row.expires_at.toISOString(),
    created_at: row.created_at.toISOString(),
    generation_ms: row.generation_ms,
    schedule_id: row.schedule_id,
    download_url: publicLink(publicUrl, reportPath(row.public_id)),
  };
}
export type ReportRecordOut = ReturnType<typeof recordOut>;

export function parseReportId(raw: string, field = 'id'): number {
  if (!/^\d{1,15}$/.test(raw)) throw new ValidationError(field, 'must be a numeric report id');
  return Number(raw);
}

function checkNotExpired(row: ReportRecordRow, now: Date): void {
  if (row.expires_at.getTime() <= now.getTime()) throw new GoneError('Report', `expired at ${row.expires_at.toISOString()}`);
}

/** The caller's report record; `allowExpired` for deleting, which is fine after expiry. */
export async function loadOwnReport(db: Queryable, userId: number, reportId: number, now: Date, allowExpired = false): Promise<ReportRecordRow> {
  const row = await findReport(db, userId, reportId);
  if (!row) throw new NotFoundError('Report');
  if (!allowExpired) checkNotExpired(row, now);
  return row;
}

export async function loadOwnReportData(db: Queryable, userId: number, reportId: number, now: Date): Promise<ReportRecordRow & { report_data: unknown }> {
  const row = await findReportWithData(db, userId, reportId);
  if (!row) throw new NotFoundError('Report');
  checkNotExpired(row, now);
  return row;
}

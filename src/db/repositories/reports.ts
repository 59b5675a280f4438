/**
 * Generated reports (analytics_reports): the frozen document and its record.
 * Every read and write takes the owner's user id, except the retention delete.
 */
import type { Platform } from '../../analytics/catalog.js';
import type { ExportFormat, ReportFilters, ReportType } from '../../analytics/report-kinds.js';
import type { Queryable } from '../client.js';

/** Stored as written from a parsed request (reports/request.ts), so the columns hold only these values. */
export interface ReportRecordRow {
  id: number;
  /** The UUID the API shows for this report (download URLs, webhook bodies). */
  public_id: string;
  user_id: number;
  report_name: string;
  report_type: ReportType;
  export_format: ExportFormat;
  date_range_start: string;
  date_range_end: string;
  platforms: Platform[];
  filters: ReportFilters;
  status: 'completed';
  schedule_id: number | null;
  generation_ms: number | null;
  generated_at: Date;
  expires_at: Date;
  created_at: Date;
}

const RECORD_COLUMNS = `id, public_id::text AS public_id, user_id, report_name, report_type, export_format, date_range_start::text AS date_range_start,
  date_range_end::text AS date_range_end, platforms, filters, status, schedule_id, generation_ms, generated_at, expires_at, created_at`;

export interface NewReport {
  reportName: string;
  reportType: string;
  exportFormat: string;
  from: string;
  to: string;
  platforms: string[];
  filters: Record<string, unknown>;
  /** The frozen document (ReportData of src/reports/types.ts), kept as JSON the store never looks inside. */
  data: unknown;
  generatedAt: Date;
  expiresAt: Date;
  generationMs: number;
  scheduleId?: number | null;
}

/** Stores a complete report in one statement: there is never a half-stored one. */
export async function insertReport(db: Queryable, userId: number, r: NewReport): Promise<ReportRecordRow> {
  const [row] = await db.query<ReportRecordRow>(
    `INSERT INTO analytics_reports (user_id, report_name, report_type, export_format, date_range_start, date_range_end,
       platforms, filters, status, report_data, generated_at, expires_at, generation_ms, schedule_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, 'completed', $9::jsonb, $10, $11, $12, $13)
     RETURNING ${RECORD_COLUMNS}`,
    [
      userId, r.reportName, r.reportType, r.exportFormat, r.from, r.to, r.platforms, JSON.stringify(r.filters),
      JSON.stringify(r.data), r.generatedAt, r.expiresAt, r.generationMs, r.scheduleId ?? null,
    ],
  );
  return row!;
}

export async function findReport(db: Queryable, userId: number, reportId: number): Promise<ReportRecordRow | null> {
  const [row] = await db.query<ReportRecordRow>(`SELECT ${RECORD_COLUMNS} FROM analytics_reports WHERE user_id = $1 AND id = $2`, [userId, reportId]);
  return row ?? null;
}

export async function findReportWithData(db: Queryable, userId: number, reportId: number): Promise<(ReportRecordRow & { report_data: unknown }) | null> {
  const [row] = await db.query<ReportRecordRow & { report_data: unknown }>(
    `SELECT ${RECORD_COLUMNS}, report_data FROM analytics_reports WHERE user_id = $1 AND id = $2`,
    [userId, reportId],
  );
  return row ?? null;
}

/** Newest first, keyset-paginated on id; asks for one row more than `limit` so the caller knows whether a next page exists. */
export async function listReports(db: Queryable, userId: number, limit: number, beforeId: number | null): Promise<ReportRecordRow[]> {
  return db.query<ReportRecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM analytics_reports
     WHERE user_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint)
     ORDER BY id DESC LIMIT $3`,
    [userId, beforeId, limit + 1],
  );
}

export async function deleteReport(db: Queryable, userId: number, reportId: number): Promise<boolean> {
  const rows = await db.query('DELETE FROM analytics_reports WHERE user_id = $1 AND id = $2 RETURNING id', [userId, reportId]);
  return rows.length > 0;
}

export async function countReports(db: Queryable, userId: number): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM analytics_reports WHERE user_id = $1', [userId]);
  return row?.n ?? 0;
}

/**
 * Retention: every user's reports that expired at or before `now`, with their
 * share links (explicitly, though the foreign key would cascade too). A
 * system job, so not scoped to one user.
 */
export async function deleteExpiredReportRows(db: Queryable, now: Date): Promise<number> {
  await db.query(
    'DELETE FROM report_shares WHERE report_id IN (SELECT id FROM analytics_reports WHERE expires_at <= $1)',
    [now],
  );
  const rows = await db.query('DELETE FROM analytics_reports WHERE expires_at <= $1 RETURNING id', [now]);
  return rows.length;
}

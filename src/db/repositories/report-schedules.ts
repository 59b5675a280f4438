/**
 * Report schedules and their deliveries (webhook or e-mail). Reads and writes take the
 * owner's user id; dueSchedules and claimSchedule are the system job's view
 * across users (it then works on each schedule as its owner).
 */
import type { Platform } from '../../analytics/catalog.js';
import type { ExportFormat, ReportFilters, ReportType } from '../../analytics/report-kinds.js';
import type { Queryable } from '../client.js';

/** Where a scheduled report goes: a webhook notified with its links, or an address it is mailed to. */
export type Recipient = { webhook_url: string } | { email: string };

/** What a run of a schedule came to (run-due.ts writes only these). */
export const SCHEDULE_RUN_STATUSES = ['completed', 'completed_with_failed_deliveries', 'failed'] as const;
export type ScheduleRunStatus = (typeof SCHEDULE_RUN_STATUSES)[number];

/** Stored as written from a parsed request (reports/schedules/spec.ts), so the columns hold only these values. */
export interface ScheduleRow {
  id: number;
  /** The UUID the API shows for this schedule (webhook bodies). */
  public_id: string;
  user_id: number;
  report_name: string;
  report_type: ReportType;
  platforms: Platform[];
  filters: ReportFilters;
  export_format: ExportFormat;
  frequency: 'weekly' | 'monthly';
  time_zone: string;
  recipients: Recipient[];
  next_run_at: Date;
  last_run_at: Date | null;
  last_status: ScheduleRunStatus | null;
  last_error: string | null;
  last_report_id: number | null;
  /** The public id of that report; null once it is gone (retention or DELETE). */
  last_report_public_id: string | null;
  created_at: Date;
}

const COLUMNS = `id, public_id::text AS public_id, user_id, report_name, report_type, platforms, filters, export_format, frequency, time_zone, recipients,
  next_run_at, last_run_at, last_status, last_error, last_report_id,
  (SELECT r.public_id::text FROM analytics_reports r WHERE r.user_id = report_schedules.user_id AND r.id = report_schedules.last_report_id) AS last_report_public_id,
  created_at`;

export interface NewSchedule {
  reportName: string;
  reportType: string;
  platforms: string[];
  filters: Record<string, unknown>;
  exportFormat: string;
  frequency: 'weekly' | 'monthly';
  timeZone: string;
  recipients: Recipient[];
  nextRunAt: Date;
}

export async function insertSchedule(db: Queryable, userId: number, s: NewSchedule): Promise<ScheduleRow> {
  const [row] = await db.query<ScheduleRow>(
    `INSERT INTO report_schedules (user_id, report_name, report_type, platforms, filters, export_format, frequency, time_zone, recipients, next_run_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9::jsonb, $10) RETURNING ${COLUMNS}`,
    [userId, s.reportName, s.reportType, s.platforms, JSON.stringify(s.filters), s.exportFormat, s.frequency, s.timeZone, JSON.stringify(s.recipients), s.nextRunAt],
  );
  return row!;
}

export async function listSchedules(db: Queryable, userId: number, limit: number, beforeId: number | null): Promise<ScheduleRow[]> {
  return db.query<ScheduleRow>(
    `SELECT ${COLUMNS} FROM report_schedules WHERE user_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $3`,
    [userId, beforeId, limit + 1],
  );
}

export async function findSchedule(db: Queryable, userId: number, id: number): Promise<ScheduleRow | null> {
  const [row] = await db.query<ScheduleRow>(`SELECT ${COLUMNS} FROM report_schedules WHERE user_id = $1 AND id = $2`, [userId, id]);
  return row ?? null;
}

export async function deleteSchedule(db: Queryable, userId: number, id: number): Promise<boolean> {
  return (await db.query('DELETE FROM report_schedules WHERE user_id = $1 AND id = $2 RETURNING id', [userId, id])).length > 0;
}

/** Schedules whose run is due, oldest first (system job: all users). */
export async function dueSchedules(db: Queryable, now: Date, limit: number): Promise<ScheduleRow[]> {
  return db.query<ScheduleRow>(`SELECT ${COLUMNS} FROM report_schedules WHERE next_run_at <= $1 ORDER BY next_run_at, id LIMIT $2`, [now, limit]);
}

/**
 * Takes a due run: moves next_run_at on, but only if nobody else did first
 * (two workers calling runDueSchedules at once each run a schedule once).
 */
export async function claimSchedule(db: Queryable, s: ScheduleRow, now: Date, nextRunAt: Date): Promise<boolean> {
  const rows = await db.query(
    'UPDATE report_schedules SET next_run_at = $4 WHERE user_id = $1 AND id = $2 AND next_run_at <= $3 RETURNING id',
    [s.user_id, s.id, now, nextRunAt],
  );
  return rows.length > 0;
}

export async function recordRun(db: Queryable, userId: number, id: number, r: { at: Date; status: ScheduleRunStatus; error: string | null; reportId: number | null }): Promise<void> {
  await db.query(
    `UPDATE report_schedules SET last_run_at = $3, last_status = $4, last_error = $5, last_report_id = coalesce($6, last_report_id)
     WHERE user_id = $1 AND id = $2`,
    [userId, id, r.at, r.status, r.error, r.reportId],
  );
}

export interface DeliveryRow {
  id: number;
  schedule_id: number;
  report_id: number | null;
  webhook_url: string | null;
  email: string | null;
  status: 'delivered' | 'failed';
  http_status: number | null;
  smtp_code: number | null;
  error: string | null;
  attempted_at: Date;
}

export async function insertDelivery(
  db: Queryable,
  userId: number,
  d: { scheduleId: number; reportId: number | null; recipient: Recipient; status: 'delivered' | 'failed'; httpStatus: number | null; smtpCode: number | null; error: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO report_deliveries (user_id, schedule_id, report_id, webhook_url, email, status, http_status, smtp_code, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      userId, d.scheduleId, d.reportId,
      'webhook_url' in d.recipient ? d.recipient.webhook_url : null, 'email' in d.recipient ? d.recipient.email : null,
      d.status, d.httpStatus, d.smtpCode, d.error,
    ],
  );
}

export async function listDeliveries(db: Queryable, userId: number, scheduleId: number, limit = 20): Promise<DeliveryRow[]> {
  return db.query<DeliveryRow>(
    `SELECT id, schedule_id, report_id, webhook_url, email, status, http_status, smtp_code, error, attempted_at FROM report_deliveries
     WHERE user_id = $1 AND schedule_id = $2 ORDER BY id DESC LIMIT $3`,
    [userId, scheduleId, limit],
  );
}

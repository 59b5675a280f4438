/**
 * The user's data export: every row that belongs to them. Credentials are left
 * out (platform tokens, the alert webhook secret, share-link token hashes): they
 * are not data, and are sealed with the server's key or hashed anyway.
 * Columns that only hold database keys of rows the API never names (the
 * audience report a value belongs to, alerts' series and episode keys) are left
 * out too: the API shows UUIDs only, so audience values are nested in their report.
 */
import type { Platform } from '../../analytics/catalog.js';
import type { ExportFormat, ReportFilters, ReportType } from '../../analytics/report-kinds.js';
import type { Queryable } from '../client.js';
import type { AccountRow } from './accounts.js';
import type { AlertStatus } from './alerts.js';
import type { AudienceDimension } from './audience.js';
import type { LedgerCategory, LedgerKind } from './ledger.js';
import type { Recipient, ScheduleRunStatus } from './report-schedules.js';
import type { ReportRecordRow } from './reports.js';

const TABLES: { name: string; sql: string }[] = [
  { name: 'user', sql: 'SELECT id, email, timezone, brand_name, brand_color, created_at FROM users WHERE id = $1' },
  {
    name: 'accounts',
    sql: `SELECT id, platform, external_id, handle, display_name, connected_at, disconnected_at, last_synced_at,
            last_sync_status, last_error, next_sync_at, needs_reauth FROM platform_accounts WHERE user_id = $1 ORDER BY id`,
  },
  { name: 'content_items', sql: 'SELECT id, title, created_at FROM content_items WHERE user_id = $1 ORDER BY id' },
  {
    name: 'posts',
    sql: `SELECT id, account_id, content_id, platform, platform_post_id, url, title, caption, hashtags, media_type,
            duration_seconds, published_at, first_seen_at FROM platform_posts WHERE user_id = $1 ORDER BY id`,
  },
  { name: 'post_snapshots', sql: 'SELECT post_id, metric, observed_at, value, source FROM post_snapshots WHERE user_id = $1 ORDER BY post_id, metric, observed_at' },
  { name: 'account_snapshots', sql: 'SELECT account_id, metric, observed_at, value, source FROM account_snapshots WHERE user_id = $1 ORDER BY account_id, metric, observed_at' },
  { name: 'account_daily', sql: 'SELECT account_id, metric, day::text AS day, value, source FROM account_daily_reported WHERE user_id = $1 ORDER BY account_id, metric, day' },
  {
    name: 'reports',
    sql: `SELECT id, report_name, report_type, export_format, date_range_start::text AS date_range_start, date_range_end::text AS date_range_end,
            platforms, filters, status, generated_at, expires_at, created_at FROM analytics_reports WHERE user_id = $1 ORDER BY id`,
  },
  {
    name: 'report_schedules',
    sql: `SELECT id, report_name, report_type, platforms, filters, export_format, frequency, time_zone, recipients, next_run_at, last_run_at,
            last_status, last_error, last_report_id, created_at FROM report_schedules WHERE user_id = $1 ORDER BY id`,
  },
  {
    // Amounts as text: numeric read as a JavaScript number could lose exactness.
    name: 'ledger_entries',
    sql: `SELECT id, kind, amount::text AS amount, currency, entry_date::text AS entry_date, category, platform, content_id, campaign, note,
            created_at, updated_at FROM ledger_entries WHERE user_id = $1 ORDER BY id`,
  },
  {
    name: 'account_revenue_daily',
    sql: `SELECT account_id, day::text AS day, currency, amount::text AS amount, source FROM account_revenue_daily
          WHERE user_id = $1 ORDER BY account_id, currency, day`,
  },
  {
    name: 'alerts',
    sql: `SELECT id, account_id, post_id, platform, kind, metric, day::text AS day, last_day::text AS last_day, observed, expected, score,
            status, detected_at, status_changed_at FROM alerts WHERE user_id = $1 ORDER BY id`,
  },
  {
    // The secret itself never leaves; whether one exists is the user's setting.
    name: 'alert_settings',
    sql: `SELECT spike_threshold, drop_threshold, viral_threshold, cooldown_days, email, webhook_url,
            webhook_secret_enc IS NOT NULL AS webhook_secret_set, updated_at FROM alert_settings WHERE user_id = $1`,
  },
  {
    name: 'content_suggestion_dismissals',
    sql: 'SELECT post_a, post_b, dismissed_at FROM content_suggestion_dismissals WHERE user_id = $1 ORDER BY post_a, post_b',
  },
  {
    // A report's own key is named nowhere in the API, so its values come inside it.
    name: 'audience_reports',
    sql: `SELECT r.account_id, r.dimension, r.source, r.metric, r.unit, r.period_start::text AS period_start, r.period_end::text AS period_end,
            r.basis, r.basis_count, r.unavailable_reason, r.reported_at, r.checked_at,
            (SELECT coalesce(json_agg(json_build_object('bucket', v.bucket, 'value', v.value) ORDER BY v.bucket), '[]'::json)
               FROM audience_values v WHERE v.user_id = r.user_id AND v.report_id = r.id) AS "values"
          FROM audience_reports r WHERE r.user_id = $1 ORDER BY r.account_id, r.dimension, r.reported_at, r.id`,
  },
];

interface SnapshotRow { metric: string; observed_at: Date; value: number; source: string }

/** The export's shape: one list of rows per table (the user a single row), as the queries above select them. */
export interface UserExportData {
  exported_at: string;
  format: typeof EXPORT_FORMAT;
  user: { id: number; email: string; timezone: string; brand_name: string | null; brand_color: string | null; created_at: Date } | null;
  accounts: Omit<AccountRow, 'user_id'>[];
  content_items: { id: number; title: string | null; created_at: Date }[];
  posts: {
    id: number; account_id: number; content_id: number; platform: Platform; platform_post_id: string; url: string | null; title: string | null;
    caption: string | null; hashtags: string[]; media_type: string | null; duration_seconds: number | null; published_at: Date; first_seen_at: Date;
  }[];
  post_snapshots: (SnapshotRow & { post_id: number })[];
  account_snapshots: (SnapshotRow & { account_id: number })[];
  account_daily: { account_id: number; metric: string; day: string; value: number; source: string }[];
  reports: (Omit<ReportRecordRow, 'user_id' | 'schedule_id' | 'generation_ms' | 'generated_at' | 'expires_at'> & { generated_at: Date | null; expires_at: Date | null })[];
  report_schedules: {
    id: number; report_name: string; report_type: ReportType; platforms: Platform[]; filters: ReportFilters; export_format: ExportFormat;
    frequency: 'weekly' | 'monthly'; time_zone: string; recipients: Recipient[]; next_run_at: Date; last_run_at: Date | null;
    last_status: ScheduleRunStatus | null; last_error: string | null; last_report_id: number | null; created_at: Date;
  }[];
  ledger_entries: {
    id: number; kind: LedgerKind; amount: string; currency: string; entry_date: string; category: LedgerCategory; platform: Platform | null;
    content_id: number | null; campaign: string | null; note: string; created_at: Date; updated_at: Date;
  }[];
  account_revenue_daily: { account_id: number; day: string; currency: string; amount: string; source: string }[];
  alerts: {
    id: number; account_id: number; post_id: number | null; platform: Platform; kind: 'spike' | 'drop' | 'viral'; metric: 'views' | 'engagement' | 'followers';
    day: string; last_day: string; observed: number; expected: number; score: number; status: AlertStatus; detected_at: Date; status_changed_at: Date | null;
  }[];
  alert_settings: {
    spike_threshold: number; drop_threshold: number; viral_threshold: number; cooldown_days: number; email: boolean; webhook_url: string | null;
    webhook_secret_set: boolean; updated_at: Date;
  }[];
  content_suggestion_dismissals: { post_a: number; post_b: number; dismissed_at: Date }[];
  audience_reports: {
    account_id: number; dimension: AudienceDimension; source: string; metric: string; unit: 'percent' | 'views' | 'followers';
    period_start: string | null; period_end: string | null; basis: 'views' | 'followers' | null; basis_count: number | null;
    unavailable_reason: string | null; reported_at: Date; checked_at: Date; values: { bucket: string; value: number }[];
  }[];
}

/**
 * Version 2: ids are UUID strings (version 1 files hold integer keys), and the
 * tables added since (schedules, ledger, revenue, alerts, dismissals, audience) are listed.
 */
export const EXPORT_FORMAT = 'pulseboard-export/2';

export async function exportUser(db: Queryable, userId: number): Promise<UserExportData> {
  const sql = (name: string) => TABLES.find((t) => t.name === name)?.sql ?? '';
  const rows = <T extends object>(name: string) => db.query<T>(sql(name), [userId]);
  return {
    exported_at: new Date().toISOString(),
    format: EXPORT_FORMAT,
    user: (await rows<NonNullable<UserExportData['user']>>('user'))[0] ?? null,
    accounts: await rows<UserExportData['accounts'][number]>('accounts'),
    content_items: await rows<UserExportData['content_items'][number]>('content_items'),
    posts: await rows<UserExportData['posts'][number]>('posts'),
    post_snapshots: await rows<UserExportData['post_snapshots'][number]>('post_snapshots'),
    account_snapshots: await rows<UserExportData['account_snapshots'][number]>('account_snapshots'),
    account_daily: await rows<UserExportData['account_daily'][number]>('account_daily'),
    reports: await rows<UserExportData['reports'][number]>('reports'),
    report_schedules: await rows<UserExportData['report_schedules'][number]>('report_schedules'),
    ledger_entries: await rows<UserExportData['ledger_entries'][number]>('ledger_entries'),
    account_revenue_daily: await rows<UserExportData['account_revenue_daily'][number]>('account_revenue_daily'),
    alerts: await rows<UserExportData['alerts'][number]>('alerts'),
    alert_settings: await rows<UserExportData['alert_settings'][number]>('alert_settings'),
    content_suggestion_dismissals: await rows<UserExportData['content_suggestion_dismissals'][number]>('content_suggestion_dismissals'),
    audience_reports: await rows<UserExportData['audience_reports'][number]>('audience_reports'),
  };
}

/**
 * The user's data export: every row that belongs to them. Tokens are left out
 * (they are credentials, not data, and are encrypted with the server's key anyway).
 */
import type { Platform } from '../../analytics/catalog.js';
import type { Queryable } from '../client.js';
import type { AccountRow } from './accounts.js';
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
];

interface SnapshotRow { metric: string; observed_at: Date; value: number; source: string }

/** The export's shape: one list of rows per table (the user a single row), as the queries above select them. */
export interface UserExportData {
  exported_at: string;
  format: 'pulseboard-export/1';
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
}

export async function exportUser(db: Queryable, userId: number): Promise<UserExportData> {
  const sql = (name: string) => TABLES.find((t) => t.name === name)?.sql ?? '';
  const rows = <T extends object>(name: string) => db.query<T>(sql(name), [userId]);
  return {
    exported_at: new Date().toISOString(),
    format: 'pulseboard-export/1',
    user: (await rows<NonNullable<UserExportData['user']>>('user'))[0] ?? null,
    accounts: await rows<UserExportData['accounts'][number]>('accounts'),
    content_items: await rows<UserExportData['content_items'][number]>('content_items'),
    posts: await rows<UserExportData['posts'][number]>('posts'),
    post_snapshots: await rows<UserExportData['post_snapshots'][number]>('post_snapshots'),
    account_snapshots: await rows<UserExportData['account_snapshots'][number]>('account_snapshots'),
    account_daily: await rows<UserExportData['account_daily'][number]>('account_daily'),
    reports: await rows<UserExportData['reports'][number]>('reports'),
  };
}

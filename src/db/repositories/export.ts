/**
 * The user's data export: every row that belongs to them. Tokens are left out
 * (they are credentials, not data, and are encrypted with the server's key anyway).
 */
import type { Queryable } from '../client.js';

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

export async function exportUser(db: Queryable, userId: number): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { exported_at: new Date().toISOString(), format: 'pulseboard-export/1' };
  for (const table of TABLES) {
    const rows = await db.query(table.sql, [userId]);
    out[table.name] = table.name === 'user' ? (rows[0] ?? null) : rows;
  }
  return out;
}

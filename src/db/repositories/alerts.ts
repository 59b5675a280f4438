/** Alerts (migration 013): episodes found by detection, their status, and their deliveries. */
import type { Platform } from '../../analytics/catalog.js';
import type { Queryable } from '../client.js';

export const ALERT_STATUSES = ['new', 'acknowledged', 'dismissed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface AlertRow {
  id: number;
  account_id: number;
  post_id: number | null;
  content_id: number | null;
  platform: Platform;
  kind: 'spike' | 'drop' | 'viral';
  metric: 'views' | 'engagement' | 'followers';
  day: string;
  last_day: string;
  observed: number;
  expected: number;
  score: number;
  status: AlertStatus;
  detected_at: Date;
}

const COLUMNS = `a.id, a.account_id, a.post_id, p.content_id, a.platform, a.kind, a.metric, a.day::text AS day, a.last_day::text AS last_day,
  a.observed, a.expected, a.score, a.status, a.detected_at`;
const FROM = 'alerts a LEFT JOIN platform_posts p ON p.user_id = a.user_id AND p.id = a.post_id';

export interface NewAlert {
  accountId: number;
  postId: number | null;
  platform: Platform;
  kind: AlertRow['kind'];
  metric: AlertRow['metric'];
  seriesKey: string;
  episodeKey: string;
  day: string;
  lastDay: string;
  observed: number;
  expected: number;
  score: number;
}

/** Stores a new episode; null when it is already stored (same episode key). */
export async function insertAlert(db: Queryable, userId: number, a: NewAlert): Promise<{ id: number; public_id: string; detected_at: Date } | null> {
  const rows = await db.query<{ id: number; public_id: string; detected_at: Date }>(
    `INSERT INTO alerts (user_id, account_id, post_id, platform, kind, metric, series_key, episode_key, day, last_day, observed, expected, score)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (user_id, episode_key) DO NOTHING RETURNING id, public_id::text AS public_id, detected_at`,
    [userId, a.accountId, a.postId, a.platform, a.kind, a.metric, a.seriesKey, a.episodeKey, a.day, a.lastDay, a.observed, a.expected, a.score],
  );
  return rows[0] ?? null;
}

/** An episode goes on: its last day moves forward (never back). */
export async function extendAlert(db: Queryable, userId: number, id: number, lastDay: string): Promise<void> {
  await db.query('UPDATE alerts SET last_day = greatest(last_day, $3::date) WHERE user_id = $1 AND id = $2', [userId, id, lastDay]);
}

/** The stored episodes of these series that end on or after `sinceDay`. */
export async function storedEpisodes(db: Queryable, userId: number, seriesKeys: string[], sinceDay: string): Promise<{ id: number; seriesKey: string; day: string; lastDay: string }[]> {
  if (seriesKeys.length === 0) return [];
  return db.query(
    `SELECT id, series_key AS "seriesKey", day::text AS day, last_day::text AS "lastDay" FROM alerts
     WHERE user_id = $1 AND series_key = ANY($2::text[]) AND last_day >= $3::date`,
    [userId, seriesKeys, sinceDay],
  );
}

/** Which of these series already have an alert at all (viral: once per post). */
export async function seriesWithAlerts(db: Queryable, userId: number, seriesKeys: string[]): Promise<Set<string>> {
  if (seriesKeys.length === 0) return new Set();
  const rows = await db.query<{ series_key: string }>('SELECT DISTINCT series_key FROM alerts WHERE user_id = $1 AND series_key = ANY($2::text[])', [userId, seriesKeys]);
  return new Set(rows.map((r) => r.series_key));
}

export interface AlertFilter {
  /** null: every status. */
  status: AlertStatus | null;
  platforms: Platform[];
  kinds: AlertRow['kind'][];
  from: string;
  to: string;
}

/** A page of alerts newest first (by id), up to limit + 1 rows so the caller can tell whether more follow. */
export async function listAlerts(db: Queryable, userId: number, f: AlertFilter, limit: number, beforeId: number | null): Promise<AlertRow[]> {
  return db.query<AlertRow>(
    `SELECT ${COLUMNS} FROM ${FROM}
     WHERE a.user_id = $1 AND ($2::text IS NULL OR a.status = $2) AND a.platform = ANY($3::text[]) AND a.kind = ANY($4::text[])
       AND a.day BETWEEN $5::date AND $6::date AND ($7::bigint IS NULL OR a.id < $7)
     ORDER BY a.id DESC LIMIT $8`,
    [userId, f.status, f.platforms, f.kinds, f.from, f.to, beforeId, limit + 1],
  );
}

export async function findAlert(db: Queryable, userId: number, id: number): Promise<AlertRow | null> {
  const rows = await db.query<AlertRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.user_id = $1 AND a.id = $2`, [userId, id]);
  return rows[0] ?? null;
}

/** Sets the status of the caller's alert; null when they have no such alert. */
export async function setAlertStatus(db: Queryable, userId: number, id: number, status: AlertStatus): Promise<AlertRow | null> {
  const rows = await db.query<{ id: number }>('UPDATE alerts SET status = $3, status_changed_at = now() WHERE user_id = $1 AND id = $2 RETURNING id', [userId, id, status]);
  return rows.length === 0 ? null : findAlert(db, userId, id);
}

export type AlertChannel = 'live' | 'email' | 'webhook';

export async function insertAlertDelivery(
  db: Queryable,
  userId: number,
  d: { alertId: number; channel: AlertChannel; status: 'delivered' | 'failed'; httpStatus: number | null; smtpCode: number | null; error: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO alert_deliveries (user_id, alert_id, channel, status, http_status, smtp_code, error) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [userId, d.alertId, d.channel, d.status, d.httpStatus, d.smtpCode, d.error],
  );
}

export interface AlertDeliveryRow {
  alert_id: number;
  channel: AlertChannel;
  status: 'delivered' | 'failed';
  http_status: number | null;
  smtp_code: number | null;
  error: string | null;
}

export async function listAlertDeliveries(db: Queryable, userId: number, alertId: number): Promise<AlertDeliveryRow[]> {
  return db.query<AlertDeliveryRow>(
    'SELECT alert_id, channel, status, http_status, smtp_code, error FROM alert_deliveries WHERE user_id = $1 AND alert_id = $2 ORDER BY id',
    [userId, alertId],
  );
}

/**
 * Audience demographics as the platforms reported them (migration 012): one
 * report per account, dimension and answer, its buckets in audience_values.
 * Written by ingestion, read by the audience_demographics insight.
 */
import type { Platform } from '../../analytics/catalog.js';
import type { Queryable } from '../client.js';

/** Dimensions a platform breaks its audience down by. */
export const AUDIENCE_DIMENSIONS = ['age', 'gender', 'country', 'city'] as const;
export type AudienceDimension = (typeof AUDIENCE_DIMENSIONS)[number];

/**
 * One demographics report as the platform gave it: one dimension of one
 * account, its buckets in the platform's own labels and units. Never
 * estimated: when the platform gave nothing, `values` is empty and
 * `unavailableReason` says why (e.g. Instagram under 100 followers).
 */
export interface AudienceReport {
  dimension: AudienceDimension;
  /** The platform's metric, e.g. 'viewerPercentage', 'views', 'follower_demographics'. */
  metric: string;
  unit: 'percent' | 'views' | 'followers';
  /** Days the figures cover (YYYY-MM-DD, the platform's day); absent for lifetime figures. */
  periodStart?: string;
  periodEnd?: string;
  /** What the figures rest on (views in the window, followers now), when the platform says. */
  basis?: { kind: 'views' | 'followers'; count: number };
  values: { bucket: string; value: number }[];
  unavailableReason?: string;
  reportedAt: Date;
}

export interface StoredAudienceReport {
  id: number;
  account_id: number;
  platform: Platform;
  handle: string | null;
  dimension: AudienceDimension;
  source: string;
  metric: string;
  unit: 'percent' | 'views' | 'followers';
  period_start: string | null;
  period_end: string | null;
  basis: 'views' | 'followers' | null;
  basis_count: number | null;
  unavailable_reason: string | null;
  reported_at: Date;
  checked_at: Date;
  /** Largest value first. */
  values: { bucket: string; value: number }[];
}

function sameAnswer(stored: StoredAudienceReport, r: AudienceReport): boolean {
  if (stored.metric !== r.metric || stored.unit !== r.unit || (stored.unavailable_reason ?? undefined) !== r.unavailableReason) return false;
  if ((stored.basis ?? undefined) !== r.basis?.kind || (stored.basis_count ?? undefined) !== r.basis?.count) return false;
  if ((stored.period_start ?? undefined) !== r.periodStart || (stored.period_end ?? undefined) !== r.periodEnd) return false;
  if (stored.values.length !== r.values.length) return false;
  const byBucket = new Map(stored.values.map((v) => [v.bucket, v.value]));
  return r.values.every((v) => byBucket.get(v.bucket) === v.value);
}

/**
 * Stores each report unless the account's latest report of that dimension
 * said exactly the same (then only its checked_at moves). Returns how many
 * new reports were written.
 */
export async function storeAudienceReports(tx: Queryable, userId: number, accountId: number, source: string, reports: AudienceReport[]): Promise<number> {
  let written = 0;
  for (const r of reports) {
    const [latest] = await latestReports(tx, userId, { accountId, dimension: r.dimension });
    if (latest && sameAnswer(latest, r)) {
      await tx.query('UPDATE audience_reports SET checked_at = greatest(checked_at, $3) WHERE user_id = $1 AND id = $2', [userId, latest.id, r.reportedAt]);
      continue;
    }
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO audience_reports (user_id, account_id, dimension, source, metric, unit, period_start, period_end, basis, basis_count, unavailable_reason, reported_at, checked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
      [userId, accountId, r.dimension, source, r.metric, r.unit, r.periodStart ?? null, r.periodEnd ?? null, r.basis?.kind ?? null, r.basis?.count ?? null, r.unavailableReason ?? null, r.reportedAt],
    );
    if (r.values.length > 0) {
      await tx.query(
        `INSERT INTO audience_values (user_id, report_id, bucket, value)
         SELECT $1, $2, * FROM unnest($3::text[], $4::float8[])`,
        [userId, row!.id, r.values.map((v) => v.bucket), r.values.map((v) => v.value)],
      );
    }
    written += 1;
  }
  return written;
}

/** The latest report of every dimension of every connected account of the user (or of one account and dimension). */
export async function latestReports(db: Queryable, userId: number, only: { accountId: number; dimension: AudienceDimension } | null = null): Promise<StoredAudienceReport[]> {
  const reports = await db.query<Omit<StoredAudienceReport, 'values'>>(
    `SELECT DISTINCT ON (r.account_id, r.dimension)
            r.id, r.account_id, a.platform, a.handle, r.dimension, r.source, r.metric, r.unit,
            r.period_start::text AS period_start, r.period_end::text AS period_end,
            r.basis, r.basis_count, r.unavailable_reason, r.reported_at, r.checked_at
       FROM audience_reports r
       JOIN platform_accounts a ON a.id = r.account_id AND a.user_id = r.user_id
      WHERE r.user_id = $1 AND a.disconnected_at IS NULL
        AND ($2::bigint IS NULL OR r.account_id = $2) AND ($3::text IS NULL OR r.dimension = $3)
      ORDER BY r.account_id, r.dimension, r.reported_at DESC, r.id DESC`,
    [userId, only?.accountId ?? null, only?.dimension ?? null],
  );
  if (reports.length === 0) return [];
  const values = await db.query<{ report_id: number; bucket: string; value: number }>(
    `SELECT report_id, bucket, value FROM audience_values
      WHERE user_id = $1 AND report_id = ANY($2::bigint[])
      ORDER BY report_id, value DESC, bucket`,
    [userId, reports.map((r) => r.id)],
  );
  const byReport = new Map<number, { bucket: string; value: number }[]>();
  for (const v of values) {
    const list = byReport.get(v.report_id) ?? [];
    list.push({ bucket: v.bucket, value: v.value });
    byReport.set(v.report_id, list);
  }
  return reports.map((r) => ({ ...r, reported_at: new Date(r.reported_at), checked_at: new Date(r.checked_at), values: byReport.get(r.id) ?? [] }));
}

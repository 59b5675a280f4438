/**
 * Revenue a platform reported for an account and a day (YouTube Analytics
 * estimatedRevenue), stored as reported: numeric, in the currency it came in.
 * Only what a platform said is here; nothing is estimated or filled with 0.
 */
import type { Platform } from '../../analytics/catalog.js';
import type { Queryable } from '../client.js';

export interface RevenueDayInput {
  day: string;
  currency: string;
  /** Decimal string, as the platform reported it. */
  amount: string;
}

/**
 * Upserts the days (platforms revise recent days); returns how many rows were
 * inserted or changed, so ingestion knows whether cached answers must go.
 */
export async function upsertAccountRevenue(tx: Queryable, userId: number, accountId: number, source: string, rows: RevenueDayInput[]): Promise<number> {
  if (rows.length === 0) return 0;
  const changed = await tx.query<{ day: string }>(
    `INSERT INTO account_revenue_daily (user_id, account_id, day, currency, amount, source)
     SELECT $1, $2, r.day::date, r.currency, r.amount::numeric, $3
     FROM unnest($4::text[], $5::text[], $6::text[]) AS r(day, currency, amount)
     ON CONFLICT (user_id, account_id, currency, day) DO UPDATE SET amount = EXCLUDED.amount, source = EXCLUDED.source
       WHERE account_revenue_daily.amount IS DISTINCT FROM EXCLUDED.amount
     RETURNING day::text AS day`,
    [userId, accountId, source, rows.map((r) => r.day), rows.map((r) => r.currency), rows.map((r) => r.amount)],
  );
  return changed.length;
}

export interface RevenueAmountRow {
  platform: Platform;
  account_id: number;
  day: string;
  currency: string;
  amount: string;
}

/** Reported revenue of the user's accounts on `platforms`, days inside [from, to] (the platform's own days). */
export async function reportedRevenue(db: Queryable, userId: number, from: string, to: string, platforms: Platform[]): Promise<RevenueAmountRow[]> {
  return db.query<RevenueAmountRow>(
    `SELECT a.platform, r.account_id, r.day::text AS day, r.currency, r.amount::text AS amount
     FROM account_revenue_daily r JOIN platform_accounts a ON a.id = r.account_id AND a.user_id = r.user_id
     WHERE r.user_id = $1 AND r.day BETWEEN $2::date AND $3::date AND a.platform = ANY($4::text[])
     ORDER BY r.day, r.account_id`,
    [userId, from, to, platforms],
  );
}

/** The stored days of one account (tests and diagnostics). */
export async function accountRevenueDays(db: Queryable, userId: number, accountId: number): Promise<RevenueDayInput[]> {
  return db.query<RevenueDayInput>(
    `SELECT day::text AS day, currency, amount::text AS amount FROM account_revenue_daily
     WHERE user_id = $1 AND account_id = $2 ORDER BY currency, day`,
    [userId, accountId],
  );
}

/**
 * The user's ledger of costs and revenue. Every read and write takes the
 * owner's user id; another user's entry is simply not found. Amounts are read
 * as text (numeric → JavaScript numbers would lose exactness; client.ts parses
 * numeric as a number), so they leave the store as the decimal strings stored.
 */
import type { Platform } from '../../analytics/catalog.js';
import type { Queryable } from '../client.js';

export const LEDGER_KINDS = ['cost', 'revenue'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export const LEDGER_CATEGORIES = ['production', 'ad_spend', 'fees', 'tools', 'sponsorship', 'affiliate', 'platform_payout', 'other'] as const;
export type LedgerCategory = (typeof LEDGER_CATEGORIES)[number];

export interface LedgerRow {
  id: number;
  kind: LedgerKind;
  /** Decimal string with 2 places. */
  amount: string;
  currency: string;
  date: string;
  category: LedgerCategory;
  platform: Platform | null;
  content_id: number | null;
  campaign: string | null;
  note: string;
  created_at: Date;
  updated_at: Date;
}

export interface LedgerFields {
  kind: LedgerKind;
  amount: string;
  currency: string;
  date: string;
  category: LedgerCategory;
  platform: Platform | null;
  content_id: number | null;
  campaign: string | null;
  note: string;
}

const COLUMNS = `id, kind, amount::text AS amount, currency, entry_date::text AS date, category, platform, content_id, campaign, note, created_at, updated_at`;

export async function insertLedgerEntry(db: Queryable, userId: number, e: LedgerFields): Promise<LedgerRow> {
  const [row] = await db.query<LedgerRow>(
    `INSERT INTO ledger_entries (user_id, kind, amount, currency, entry_date, category, platform, content_id, campaign, note)
     VALUES ($1, $2, $3::numeric, $4, $5::date, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
    [userId, e.kind, e.amount, e.currency, e.date, e.category, e.platform, e.content_id, e.campaign, e.note],
  );
  return row!;
}

export async function findLedgerEntry(db: Queryable, userId: number, id: number): Promise<LedgerRow | null> {
  const [row] = await db.query<LedgerRow>(`SELECT ${COLUMNS} FROM ledger_entries WHERE user_id = $1 AND id = $2`, [userId, id]);
  return row ?? null;
}

/** Replaces every field of the caller's entry; null when there is no such entry of theirs. */
export async function updateLedgerEntry(db: Queryable, userId: number, id: number, e: LedgerFields): Promise<LedgerRow | null> {
  const [row] = await db.query<LedgerRow>(
    `UPDATE ledger_entries SET kind = $3, amount = $4::numeric, currency = $5, entry_date = $6::date, category = $7, platform = $8,
       content_id = $9, campaign = $10, note = $11, updated_at = now()
     WHERE user_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [userId, id, e.kind, e.amount, e.currency, e.date, e.category, e.platform, e.content_id, e.campaign, e.note],
  );
  return row ?? null;
}

export async function deleteLedgerEntry(db: Queryable, userId: number, id: number): Promise<boolean> {
  const rows = await db.query<{ id: number }>('DELETE FROM ledger_entries WHERE user_id = $1 AND id = $2 RETURNING id', [userId, id]);
  return rows.length > 0;
}

export interface LedgerFilter {
  from: string | null;
  to: string | null;
  kind: LedgerKind | null;
  platforms: Platform[] | null;
  campaign: string | null;
}

/** Keyset cursor: the (date, id) of the last entry of the previous page; pages go newest first. */
export interface LedgerCursor {
  date: string;
  id: number;
}

/** One page (limit + 1 rows, so the caller knows whether more follow), newest date first, then highest id. */
export async function listLedgerEntries(db: Queryable, userId: number, f: LedgerFilter, limit: number, cursor: LedgerCursor | null): Promise<LedgerRow[]> {
  const where = ['user_id = $1'];
  const params: unknown[] = [userId];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.from !== null) add('entry_date >= ?::date', f.from);
  if (f.to !== null) add('entry_date <= ?::date', f.to);
  if (f.kind !== null) add('kind = ?', f.kind);
  if (f.platforms !== null) add('platform = ANY(?::text[])', f.platforms);
  if (f.campaign !== null) add('campaign = ?', f.campaign);
  if (cursor) {
    params.push(cursor.date, cursor.id);
    where.push(`(entry_date, id) < ($${params.length - 1}::date, $${params.length})`);
  }
  params.push(limit + 1);
  return db.query<LedgerRow>(
    `SELECT ${COLUMNS} FROM ledger_entries WHERE ${where.join(' AND ')} ORDER BY entry_date DESC, id DESC LIMIT $${params.length}`,
    params,
  );
}

/** Whether content item `contentId` is the user's own (the only content an entry may name). */
export async function ownsContent(db: Queryable, userId: number, contentId: number): Promise<boolean> {
  const rows = await db.query<{ id: number }>('SELECT id FROM content_items WHERE user_id = $1 AND id = $2', [userId, contentId]);
  return rows.length > 0;
}

/** An entry of the ROI view: only what the sums need. */
export interface LedgerAmountRow {
  kind: LedgerKind;
  amount: string;
  currency: string;
  date: string;
  platform: Platform | null;
  content_id: number | null;
  campaign: string | null;
}

/**
 * The entries dated inside [from, to]. `platforms` null: every entry, those
 * with no platform too; a list: only entries of those platforms.
 */
export async function ledgerAmounts(db: Queryable, userId: number, from: string, to: string, platforms: Platform[] | null): Promise<LedgerAmountRow[]> {
  return db.query<LedgerAmountRow>(
    `SELECT kind, amount::text AS amount, currency, entry_date::text AS date, platform, content_id, campaign
     FROM ledger_entries
     WHERE user_id = $1 AND entry_date BETWEEN $2::date AND $3::date AND ($4::text[] IS NULL OR platform = ANY($4::text[]))
     ORDER BY entry_date, id`,
    [userId, from, to, platforms],
  );
}

/** Whether the user has any ledger entry dated inside [from, to] (reports add ROI only then). */
export async function hasLedgerEntries(db: Queryable, userId: number, from: string, to: string): Promise<boolean> {
  const rows = await db.query<{ one: number }>(
    'SELECT 1 AS one FROM ledger_entries WHERE user_id = $1 AND entry_date BETWEEN $2::date AND $3::date LIMIT 1',
    [userId, from, to],
  );
  return rows.length > 0;
}

/**
 * Activity in [from, to] (rollup zone `tz`) of the posts of each content item,
 * on `platforms`: the same daily rollup (post_daily) the dashboard sums, so
 * views and engagement follow the catalog's definitions.
 */
export async function contentActivity(
  db: Queryable,
  userId: number,
  tz: string,
  from: string,
  to: string,
  platforms: Platform[],
  contentIds: number[],
): Promise<{ content_id: number; views: number | null; likes: number | null; comments: number | null; shares: number | null; saves: number | null }[]> {
  if (contentIds.length === 0) return [];
  return db.query(
    `SELECT p.content_id, sum(d.views) AS views, sum(d.likes) AS likes, sum(d.comments) AS comments, sum(d.shares) AS shares, sum(d.saves) AS saves
     FROM platform_posts p
     JOIN post_daily d ON d.user_id = p.user_id AND d.tz = $2 AND d.post_id = p.id AND d.day BETWEEN $3::date AND $4::date
     WHERE p.user_id = $1 AND p.platform = ANY($5::text[]) AND p.content_id = ANY($6::bigint[])
     GROUP BY p.content_id`,
    [userId, tz, from, to, platforms, contentIds],
  );
}

/**
 * The bulk data export (GET /analytics/export): every post snapshot (raw) or
 * post-day row (day) of the range, read through a server-side cursor so that
 * memory stays constant whatever the size.
 *
 * The cursor lives in a transaction on one connection (Db.transaction), which
 * works the same on PostgreSQL and PGlite. Rows are fetched in batches only
 * when the consumer asks for the next one, so a slow client slows the reads
 * instead of filling memory; when the consumer stops early (client gone), the
 * cursor is closed and the transaction ends, releasing the connection.
 */
import type { Db } from '../client.js';
import type { Period } from '../../analytics/period.js';

export type ExportGranularity = 'raw' | 'day';

export interface RawExportRow {
  platform: string;
  platform_post_id: string;
  /** The post's public id (UUID), as the API shows it. */
  post_id: string;
  metric: string;
  observed_at: string;
  value: number;
  source: string;
}

export interface DayExportRow {
  day: string;
  platform: string;
  platform_post_id: string;
  post_id: string;
  views: number | null;
  likes: number | null;
  shares: number | null;
  comments: number | null;
  saves: number | null;
  clicks: number | null;
  impressions: number | null;
  watch_time_minutes: number | null;
  estimated: boolean;
}

/** FROM/WHERE of each export; params: $1 user, $2 from, $3 to, $4 tz, $5 platforms. */
const SOURCES: Record<ExportGranularity, { select: string; from: string; order: string }> = {
  raw: {
    select: `p.platform, p.platform_post_id, p.public_id::text AS post_id, s.metric,
      to_char(s.observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS observed_at, s.value, s.source`,
    from: `post_snapshots s JOIN platform_posts p ON p.user_id = s.user_id AND p.id = s.post_id
      WHERE s.user_id = $1 AND s.observed_at >= ($2::date::timestamp AT TIME ZONE $4)
        AND s.observed_at < (($3::date + 1)::timestamp AT TIME ZONE $4) AND p.platform = ANY($5::text[])`,
    order: 's.post_id, s.metric, s.observed_at',
  },
  day: {
    select: `d.day::text AS day, p.platform, p.platform_post_id, p.public_id::text AS post_id, d.views, d.likes, d.shares, d.comments,
      d.saves, d.clicks, d.impressions, d.watch_time_minutes, d.estimated`,
    from: `post_daily d JOIN platform_posts p ON p.user_id = d.user_id AND p.id = d.post_id
      WHERE d.user_id = $1 AND d.tz = $4 AND d.day BETWEEN $2::date AND $3::date AND p.platform = ANY($5::text[])`,
    order: 'd.post_id, d.day',
  },
};

function params(userId: number, p: Period): unknown[] {
  return [userId, p.from, p.to, p.tz, p.platforms];
}

/** Rows in the export, counted no further than `cap` (enough to tell "over the limit" cheaply). */
export async function countExportRows(db: Db, userId: number, p: Period, g: ExportGranularity, cap: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::bigint AS n FROM (SELECT 1 FROM ${SOURCES[g].from} LIMIT $6) capped`,
    [...params(userId, p), cap],
  );
  return Number(row?.n ?? 0);
}

/** Exact count of the export's rows (for tests and diagnostics). */
export async function exactExportRows(db: Db, userId: number, p: Period, g: ExportGranularity): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM ${SOURCES[g].from}`, params(userId, p));
  return Number(row?.n ?? 0);
}

/**
 * Rows per FETCH. Small on purpose: a row lives from its FETCH until the CSV
 * encoder has taken it, and with 5,000 rows (and the next batch prefetched)
 * that spanned two of V8's young-generation collections, so most rows were
 * promoted to the old generation and the heap grew by ~140 MB of garbage
 * over a 1M-row export before a full collection came (bench/export-rss.ts).
 * With 1,000 rows they die young; the extra round trips cost little next to
 * encoding.
 */
export const EXPORT_BATCH = 1000;

export function exportRows(db: Db, userId: number, p: Period, g: 'raw', batchSize?: number): AsyncGenerator<RawExportRow>;
export function exportRows(db: Db, userId: number, p: Period, g: 'day', batchSize?: number): AsyncGenerator<DayExportRow>;
export function exportRows(db: Db, userId: number, p: Period, g: ExportGranularity, batchSize?: number): AsyncGenerator<RawExportRow | DayExportRow>;
export function exportRows(db: Db, userId: number, p: Period, g: ExportGranularity, batchSize = EXPORT_BATCH): AsyncGenerator<RawExportRow | DayExportRow> {
  const s = SOURCES[g];
  return cursorRows(db, `SELECT ${s.select} FROM ${s.from} ORDER BY ${s.order}`, params(userId, p), batchSize);
}

/**
 * Rows of `sql` through `DECLARE … CURSOR` / `FETCH n`. The transaction runs
 * in the background and hands batches over through a one-batch slot: it
 * fetches the next batch while the consumer works through the current one
 * (database and CSV encoding overlap), and waits while the slot is full, so
 * at most three batches exist at once whatever the size of the result.
 */
export async function* cursorRows<T extends object>(db: Db, sql: string, sqlParams: unknown[], batchSize: number): AsyncGenerator<T> {
  let slot: T[] | null = null;
  let ended = false;
  let failure: { error: unknown } | null = null;
  let stopped = false;
  let wakeConsumer: (() => void) | null = null;
  let wakeProducer: (() => void) | null = null;
  const wake = (which: 'consumer' | 'producer') => {
    const fn = which === 'consumer' ? wakeConsumer : wakeProducer;
    if (which === 'consumer') wakeConsumer = null;
    else wakeProducer = null;
    fn?.();
  };

  const done = db
    .transaction(async (tx) => {
      // Every row will be read: plan for the whole result, not for fast first rows.
      // With the default (0.1) and no statistics yet (right after a bulk load, or on
      // PGlite, which has no autovacuum) the planner picked a nested loop over merged
      // index scans: 48.9 s for 1M snapshots where the same SELECT took 2.7 s
      // (bench/reports.ts, section 3a, pass "as loaded").
      await tx.query('SET LOCAL cursor_tuple_fraction = 1.0');
      await tx.query(`DECLARE pulseboard_export NO SCROLL CURSOR FOR ${sql}`, sqlParams);
      for (;;) {
        const rows = await tx.query<T>(`FETCH ${batchSize} FROM pulseboard_export`);
        while (slot !== null && !stopped) await new Promise<void>((resolve) => (wakeProducer = resolve));
        if (stopped) break;
        slot = rows;
        wake('consumer');
        if (rows.length < batchSize) break;
      }
      await tx.query('CLOSE pulseboard_export');
    })
    .then(
      () => {
        ended = true;
        wake('consumer');
      },
      (error: unknown) => {
        failure = { error };
        wake('consumer');
      },
    );

  try {
    for (;;) {
      while (slot === null && !ended && failure === null) await new Promise<void>((resolve) => (wakeConsumer = resolve));
      if (slot !== null) {
        const rows: (T | undefined)[] = slot;
        slot = null;
        wake('producer');
        // Let go of each row as it is handed on, so the batch does not keep the encoded ones alive.
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          rows[i] = undefined;
          yield row;
        }
        continue;
      }
      if (failure !== null) throw (failure as { error: unknown }).error;
      return;
    }
  } finally {
    stopped = true;
    wake('producer');
    await done;
  }
}

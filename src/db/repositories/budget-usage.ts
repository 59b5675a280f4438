/**
 * Request budget usage (table budget_usage, migration 007): the durable
 * counterpart of the Redis budget scripts. Each take is one statement on the
 * key's row: INSERT ... ON CONFLICT DO UPDATE locks the row and computes from
 * its latest committed version, so two processes taking at once are
 * serialized and the check-then-record cannot interleave. The statement's
 * answer is written to the row (retry_at) because RETURNING sees only the new
 * row: 0 when the take was recorded, otherwise when it could be.
 * Instants are milliseconds on the caller's clock.
 */
import type { Queryable } from '../client.js';

/** A take that could never fit (cost > limit) inserts nothing and returns no row: the caller answers it. */
const SLIDING_TAKE = `
INSERT INTO budget_usage AS b (key, taken_at, taken_cost, retry_at)
SELECT $1, ARRAY[$2::bigint], ARRAY[$3::int], 0 WHERE $3::int <= $4::bigint
ON CONFLICT (key) DO UPDATE SET (taken_at, taken_cost, retry_at) = (
  SELECT
    CASE WHEN d.ok THEN l.at || $2::bigint ELSE l.at END,
    CASE WHEN d.ok THEN l.cost || $3::int ELSE l.cost END,
    CASE
      WHEN d.blocked THEN b.blocked_until
      WHEN d.ok THEN 0
      -- The earliest instant enough of the oldest takes have slid out for this one to fit.
      ELSE coalesce((
        SELECT min(f.a) + $5::bigint + 1
        FROM (SELECT u.a, sum(u.c) OVER (ORDER BY u.a, u.i) AS freed
              FROM unnest(l.at, l.cost) WITH ORDINALITY AS u(a, c, i)) f
        WHERE l.used - f.freed + $3::int <= $4::bigint
      ), $2::bigint + $5::bigint)
    END
  FROM (
    -- The takes still inside the window, in the row's order (older ones are dropped from the row here).
    SELECT coalesce(array_agg(u.a ORDER BY u.i), '{}') AS at,
           coalesce(array_agg(u.c ORDER BY u.i), '{}') AS cost,
           coalesce(sum(u.c), 0) AS used
    FROM unnest(b.taken_at, b.taken_cost) WITH ORDINALITY AS u(a, c, i)
    WHERE u.a > $2::bigint - $5::bigint
  ) l,
  LATERAL (SELECT b.blocked_until > $2::bigint AS blocked,
                  b.blocked_until <= $2::bigint AND l.used + $3::int <= $4::bigint AS ok) d
)
RETURNING retry_at`;

const DAY_TAKE = `
INSERT INTO budget_usage AS b (key, period, used, retry_at)
SELECT $1, $2::text, $3::int, 0 WHERE $3::int <= $4::bigint
ON CONFLICT (key) DO UPDATE SET (period, used, retry_at) = (
  SELECT
    CASE WHEN d.ok THEN $2::text ELSE b.period END,
    CASE WHEN d.ok THEN c.used + $3::int ELSE b.used END,
    CASE WHEN d.blocked THEN b.blocked_until WHEN d.ok THEN 0 ELSE $5::bigint END
  -- A row still counting an earlier day starts the new day from zero.
  FROM (SELECT CASE WHEN b.period = $2::text THEN b.used ELSE 0 END AS used) c,
  LATERAL (SELECT b.blocked_until > $6::bigint AS blocked,
                  b.blocked_until <= $6::bigint AND c.used + $3::int <= $4::bigint AS ok) d
)
RETURNING retry_at`;

/**
 * Records `cost` at `now` in a rolling window of `windowMs` when it fits under `limit`.
 * Returns 0 when recorded, else when it could be; null when the cost exceeds the limit itself.
 */
export async function takeRolling(db: Queryable, key: string, now: number, cost: number, limit: number, windowMs: number): Promise<number | null> {
  const [row] = await db.query<{ retry_at: number }>(SLIDING_TAKE, [key, now, cost, limit, windowMs]);
  return row ? Number(row.retry_at) : null;
}

/** Records `cost` against the day `period` when it fits; 0 when recorded, else `resetAt` (or the block's end). */
export async function takeDay(db: Queryable, key: string, period: string, cost: number, limit: number, resetAt: number, now: number): Promise<number | null> {
  const [row] = await db.query<{ retry_at: number }>(DAY_TAKE, [key, period, cost, limit, resetAt, now]);
  return row ? Number(row.retry_at) : null;
}

/** Units taken after `since` (exclusive) in a rolling window. */
export async function usedRolling(db: Queryable, key: string, since: number): Promise<number> {
  const [row] = await db.query<{ used: number }>(
    `SELECT coalesce(sum(u.c), 0)::int AS used
     FROM budget_usage b, unnest(b.taken_at, b.taken_cost) AS u(a, c)
     WHERE b.key = $1 AND u.a > $2::bigint`,
    [key, since],
  );
  return row?.used ?? 0;
}

/** Units taken on the day `period`. */
export async function usedDay(db: Queryable, key: string, period: string): Promise<number> {
  const [row] = await db.query<{ used: number }>('SELECT used FROM budget_usage WHERE key = $1 AND period = $2', [key, period]);
  return row?.used ?? 0;
}

/** Until when `key` is blocked (0 when it is not): all a take that spends nothing needs to know. */
export async function blockedUntil(db: Queryable, key: string): Promise<number> {
  const [row] = await db.query<{ blocked_until: number }>('SELECT blocked_until FROM budget_usage WHERE key = $1', [key]);
  return row ? Number(row.blocked_until) : 0;
}

/** No take on `key` succeeds before `until`; a later block wins over an earlier one. */
export async function blockBudget(db: Queryable, key: string, until: number): Promise<void> {
  await db.query(
    `INSERT INTO budget_usage AS b (key, blocked_until) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET blocked_until = greatest(b.blocked_until, EXCLUDED.blocked_until)`,
    [key, Math.ceil(until)],
  );
}

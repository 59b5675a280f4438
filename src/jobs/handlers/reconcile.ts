/**
 * Job 'reconcile': calculation accuracy, watched. Per account, the rollups are
 * checked against what they are derived from (src/db/repositories/reconcile.ts):
 * all-time sums against the latest lifetime counters (kind "total"), and a few
 * days — the latest and some drawn at random — against a recomputation from the
 * raw snapshots (kind "day"). A drift is logged (warn) with its account, metric,
 * day and both values, and counted in /metrics. No payload.
 *
 * Bounded per run: at most ACCOUNTS_PER_RUN accounts, taken in id order from
 * where the previous run of this process stopped (then from the start again),
 * and RECENT_DAYS + RANDOM_DAYS days each. Nothing is repaired here: a drift
 * means a bug or a hand edit, and the rollups are rebuilt by re-ingesting.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Queryable } from '../../db/client.js';
import { accountsToReconcile, reconcileDays, reconcileTotals, sampleDays, type ReconcileRow } from '../../db/repositories/reconcile.js';
import type { JobHandler } from '../../queue/types.js';

export const ACCOUNTS_PER_RUN = 200;
export const RECENT_DAYS = 3;
export const RANDOM_DAYS = 3;

/** Sums of float8 counters: exact for whole numbers, so any difference beyond rounding is a drift. */
function drifted(r: ReconcileRow): boolean {
  return Math.abs(r.actual - r.expected) > 1e-6 * Math.max(1, Math.abs(r.expected));
}

export interface ReconcileLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export function reconcileHandler(db: Queryable, log: ReconcileLog, registry: Registry, limits = { accounts: ACCOUNTS_PER_RUN, recent: RECENT_DAYS, random: RANDOM_DAYS }): JobHandler<'reconcile'> {
  // Labels are platforms, metrics and kinds only, like every metric here: accounts go to the log.
  const labelNames = ['platform', 'metric', 'kind', 'rollup'] as const;
  const drift = new Gauge({ name: 'pulseboard_reconcile_drift', help: 'Rollup figures that disagree with their source, found by the last reconcile run', labelNames, registers: [registry] });
  const drifts = new Counter({ name: 'pulseboard_reconcile_drifts_total', help: 'Rollup figures found to disagree with their source, all runs', labelNames, registers: [registry] });
  const lastRun = new Gauge({ name: 'pulseboard_reconcile_last_run_timestamp_seconds', help: 'When the last reconcile run finished', registers: [registry] });
  const accounts = new Gauge({ name: 'pulseboard_reconcile_accounts_checked', help: 'Accounts the last reconcile run checked', registers: [registry] });
  const days = new Gauge({ name: 'pulseboard_reconcile_days_checked', help: 'Account-days the last reconcile run recomputed from raw snapshots', registers: [registry] });
  const duration = new Gauge({ name: 'pulseboard_reconcile_run_seconds', help: 'How long the last reconcile run took', registers: [registry] });
  let cursor = 0;

  return async () => {
    const started = performance.now();
    let batch = await accountsToReconcile(db, cursor, limits.accounts);
    // Past the last account: start again from the first, so every account gets its turn.
    if (batch.length === 0 && cursor > 0) batch = await accountsToReconcile(db, 0, limits.accounts);
    cursor = batch.at(-1)?.accountId ?? 0;
    const found = new Map<string, number>();
    let dayCount = 0;
    for (const account of batch) {
      const sampled = await sampleDays(db, account, limits.recent, limits.random);
      dayCount += sampled.length;
      const rows = [...(await reconcileTotals(db, account)), ...(await reconcileDays(db, account, sampled))];
      for (const r of rows.filter(drifted)) {
        const kind = r.day === null ? 'total' : 'day';
        log.warn(
          { userId: account.userId, accountId: account.accountId, platform: account.platform, metric: r.metric, kind, rollup: r.rollup, day: r.day, rollupValue: r.actual, sourceValue: r.expected },
          'rollup drift',
        );
        const labels = { platform: account.platform, metric: r.metric, kind, rollup: r.rollup };
        drifts.inc(labels);
        const key = JSON.stringify(labels);
        found.set(key, (found.get(key) ?? 0) + 1);
      }
    }
    drift.reset();
    for (const [key, n] of found) drift.set(JSON.parse(key) as Record<string, string>, n);
    accounts.set(batch.length);
    days.set(dayCount);
    const seconds = (performance.now() - started) / 1000;
    duration.set(seconds);
    lastRun.set(Date.now() / 1000);
    log.info({ accounts: batch.length, days: dayCount, drifts: [...found.values()].reduce((a, b) => a + b, 0), seconds }, 'reconcile run');
  };
}

/**
 * The reconcile job: a clean dataset shows no drift; a rollup edited by hand
 * and a raw snapshot whose effect is gone are reported with exactly their
 * account, metric and day, in the log and in the Prometheus registry.
 */
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/analytics/catalog.js';
import { ingest } from '../src/ingest/ingest.js';
import { reconcileHandler } from '../src/jobs/handlers/reconcile.js';
import { makeDataset } from './helpers/dataset.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeAccount, makeUser } from './helpers/fixtures.js';

// A zone far from UTC, so the recomputation's day boundaries are really tested.
const TZ = 'America/Los_Angeles';

let t: TestDb;
let userId: number;
const accounts = new Map<Platform, number>();
beforeAll(async () => {
  t = await createTestDb();
  userId = await makeUser(t.db, TZ);
  for (const [platform, batch] of makeDataset(11, new Date('2026-05-31T18:00:00Z'), 90).batches) {
    const accountId = await makeAccount(t.db, userId, platform);
    accounts.set(platform, accountId);
    await ingest(t.db, { ...batch, userId, accountId });
  }
});
afterAll(async () => {
  await t?.close();
});

function recorder() {
  const warnings: Record<string, unknown>[] = [];
  return { warnings, log: { info() {}, warn: (obj: object) => void warnings.push(obj as Record<string, unknown>) } };
}

async function gauge(registry: Registry, name: string) {
  return (await registry.getSingleMetric(name)!.get()).values;
}

async function latestDays(accountId: number, n: number): Promise<string[]> {
  const rows = await t.db.query<{ day: string }>(
    'SELECT day::text AS day FROM user_metrics WHERE user_id = $1 AND tz = $2 AND account_id = $3 ORDER BY day DESC LIMIT $4',
    [userId, TZ, accountId, n],
  );
  return rows.map((r) => r.day);
}

describe('reconcile job', () => {
  it('finds no drift in what ingestion built, on every day', async () => {
    const { warnings, log } = recorder();
    const metrics = new Registry();
    // Every day, not a sample: the recomputation must agree with the rollups everywhere (publish days included).
    await reconcileHandler(t.db, log, metrics, { accounts: 10, recent: 1000, random: 0 })({});
    expect(warnings).toEqual([]);
    expect(await gauge(metrics, 'pulseboard_reconcile_drift')).toEqual([]);
    expect((await gauge(metrics, 'pulseboard_reconcile_accounts_checked'))[0]!.value).toBe(4);
  });

  it('reports a hand-edited rollup and a raw snapshot whose effect is gone, with account, metric and day', async () => {
    const tiktok = accounts.get('tiktok')!;
    const instagram = accounts.get('instagram')!;
    const [editedDay] = await latestDays(tiktok, 1);
    await t.db.query('UPDATE user_metrics SET likes = likes + 7 WHERE user_id = $1 AND tz = $2 AND account_id = $3 AND day = $4', [userId, TZ, tiktok, editedDay]);

    // The latest views snapshot of the account that is not a post's first: delete it behind the rollups' back.
    const [gone] = await t.db.query<{ post_id: number; observed_at: Date; day: string; change: number }>(
      `SELECT s.post_id, s.observed_at, (s.observed_at AT TIME ZONE $3)::date::text AS day,
              s.value - (SELECT q.value FROM post_snapshots q WHERE q.user_id = $1 AND q.post_id = s.post_id AND q.metric = 'views'
                         AND q.observed_at < s.observed_at ORDER BY q.observed_at DESC LIMIT 1) AS change
       FROM post_snapshots s JOIN platform_posts p ON p.id = s.post_id
       WHERE s.user_id = $1 AND p.account_id = $2 AND s.metric = 'views'
         AND EXISTS (SELECT 1 FROM post_snapshots q WHERE q.user_id = $1 AND q.post_id = s.post_id AND q.metric = 'views' AND q.observed_at < s.observed_at)
       ORDER BY s.observed_at DESC LIMIT 1`,
      [userId, instagram, TZ],
    );
    expect(gone!.change).not.toBe(0);
    // Its day is one the job always samples (the latest three).
    expect(await latestDays(instagram, 3)).toContain(gone!.day);
    await t.db.query(`DELETE FROM post_snapshots WHERE user_id = $1 AND post_id = $2 AND metric = 'views' AND observed_at = $3`, [userId, gone!.post_id, gone!.observed_at]);

    const metrics = new Registry();
    const seen = recorder();
    await reconcileHandler(t.db, seen.log, metrics)({});

    const found = seen.warnings.map((w) => ({ accountId: w.accountId, metric: w.metric, kind: w.kind, rollup: w.rollup, day: w.day, diff: Number(w.rollupValue) - Number(w.sourceValue) }));
    expect(found.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      [
        { accountId: tiktok, metric: 'likes', kind: 'total', rollup: 'user_metrics', day: null, diff: 7 },
        { accountId: tiktok, metric: 'likes', kind: 'day', rollup: 'user_metrics', day: editedDay, diff: 7 },
        // The rollups still hold the deleted snapshot's change on its day.
        { accountId: instagram, metric: 'views', kind: 'day', rollup: 'post_daily', day: gone!.day, diff: gone!.change },
        { accountId: instagram, metric: 'views', kind: 'day', rollup: 'user_metrics', day: gone!.day, diff: gone!.change },
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    expect(seen.warnings.every((w) => w.userId === userId)).toBe(true);

    const drift = await gauge(metrics, 'pulseboard_reconcile_drift');
    expect(drift.map((v) => ({ ...v.labels, value: v.value })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      [
        { platform: 'tiktok', metric: 'likes', kind: 'total', rollup: 'user_metrics', value: 1 },
        { platform: 'tiktok', metric: 'likes', kind: 'day', rollup: 'user_metrics', value: 1 },
        { platform: 'instagram', metric: 'views', kind: 'day', rollup: 'post_daily', value: 1 },
        { platform: 'instagram', metric: 'views', kind: 'day', rollup: 'user_metrics', value: 1 },
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    expect((await gauge(metrics, 'pulseboard_reconcile_accounts_checked'))[0]!.value).toBe(4);
    expect((await gauge(metrics, 'pulseboard_reconcile_days_checked'))[0]!.value).toBe(4 * 6);
    expect((await gauge(metrics, 'pulseboard_reconcile_last_run_timestamp_seconds'))[0]!.value).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(await metrics.metrics()).toContain('pulseboard_reconcile_drifts_total{platform="tiktok",metric="likes",kind="total",rollup="user_metrics"} 1');
  });
});

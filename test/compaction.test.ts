/**
 * Compaction of raw snapshots older than the horizon (issue 11, item 5).
 *
 * A dense history (a sync every 1–9 hours, gaps of days, drops, posts first
 * read days after publication with several reads on that first day) is
 * ingested for a user in UTC who also keeps rollups in Asia/Kolkata (+05:30,
 * so its day boundaries fall mid-UTC-day). Then compaction runs, and every
 * rollup is rebuilt from the compacted snapshots. Checked:
 *  - every row of post_daily and user_metrics in both zones, and every lifetime
 *    value, equals what it was before (the rollups before compaction were built
 *    from every snapshot);
 *  - every day's activity in both zones equals a reference computed in plain
 *    code from the original observations (referenceDays below);
 *  - every GET answer of the API, in both zones, is identical (but the data
 *    export, which lists the raw snapshots themselves);
 *  - the reconcile job, recomputing every day from the raw snapshots, finds no drift;
 *  - compaction runs in two steps (the cutoff moving on, as the periodic job
 *    does, each run reading only from shortly before where the last stopped),
 *    and what is left is exactly what the rule keeps, computed in plain code;
 *  - a second run deletes nothing; an old observation imported again after
 *    compaction (same value, or revised) changes no day and no total, and
 *    stays (it is behind where the runs have got to).
 */
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/analytics/catalog.js';
import { snapshotTableSizes } from '../src/db/repositories/compaction.js';
import { refreshContentPerformance } from '../src/db/repositories/rollups.js';
import { buildZone, lockUser } from '../src/db/repositories/zones.js';
import type { ObservationBatch, PostMetricObservation } from '../src/ingest/observations.js';
import { compactionHandler, compactSnapshots } from '../src/jobs/handlers/compaction.js';
import { reconcileHandler } from '../src/jobs/handlers/reconcile.js';
import { answerDifferences, collectAnswers } from './helpers/api-answers.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { rng } from './helpers/dataset.js';
import { testEngine } from './helpers/db.js';
import { makeAccount } from './helpers/fixtures.js';

const SECOND_TZ = 'Asia/Kolkata';
const START = Date.parse('2025-10-01T00:00:00Z');
const END = Date.parse('2026-03-01T00:00:00Z');
const NOW = new Date(END);
// Cutoff 2026-01-15: the 2025 partition is wholly older (rewritten), 2026 partly.
const HORIZON_DAYS = 45;
const CUTOFF = new Date(END - HORIZON_DAYS * 86_400_000);
const HOUR = 3_600_000;

const METRICS: Partial<Record<Platform, PostMetricObservation['metric'][]>> = {
  youtube: ['views', 'likes', 'comments', 'shares'],
  twitter: ['views', 'likes', 'comments', 'shares', 'saves', 'clicks'],
};

type Batch = Omit<ObservationBatch, 'userId' | 'accountId'> & Required<Pick<ObservationBatch, 'posts' | 'postMetrics' | 'accountMetrics' | 'accountDaily'>>;

/** Reads every 1–9 hours (now and then a gap of 1–3 days), counters mostly growing, sometimes dropping. */
function history(platform: Platform, seed: number): Batch {
  const random = rng(seed);
  const batch: Batch = { source: 'test', posts: [], postMetrics: [], accountMetrics: [], accountDaily: [] };
  const step = () => (random() < 0.08 ? (24 + random() * 48) * HOUR : (1 + random() * 8) * HOUR);
  for (let i = 0; i < 4; i++) {
    const publishedAt = new Date(START + Math.floor(random() * 100 * 86_400_000));
    const id = `${platform}-${i}`;
    batch.posts.push({ platformPostId: id, publishedAt, caption: `post ${i}`, mediaType: 'video' });
    const values = new Map(METRICS[platform]!.map((m) => [m, 0]));
    // First read up to two days after publication: its value belongs to the publish day.
    for (let t = publishedAt.getTime() + Math.floor(random() * 2 * 86_400_000); t < END; t += Math.floor(step())) {
      for (const m of METRICS[platform]!) {
        const v = Math.max(0, values.get(m)! + Math.floor((random() - 0.05) * (m === 'views' ? 400 : 30)));
        values.set(m, v);
        batch.postMetrics.push({ platformPostId: id, metric: m, value: v, observedAt: new Date(t) });
      }
    }
  }
  let followers = 5000;
  for (let t = START + 20 * 86_400_000; t < END; t += Math.floor(step())) {
    followers += Math.floor((random() - 0.3) * 40);
    batch.accountMetrics.push({ metric: 'followers', value: followers, observedAt: new Date(t) });
  }
  // Gains and losses the platform reports, from before the first follower read: the walk back from it.
  if (platform === 'youtube') {
    for (let t = START; t < END; t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      batch.accountDaily.push({ metric: 'followers_gained', day, value: Math.floor(random() * 30) }, { metric: 'followers_lost', day, value: Math.floor(random() * 10) });
    }
  }
  return batch;
}

/**
 * Activity per local day and metric from the original observations, in plain code: each read's
 * change since the previous read on its own day, a series' first read on the publish day.
 */
const formats = new Map<string, Intl.DateTimeFormat>();
function localDay(d: Date, tz: string): string {
  if (!formats.has(tz)) formats.set(tz, new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }));
  return formats.get(tz)!.format(d);
}

function referenceDays(batch: Batch, tz: string): Map<string, Record<string, number>> {
  const publishDay = new Map(batch.posts.map((p) => [p.platformPostId, localDay(p.publishedAt, tz)]));
  const series = new Map<string, PostMetricObservation[]>();
  for (const m of batch.postMetrics) {
    const key = `${m.platformPostId}|${m.metric}`;
    if (!series.has(key)) series.set(key, []);
    series.get(key)!.push(m);
  }
  const days = new Map<string, Record<string, number>>();
  for (const list of series.values()) {
    list.sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
    list.forEach((obs, i) => {
      const day = i === 0 ? publishDay.get(obs.platformPostId)! : localDay(obs.observedAt, tz);
      const sums = days.get(day) ?? {};
      sums[obs.metric] = (sums[obs.metric] ?? 0) + obs.value - (i === 0 ? 0 : list[i - 1]!.value);
      days.set(day, sums);
    });
  }
  return days;
}

let h: TestApp;
let userId: number;
let auth: { authorization: string };
const batches = new Map<Platform, Batch>();
const accounts = new Map<Platform, number>();

/** Every rollup row and lifetime value, in a stable order. */
async function rollups() {
  const db = h.t.db;
  const order = (cols: string) => `WHERE user_id = $1 ORDER BY ${cols}`;
  return {
    postDaily: await db.query(`SELECT * FROM post_daily ${order('tz, post_id, day')}`, [userId]),
    userMetrics: await db.query(`SELECT * FROM user_metrics ${order('tz, account_id, day')}`, [userId]),
    lifetime: await db.query(`SELECT * FROM content_performance ${order('post_id')}`, [userId]),
  };
}

/** Rebuilds every rollup of the user from the raw snapshots as they are now (what a late observation or a new zone would do). */
async function rebuildFromRaw(): Promise<void> {
  await h.t.db.transaction(async (tx) => {
    await lockUser(tx, userId);
    for (const tz of ['UTC', SECOND_TZ]) await buildZone(tx, userId, tz);
    const posts = await tx.query<{ id: number }>('SELECT id FROM platform_posts WHERE user_id = $1', [userId]);
    await refreshContentPerformance(tx, userId, posts.map((p) => p.id));
  });
  await h.services.cache.invalidateUser(userId);
}

async function countRows(before: boolean): Promise<{ posts: number; accounts: number }> {
  const op = before ? '<' : '>=';
  const [p] = await h.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM post_snapshots WHERE user_id = $1 AND observed_at ${op} $2`, [userId, CUTOFF.toISOString()]);
  const [a] = await h.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM account_snapshots WHERE user_id = $1 AND observed_at ${op} $2`, [userId, CUTOFF.toISOString()]);
  return { posts: p!.n, accounts: a!.n };
}

const log = { info() {} };
// The user's data export lists the raw snapshots themselves: compaction removes some, as it is meant to.
const SKIPPED = ['/api/v1/me/export'];

let before: Awaited<ReturnType<typeof rollups>>;
let answersBefore: Map<string, unknown>[];
let oldRows: { posts: number; accounts: number };
let recentRows: { posts: number; accounts: number };
let sizesBefore: Awaited<ReturnType<typeof snapshotTableSizes>>;
let firstRun: Awaited<ReturnType<typeof compactSnapshots>>;
let filesBefore: Record<string, number>;

/** The file each snapshot table is stored in: a rewrite (VACUUM FULL) gives it a new one. */
async function files(): Promise<Record<string, number>> {
  const rows = await h.t.db.query<{ t: string; f: number }>(
    `SELECT t, pg_relation_filenode(t::regclass)::int8 AS f FROM unnest(array['post_snapshots_2025', 'post_snapshots_2026', 'account_snapshots']) AS t`,
  );
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.f)]));
}

beforeAll(async () => {
  h = await createTestApp();
  ({ id: userId, auth } = await register(h.app, 'UTC'));
  for (const [i, platform] of (['youtube', 'twitter'] as Platform[]).entries()) {
    const batch = history(platform, 100 + i);
    batches.set(platform, batch);
    const accountId = await makeAccount(h.t.db, userId, platform);
    accounts.set(platform, accountId);
    await h.services.ingest({ ...batch, userId, accountId });
  }
  // The second zone's rollups are built on first use, as for a dashboard asked for with ?tz=.
  expect((await h.app.inject({ method: 'GET', url: `/api/v1/analytics/dashboard?range=all&tz=${SECOND_TZ}`, headers: auth })).statusCode).toBe(200);
  before = await rollups();
  answersBefore = [await collectAnswers(h.app, auth, undefined, SKIPPED), await collectAnswers(h.app, auth, SECOND_TZ, SKIPPED)];
  oldRows = await countRows(true);
  recentRows = await countRows(false);
  sizesBefore = await snapshotTableSizes(h.t.db);
  filesBefore = await files();
  // Two steps, as the periodic job goes: twenty days earlier, then now.
  const earlier = await compactSnapshots(h.t.db, HORIZON_DAYS, new Date(END - 20 * 86_400_000));
  firstRun = await compactSnapshots(h.t.db, HORIZON_DAYS, NOW);
  for (const [table, n] of Object.entries(earlier.deleted)) firstRun.deleted[table] = (firstRun.deleted[table] ?? 0) + n;
  await rebuildFromRaw();
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe('compaction', () => {
  it('has the cases that matter in its data: several reads on a first day later than the publish day, intra-day reads in both zones', () => {
    let firstDayRepeats = 0;
    for (const batch of batches.values()) {
      const published = new Map(batch.posts.map((p) => [p.platformPostId, localDay(p.publishedAt, 'UTC')]));
      const views = batch.postMetrics.filter((m) => m.metric === 'views');
      for (const [id, day] of published) {
        const reads = views.filter((m) => m.platformPostId === id);
        const firstDay = localDay(reads[0]!.observedAt, 'UTC');
        if (firstDay > day && reads.filter((m) => localDay(m.observedAt, 'UTC') === firstDay).length > 1) firstDayRepeats += 1;
      }
    }
    // Keeping only the last read of that first day would move its earlier reads' growth to the publish day.
    expect(firstDayRepeats).toBeGreaterThan(0);
  });

  it('deletes most old snapshots and none newer than the cutoff', async () => {
    const after = await countRows(true);
    expect(await countRows(false)).toEqual(recentRows);
    expect(after.posts).toBeLessThan(oldRows.posts / 2);
    expect(after.accounts).toBeLessThan(oldRows.accounts / 1.5);
    const deleted = Object.values(firstRun.deleted).reduce((a, b) => a + b, 0);
    expect(deleted).toBe(oldRows.posts - after.posts + oldRows.accounts - after.accounts);
    expect(firstRun.cutoff).toEqual(CUTOFF);
    expect(Object.keys(firstRun.deleted).sort()).toEqual(['account_snapshots', 'post_snapshots_2025', 'post_snapshots_2026']);
  });

  it('leaves exactly what the rule keeps: the first read of each series, everything from the cutoff, the last of each day in UTC and in Asia/Kolkata', async () => {
    const keep = (series: Date[]) =>
      series.filter((t, i) => {
        const next = series[i + 1];
        return i === 0 || t >= CUTOFF || next === undefined || next >= CUTOFF || ['UTC', SECOND_TZ].some((tz) => localDay(next, tz) !== localDay(t, tz));
      });
    const expected: string[] = [];
    const group = (rows: { key: string; at: Date }[]) => {
      const series = new Map<string, Date[]>();
      for (const r of rows) {
        if (!series.has(r.key)) series.set(r.key, []);
        series.get(r.key)!.push(r.at);
      }
      for (const [key, times] of series) for (const t of keep(times.sort((a, b) => a.getTime() - b.getTime()))) expected.push(`${key}|${t.toISOString()}`);
    };
    for (const [platform, batch] of batches) {
      group(batch.postMetrics.map((m) => ({ key: `${platform}|${m.platformPostId}|${m.metric}`, at: m.observedAt })));
      group(batch.accountMetrics.map((m) => ({ key: `${platform}|account|${m.metric}`, at: m.observedAt })));
    }
    const stored = await h.t.db.query<{ k: string }>(
      `SELECT p.platform || '|' || p.platform_post_id || '|' || s.metric || '|' || to_char(s.observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS k
       FROM post_snapshots s JOIN platform_posts p ON p.id = s.post_id WHERE s.user_id = $1
       UNION ALL
       SELECT a.platform || '|account|' || s.metric || '|' || to_char(s.observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
       FROM account_snapshots s JOIN platform_accounts a ON a.id = s.account_id WHERE s.user_id = $1`,
      [userId],
    );
    expect(stored.map((r) => r.k).sort()).toEqual(expected.sort());
  });

  it('gives the space back: the wholly old partition is rewritten and shrinks on disk, the others are vacuumed in place', async () => {
    const sizesAfter = await snapshotTableSizes(h.t.db);
    const of = (sizes: typeof sizesBefore, table: string) => sizes.find((s) => s.table === table)!;
    expect(of(sizesAfter, 'post_snapshots_2025').rows).toBeLessThan(of(sizesBefore, 'post_snapshots_2025').rows / 2);
    const after = await files();
    expect(after.post_snapshots_2025).not.toBe(filesBefore.post_snapshots_2025);
    expect(after.post_snapshots_2026).toBe(filesBefore.post_snapshots_2026);
    expect(after.account_snapshots).toBe(filesBefore.account_snapshots);
    // On a shared PostgreSQL server another session's old snapshot can keep deleted rows in the copy
    // for a while (they may still be visible to it); the embedded store has no other session.
    if (testEngine === 'pglite') expect(of(sizesAfter, 'post_snapshots_2025').bytes).toBeLessThan(of(sizesBefore, 'post_snapshots_2025').bytes * 0.7);
  });

  it('leaves every daily rollup row in both zones and every lifetime value unchanged after a rebuild from the compacted snapshots', async () => {
    const after = await rollups();
    expect(after.postDaily.length).toBeGreaterThan(200);
    expect(after.postDaily).toEqual(before.postDaily);
    expect(after.userMetrics).toEqual(before.userMetrics);
    expect(after.lifetime).toEqual(before.lifetime);
  });

  it('gives every day the activity a plain reference computes from the original observations, in both zones', async () => {
    for (const tz of ['UTC', SECOND_TZ]) {
      for (const [platform, batch] of batches) {
        const rows = await h.t.db.query<Record<string, number | null> & { day: string }>(
          'SELECT day::text AS day, views, likes, comments, shares, saves, clicks FROM user_metrics WHERE user_id = $1 AND tz = $2 AND account_id = $3 ORDER BY day',
          [userId, tz, accounts.get(platform)],
        );
        expect(rows.length).toBeGreaterThan(140);
        const reference = referenceDays(batch, tz);
        const actual = rows.flatMap((row) => METRICS[platform]!.map((m) => ({ day: row.day, m, value: row[m] })));
        const expected = rows.flatMap((row) => METRICS[platform]!.map((m) => ({ day: row.day, m, value: reference.get(row.day)?.[m] ?? 0 })));
        expect(actual).toEqual(expected);
        // Nothing the reference has falls outside the rollup's days.
        expect([...reference.keys()].every((day) => rows.some((r) => r.day === day))).toBe(true);
      }
    }
  });

  it('answers every API request in both zones exactly as before', async () => {
    const after = [await collectAnswers(h.app, auth, undefined, SKIPPED), await collectAnswers(h.app, auth, SECOND_TZ, SKIPPED)];
    expect(after[0]!.size).toBeGreaterThan(10);
    expect([...answerDifferences(answersBefore[0]!, after[0]!), ...answerDifferences(answersBefore[1]!, after[1]!)]).toEqual([]);
  });

  it('leaves nothing for the reconcile job to find, on any day', async () => {
    const warnings: object[] = [];
    await reconcileHandler(h.t.db, { info() {}, warn: (o: object) => void warnings.push(o) }, new Registry(), { accounts: 10, recent: 10_000, random: 0 })({});
    expect(warnings).toEqual([]);
  });

  it('deletes nothing on a second run', async () => {
    const again = await compactSnapshots(h.t.db, HORIZON_DAYS, NOW);
    expect(again.deleted).toEqual({});
  });

  it('changes no day and no total when an old observation is imported again after compaction (same or revised), and keeps it', async () => {
    const platform: Platform = 'twitter';
    const batch = batches.get(platform)!;
    const [{ n: keptBefore }] = (await h.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM post_snapshots WHERE user_id = $1', [userId])) as [{ n: number }];
    // Old reads compaction removed: one sent again as it was, one revised by the platform.
    const existing = new Set(
      (await h.t.db.query<{ k: string }>(`SELECT p.platform_post_id || '|' || s.metric || '|' || s.observed_at::text AS k FROM post_snapshots s JOIN platform_posts p ON p.id = s.post_id WHERE s.user_id = $1`, [userId])).map((r) => r.k),
    );
    const removed = [];
    for (const m of batch.postMetrics) {
      if (m.metric !== 'views' || m.observedAt >= CUTOFF) continue;
      const [{ k }] = (await h.t.db.query<{ k: string }>(`SELECT $1 || '|views|' || ($2::timestamptz)::text AS k`, [m.platformPostId, m.observedAt.toISOString()])) as [{ k: string }];
      if (!existing.has(k)) removed.push(m);
      if (removed.length === 40) break;
    }
    const same = removed[10]!;
    const revised = { ...removed[30]!, value: removed[30]!.value + 1234 };
    await h.services.ingest({ source: 'test', userId, accountId: accounts.get(platform)!, postMetrics: [same] });
    expect(await rollups()).toEqual(before);
    // A removed read lies between its day's kept last read and an earlier kept one, so even a revised
    // value moves growth only within its day (onto it, off the next read): no day, no total changes.
    await h.services.ingest({ source: 'test', userId, accountId: accounts.get(platform)!, postMetrics: [revised] });
    expect(await rollups()).toEqual(before);
    const [{ n: withReimported }] = (await h.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM post_snapshots WHERE user_id = $1', [userId])) as [{ n: number }];
    expect(withReimported).toBe(keptBefore + 2);

    // A day later: the run reads only from shortly before where the last one stopped, so the
    // re-imported reads, far behind, stay (they change nothing); the day the cutoff moved over is compacted.
    const registry = new Registry();
    await compactionHandler(h.t.db, log, registry, HORIZON_DAYS, () => new Date(END + 86_400_000))({});
    const [{ n: keptAfter }] = (await h.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM post_snapshots WHERE user_id = $1', [userId])) as [{ n: number }];
    const [{ n: reimported }] = (await h.t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM post_snapshots s JOIN platform_posts p ON p.id = s.post_id
       WHERE s.user_id = $1 AND s.metric = 'views' AND (p.platform_post_id, s.observed_at) IN (($2, $3::timestamptz), ($4, $5::timestamptz))`,
      [userId, same.platformPostId, same.observedAt.toISOString(), revised.platformPostId, revised.observedAt.toISOString()],
    )) as [{ n: number }];
    expect(reimported).toBe(2);
    expect(keptAfter).toBeLessThan(withReimported);
    await rebuildFromRaw();
    expect(await rollups()).toEqual(before);
    const text = await registry.metrics();
    expect(text).toContain(`pulseboard_compaction_deleted_rows_total{table="post_snapshots"} ${withReimported - keptAfter}`);
    expect(text).toContain('pulseboard_compaction_users 1');
  });
});

/**
 * Phase 1 — backfill: one account per platform, two years of history, 1,000
 * posts each, synced one platform after the other from a 'connect' job until
 * its full tier has run (a deferred sync is resumed from its checkpoint when
 * its job comes due: the clock jumps to that instant, since nothing else is
 * running). Real HTTP to the simulator on 127.0.0.1, ingestion into the
 * database. The clock is manual and moves only when the budget gate waits
 * inline or a deferred job is due, so the wall time is the work itself and
 * the simulated time is what the budgets would add in production.
 */
import { PLATFORMS, type Platform } from '../../src/analytics/catalog.js';
import type { EngineName } from './db.js';
import { installSchedules, runUntil } from './drive.js';
import { startHarness, type RunRecord } from './harness.js';

export interface BackfillPlatformResult {
  platform: Platform;
  posts: number;
  wallS: number;
  simElapsedMin: number;
  gateWaitMin: number;
  runs: number;
  deferrals: number;
  statuses: Record<string, number>;
  /** From the engine's AccountSyncResult (summed over the runs). */
  engineRequests: number;
  engineUnits: number;
  engineObservations: number;
  /** What the simulator received. */
  simRequests: number;
  simUnits: number;
  simLimited: number;
  simByEndpoint: Record<string, { requests: number; units: number; limited: number }>;
  /** Rows stored for this account, counted with SQL. */
  stored: { posts: number; postSnapshots: number; accountSnapshots: number; accountDaily: number; total: number };
  obsPerSecond: number;
  storedPerSecond: number;
}

export interface BackfillResult {
  engine: EngineName;
  platforms: BackfillPlatformResult[];
  total: { wallS: number; simElapsedMin: number; engineRequests: number; engineUnits: number; engineObservations: number; simRequests: number; stored: number; obsPerSecond: number; storedPerSecond: number };
}

export interface BackfillOptions {
  engine: EngineName;
  seed: number;
  start: Date;
  posts: number;
  historyDays: number;
  log: (m: string) => void;
}

export async function runBackfill(o: BackfillOptions): Promise<BackfillResult> {
  const h = await startHarness({ engine: o.engine, start: o.start, sim: { seed: o.seed, accounts: 1, postsPerAccount: o.posts, historyDays: o.historyDays, futureDays: 0 } });
  try {
    const user = await h.user();
    await installSchedules(h, false);
    const out: BackfillPlatformResult[] = [];
    for (const platform of PLATFORMS) {
      const accountId = await h.connect(user, platform, 0);
      const simBefore = h.clock.now().getTime();
      const waitBefore = h.gateWaitMs();
      const runsBefore = h.runs.length;
      const wall0 = performance.now();
      await h.engine.enqueue(user.id, accountId, 'connect');
      const finished = await runUntil(
        h,
        async () => {
          const [row] = await h.services.db.query<{ full: string | null }>(`SELECT sync_tiers->>'full' AS full FROM platform_accounts WHERE id = $1`, [accountId]);
          return Boolean(row?.full);
        },
        7 * 86_400_000,
      );
      if (!finished) throw new Error(`${platform} backfill did not finish within 7 simulated days (last run: ${JSON.stringify(h.runs.at(-1))}; queue: ${JSON.stringify(h.queue.counts())})`);
      const wallS = (performance.now() - wall0) / 1000;
      const runs: RunRecord[] = h.runs.slice(runsBefore).filter((r) => r.account_id === accountId);
      const sim = h.sim.stats().platforms[platform];
      const stored = await storedRows(h.services.db, accountId);
      const engineObservations = runs.reduce((n, r) => n + r.observations, 0);
      const statuses: Record<string, number> = {};
      for (const r of runs) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      const res: BackfillPlatformResult = {
        platform,
        posts: h.sim.truth(platform, 0).posts.length,
        wallS,
        simElapsedMin: (h.clock.now().getTime() - simBefore) / 60_000,
        gateWaitMin: (h.gateWaitMs() - waitBefore) / 60_000,
        runs: runs.length,
        deferrals: runs.filter((r) => r.status === 'deferred').length,
        statuses,
        engineRequests: runs.reduce((n, r) => n + r.requests, 0),
        engineUnits: runs.reduce((n, r) => n + r.units, 0),
        engineObservations,
        simRequests: sim.requests,
        simUnits: sim.units,
        simLimited: sim.limited,
        simByEndpoint: sim.byEndpoint,
        stored,
        obsPerSecond: engineObservations / wallS,
        storedPerSecond: stored.total / wallS,
      };
      out.push(res);
      o.log(`backfill ${o.engine} ${platform}: ${res.wallS.toFixed(1)} s wall, ${res.simElapsedMin.toFixed(1)} simulated min, ${res.engineRequests} requests, ${res.engineObservations} observations`);
    }
    const sum = (f: (p: BackfillPlatformResult) => number) => out.reduce((n, p) => n + f(p), 0);
    const wallS = sum((p) => p.wallS);
    return {
      engine: o.engine,
      platforms: out,
      total: {
        wallS,
        simElapsedMin: sum((p) => p.simElapsedMin),
        engineRequests: sum((p) => p.engineRequests),
        engineUnits: sum((p) => p.engineUnits),
        engineObservations: sum((p) => p.engineObservations),
        simRequests: sum((p) => p.simRequests),
        stored: sum((p) => p.stored.total),
        obsPerSecond: sum((p) => p.engineObservations) / wallS,
        storedPerSecond: sum((p) => p.stored.total) / wallS,
      },
    };
  } finally {
    await h.close();
  }
}

export async function storedRows(db: { query<T extends object>(sql: string, params?: unknown[]): Promise<T[]> }, accountId: number) {
  const [r] = await db.query<{ posts: number; ps: number; acs: number; ad: number }>(
    `SELECT (SELECT count(*) FROM platform_posts WHERE account_id = $1)::int AS posts,
            (SELECT count(*) FROM post_snapshots s JOIN platform_posts p ON p.id = s.post_id WHERE p.account_id = $1)::int AS ps,
            (SELECT count(*) FROM account_snapshots WHERE account_id = $1)::int AS acs,
            (SELECT count(*) FROM account_daily_reported WHERE account_id = $1)::int AS ad`,
    [accountId],
  );
  return { posts: r!.posts, postSnapshots: r!.ps, accountSnapshots: r!.acs, accountDaily: r!.ad, total: r!.ps + r!.acs + r!.ad };
}

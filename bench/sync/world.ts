/**
 * Phases 2 and 3 — many accounts on a manual clock, driven exactly as the
 * runtime drives them: the periodic 'sync-due' job (every 60 s, from
 * src/jobs/schedules.ts SCHEDULES) enqueues due accounts; the queue runs them with
 * SYNC_CONCURRENCY (default 4) at once. The clock moves in fixed steps
 * (default 15 s); after each step every due job runs to completion.
 *
 * First the initial backfill of every account (the runtime's first pass),
 * excluded from the counts; then `hours` of simulated time are measured:
 * requests per platform per hour (from the simulator's own log, what it
 * received), what the budget gate let through per budget window, which
 * tiers ran, and, optionally, freshness probes (probe.ts).
 */
import { PLATFORMS, type Platform } from '../../src/analytics/catalog.js';
import type { SimStats } from '../../src/simulator/index.js';
import type { BudgetSettings } from '../../src/config-platforms.js';
import type { EngineName } from './db.js';
import { installSchedules, runUntil, stepTo } from './drive.js';
import { prng, startHarness, type Harness, type RunRecord, type Take } from './harness.js';
import { Probes, type ProbeResult } from './probe.js';
import { Publications, type PublicationResult } from './publications.js';
import { simBudgetPeaks, type SimBudgetPeak } from './sim-budget.js';
import { groupBy, slidingPeak, summarize } from './stats.js';
import { endpointClass } from './endpoint-class.js';

const HOUR = 3_600_000;
const MIN = 60_000;

export interface WorldOptions {
  label: string;
  engine: EngineName;
  seed: number;
  start: Date;
  accountsPerPlatform: number;
  postsPerAccount: number;
  historyDays: number;
  futureDays: number;
  /** Simulated hours to measure after the initial backfill (a cap when stopping on probes). */
  hours: number;
  stepMs: number;
  /** Freshness probes per platform (0: none). */
  probesPerPlatform: number;
  /** Stop as soon as every probe has an answer (for the freshness phase). */
  stopWhenProbesDone: boolean;
  /** Spread the probes: at least this long between two probes of one platform. */
  probeGapMs?: number;
  /** Follow every post published in the measured window to its first numbers in the API (publications.ts). */
  publications?: boolean;
  log: (m: string) => void;
}

type Counter = { requests: number; units: number; byClass: Record<string, { requests: number; units: number }>; limited: number };

function countersOf(stats: SimStats): Record<Platform, Counter> {
  const out = {} as Record<Platform, Counter>;
  for (const p of PLATFORMS) {
    const t = stats.platforms[p];
    const byClass: Counter['byClass'] = {};
    for (const [ep, e] of Object.entries(t.byEndpoint)) {
      const c = (byClass[endpointClass(p, ep)] ??= { requests: 0, units: 0 });
      c.requests += e.requests;
      c.units += e.units;
    }
    out[p] = { requests: t.requests, units: t.units, byClass, limited: t.limited };
  }
  return out;
}

export interface TierCounts {
  full: number;
  regular: number;
  light: number;
  hot: number;
  discover: number;
  /** Runs that were deferred (budget) / failed, whatever their tier. */
  deferred: number;
  failed: number;
  /** Due by next_sync_at but no tier applied (the hot tier stopped applying): next time moved, no requests. */
  nothingDue: number;
}

export interface PlatformSteady {
  platform: Platform;
  requests: number;
  perHour: { mean: number; peak: number; peakHour: number; min: number };
  /** Budgeted units (YouTube: Data API units; others: calls) per hour, and the unbudgeted remainder. */
  budgetedPerHour: { mean: number; peak: number };
  byClass: Record<string, { requests: number; units: number }>;
  limited: number;
  tiers: TierCounts;
  /** Per budget window, the highest use the gate let through (per account for per-account budgets: the busiest account). */
  gatePeak: { window: string; peak: number; limit: number; key: string | null; accountsOverHalf: number | null };
  /** The simulator's own windows: highest peak over keys, per limiter. */
  simWindows: { limiter: string; limit: number; windowMin: number; peak: number; keys: number }[];
  syncWallMs: ReturnType<typeof summarize>;
  observations: number;
}

export interface WorldResult {
  label: string;
  engine: EngineName;
  accountsPerPlatform: number;
  postsPerAccount: number;
  historyDays: number;
  futureDays: number;
  concurrency: number;
  stepS: number;
  initial: { wallS: number; simMin: number; requests: Record<Platform, number>; runs: number };
  measured: { hours: number; wallS: number; wallSPerSimHour: number; runs: number; stepsRun: number; queueErrors: Record<string, number>; firstError: string | null };
  hourly: { hour: number; requests: Record<Platform, number>; youtubeDataUnits: number }[];
  platforms: PlatformSteady[];
  /** Requests in the measured window extrapolated to 24 h when fewer hours were measured; see note. */
  extrapolated24h: { platform: Platform; requests: number; budgetedUnits: number; note: string }[] | null;
  probes: ProbeResult[];
  publications: PublicationResult[];
  /** Per platform, the busiest window of its budget as the simulator counted the requests it accepted. */
  simBudgetPeaks: SimBudgetPeak[];
  /** The app's budgets in this run. */
  budgets: BudgetSettings;
}

function tierCounts(runs: RunRecord[], nothingDue: number): TierCounts {
  const t: TierCounts = { full: 0, regular: 0, light: 0, hot: 0, discover: 0, deferred: 0, failed: 0, nothingDue };
  for (const r of runs) {
    if (r.status === 'success' && r.tier) t[r.tier] += 1;
    else if (r.status === 'deferred') t.deferred += 1;
    else t.failed += 1;
  }
  return t;
}

const BUDGET_WINDOWS: Record<Platform, { prefix: string; windowMs: number | 'day'; label: string; envLimit: (h: Harness) => number; perAccount: boolean }> = {
  youtube: { prefix: 'youtube-data', windowMs: 'day', label: 'units per Pacific day (app)', envLimit: (h) => h.services.config.platforms.budgets.youtubeUnitsPerDay, perAccount: false },
  tiktok: { prefix: 'tiktok', windowMs: MIN, label: 'calls per rolling minute (app)', envLimit: (h) => h.services.config.platforms.budgets.tiktokPerMinute, perAccount: false },
  instagram: { prefix: 'instagram:', windowMs: HOUR, label: 'calls per rolling hour per account', envLimit: (h) => h.services.config.platforms.budgets.instagramPerHourPerAccount, perAccount: true },
  twitter: { prefix: 'x:', windowMs: 15 * MIN, label: 'calls per rolling 15 min per account', envLimit: (h) => h.services.config.platforms.budgets.xPer15MinPerAccount, perAccount: true },
};

function pacificDay(at: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
}

function gatePeak(h: Harness, platform: Platform, takes: Take[]): PlatformSteady['gatePeak'] {
  const w = BUDGET_WINDOWS[platform];
  const limit = w.envLimit(h);
  const mine = takes.filter((t) => (w.perAccount ? t.key.startsWith(w.prefix) : t.key === w.prefix));
  if (w.windowMs === 'day') {
    const byDay = groupBy(mine, (t) => pacificDay(t.at));
    let peak = 0;
    let key: string | null = null;
    for (const [day, list] of byDay) {
      const sum = list.reduce((n, t) => n + t.cost, 0);
      if (sum > peak) [peak, key] = [sum, day];
    }
    return { window: w.label, peak, limit, key, accountsOverHalf: null };
  }
  const byKey = groupBy(mine, (t) => t.key);
  let peak = 0;
  let key: string | null = null;
  let overHalf = 0;
  for (const [k, list] of byKey) {
    const p = slidingPeak(list, w.windowMs);
    if (p > limit / 2) overHalf += 1;
    if (p > peak) [peak, key] = [p, k];
  }
  return { window: w.label, peak, limit, key, accountsOverHalf: w.perAccount ? overHalf : null };
}

export async function runWorld(o: WorldOptions): Promise<WorldResult> {
  const h = await startHarness({
    engine: o.engine,
    start: o.start,
    sim: { seed: o.seed, accounts: o.accountsPerPlatform, postsPerAccount: o.postsPerAccount, historyDays: o.historyDays, futureDays: o.futureDays },
  });
  try {
    // Account k of every platform belongs to user k (a creator with four accounts).
    const accounts: { id: number; userId: number; platform: Platform; index: number; auth: { authorization: string } }[] = [];
    for (let k = 0; k < o.accountsPerPlatform; k++) {
      const user = await h.user();
      for (const platform of PLATFORMS) accounts.push({ id: await h.connect(user, platform, k), userId: user.id, platform, index: k, auth: user.auth });
    }
    const platformOf = new Map(accounts.map((a) => [a.id, a.platform]));

    // Count syncs that found nothing due (they return before onRun).
    const nothingDue = new Map<Platform, number>();
    const inner = h.engine.syncAccount.bind(h.engine);
    h.engine.syncAccount = async (u, a, reason) => {
      const r = await inner(u, a, reason);
      if (r.status === 'skipped' && r.tier === null && r.error === null) {
        const p = platformOf.get(a)!;
        nothingDue.set(p, (nothingDue.get(p) ?? 0) + 1);
      }
      return r;
    };

    // The runtime's first pass: every account backfilled (excluded from the counts).
    o.log(`${o.label}: initial backfill of ${accounts.length} accounts`);
    await installSchedules(h, true);
    const wall0 = performance.now();
    const sim0 = h.clock.now().getTime();
    const backfilled = await runUntil(
      h,
      async () => {
        const [row] = await h.services.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM platform_accounts WHERE sync_tiers ? 'full'`);
        return row!.n === accounts.length;
      },
      2 * 86_400_000,
    );
    if (!backfilled) throw new Error(`${o.label}: initial backfill did not finish in 2 simulated days (${JSON.stringify(h.queue.counts())})`);
    const initialStats = countersOf(h.sim.stats());
    const initial = {
      wallS: (performance.now() - wall0) / 1000,
      simMin: (h.clock.now().getTime() - sim0) / MIN,
      requests: Object.fromEntries(PLATFORMS.map((p) => [p, initialStats[p].requests])) as Record<Platform, number>,
      runs: h.runs.length,
    };
    o.log(`${o.label}: initial backfill ${initial.wallS.toFixed(1)} s wall, ${initial.simMin.toFixed(1)} simulated min; measuring ${o.hours} h in ${o.stepMs / 1000} s steps`);

    // The measured window starts on a step boundary after the backfill.
    h.sim.resetStats();
    const runsFrom = h.runs.length;
    const takesFrom = h.takes.length;
    nothingDue.clear();
    const t0 = h.clock.now().getTime();
    const probes = new Probes(h, accounts, o.probesPerPlatform, prng(o.seed ^ 0xf7e5), o.probeGapMs ?? 0);
    const publications = o.publications ? new Publications(h, accounts, t0 + o.hours * HOUR) : null;
    const hourly: WorldResult['hourly'] = [];
    let last = countersOf(h.sim.stats());
    const wall1 = performance.now();
    const steps = Math.round((o.hours * HOUR) / o.stepMs);
    let stepsRun = 0;
    let lastLog = performance.now();
    for (let k = 1; k <= steps; k++) {
      await stepTo(h, t0 + k * o.stepMs);
      await probes.step();
      await publications?.step();
      stepsRun = k;
      if ((k * o.stepMs) % HOUR === 0) {
        const now = countersOf(h.sim.stats());
        hourly.push({
          hour: (k * o.stepMs) / HOUR,
          requests: Object.fromEntries(PLATFORMS.map((p) => [p, now[p].requests - last[p].requests])) as Record<Platform, number>,
          youtubeDataUnits: (now.youtube.byClass['youtube-data']?.units ?? 0) - (last.youtube.byClass['youtube-data']?.units ?? 0),
        });
        last = now;
        if (performance.now() - lastLog > 20_000) {
          lastLog = performance.now();
          o.log(`${o.label}: ${hourly.length} h simulated, ${((performance.now() - wall1) / 1000).toFixed(0)} s wall, ${h.runs.length - runsFrom} runs`);
        }
      }
      if (o.stopWhenProbesDone && probes.done()) break;
    }
    const wallS = (performance.now() - wall1) / 1000;
    const hoursRun = (stepsRun * o.stepMs) / HOUR;
    const stats = h.sim.stats();
    const totals = countersOf(stats);
    const runs = h.runs.slice(runsFrom);
    const takes = h.takes.slice(takesFrom);

    const platforms: PlatformSteady[] = PLATFORMS.map((platform) => {
      const hours = hourly.map((x) => x.requests[platform]);
      const budgeted = hourly.map((x) => (platform === 'youtube' ? x.youtubeDataUnits : x.requests[platform]));
      const peak = Math.max(0, ...hours);
      const mine = runs.filter((r) => r.platform === platform);
      const byLimiter = groupBy(
        stats.windows.filter((w) => w.platform === platform),
        (w) => w.limiter,
      );
      const budgetedTotal = platform === 'youtube' ? (totals.youtube.byClass['youtube-data']?.units ?? 0) : (totals[platform].byClass[BUDGET_WINDOWS[platform].prefix.replace(':', '')]?.requests ?? 0);
      return {
        platform,
        requests: totals[platform].requests,
        perHour: { mean: totals[platform].requests / Math.max(hoursRun, 1e-9), peak, peakHour: hours.indexOf(peak) + 1, min: Math.min(...hours) },
        budgetedPerHour: { mean: budgetedTotal / Math.max(hoursRun, 1e-9), peak: Math.max(0, ...budgeted) },
        byClass: totals[platform].byClass,
        limited: totals[platform].limited,
        tiers: tierCounts(mine, nothingDue.get(platform) ?? 0),
        gatePeak: gatePeak(h, platform, takes),
        simWindows: [...byLimiter].map(([limiter, list]) => ({
          limiter,
          limit: list[0]!.limit,
          windowMin: list[0]!.windowMs / MIN,
          peak: Math.max(...list.map((w) => w.peak)),
          keys: list.length,
        })),
        syncWallMs: summarize(mine.map((r) => r.wallMs)),
        observations: mine.reduce((n, r) => n + r.observations, 0),
      };
    });
    const result: WorldResult = {
      label: o.label,
      engine: o.engine,
      accountsPerPlatform: o.accountsPerPlatform,
      postsPerAccount: o.postsPerAccount,
      historyDays: o.historyDays,
      futureDays: o.futureDays,
      concurrency: h.concurrency,
      stepS: o.stepMs / 1000,
      initial,
      measured: { hours: hoursRun, wallS, wallSPerSimHour: wallS / Math.max(hoursRun, 1e-9), runs: runs.length, stepsRun, queueErrors: h.queue.counts().errors, firstError: h.queue.counts().firstError },
      hourly,
      platforms,
      extrapolated24h: null,
      probes: probes.results(),
      publications: publications?.results() ?? [],
      simBudgetPeaks: simBudgetPeaks(h.sim.requestLog(), h.services.config.platforms.budgets),
      budgets: h.services.config.platforms.budgets,
    };
    return result;
  } finally {
    await h.close();
  }
}

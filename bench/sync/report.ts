/** The printed tables: every figure with its unit, budgets beside the measurements. */
import type { Platform } from '../../src/analytics/catalog.js';
import { HOT_MIN_HEADROOM, tierInterval } from '../../src/sync/cadence.js';
import type { BackfillResult } from './backfill.js';
import type { ProbeResult } from './probe.js';
import { fmtNum, r1, r2, summarize, table } from './stats.js';
import type { WorldResult } from './world.js';
import { budgetedFreshnessSection } from './report-budgeted-freshness.js';

export interface ReportInput {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memGb: number; node: string; loadAvgAtStart: number[]; loadAvgAtEnd: number[]; database: string };
  settings: { hours: number; accounts: number; stepS: number };
  schedules: { job: string; everyMs: number }[];
  backfill: BackfillResult[];
  steady: WorldResult | null;
  freshness: WorldResult | null;
  errors: { phase: string; error: string }[];
  wallS: number;
}

const NAME: Record<Platform, string> = { youtube: 'YouTube', tiktok: 'TikTok', instagram: 'Instagram', twitter: 'X' };

/** Budgets expressed per hour for the whole population of a platform. */
function budgetText(p: Platform, accounts: number, limit: number): string {
  switch (p) {
    case 'youtube':
      return `${fmtNum(limit)} units/day app-wide (= ${fmtNum(limit / 24)} units/h avg)`;
    case 'tiktok':
      return `${limit}/min app-wide (= ${fmtNum(limit * 60)}/h)`;
    case 'instagram':
      return `${limit}/h per account (= ${fmtNum(limit * accounts)}/h for ${accounts})`;
    case 'twitter':
      return `${limit}/15 min per account (= ${fmtNum(limit * 4 * accounts)}/h for ${accounts})`;
  }
}

function backfillSection(b: BackfillResult): string {
  const rows = b.platforms.map((p) => [
    NAME[p.platform],
    p.posts,
    r2(p.wallS),
    r1(p.simElapsedMin),
    `${p.runs} (${p.deferrals} deferred)`,
    p.engineRequests,
    p.engineUnits,
    p.simRequests,
    p.simLimited,
    p.engineObservations,
    p.stored.total,
    Math.round(p.storedPerSecond),
  ]);
  rows.push(['total', b.platforms.reduce((n, p) => n + p.posts, 0), r2(b.total.wallS), r1(b.total.simElapsedMin), '', b.total.engineRequests, b.total.engineUnits, b.total.simRequests, b.platforms.reduce((n, p) => n + p.simLimited, 0), b.total.engineObservations, b.total.stored, Math.round(b.total.storedPerSecond)]);
  const endpoints = b.platforms.map((p) => `  ${NAME[p.platform]}: ${Object.entries(p.simByEndpoint).map(([e, v]) => `${e} ×${v.requests}`).join(', ')}; stored ${p.stored.posts} posts, ${p.stored.postSnapshots} post snapshots, ${p.stored.accountSnapshots} account snapshots, ${p.stored.accountDaily} daily values`);
  return [
    `### 1. Backfill — ${b.engine} (one account per platform, 2 years, sequential: one platform after the other)`,
    table(['platform', 'posts', 'wall s', 'simulated min', 'sync runs', 'requests', 'budget units', 'sim received', 'sim refused', 'obs (engine)', 'rows stored', 'stored rows/s (wall)'], rows),
    'requests by endpoint (what the simulator received):',
    ...endpoints,
    '  "requests"/"budget units": summed AccountSyncResult of every run; units = what the budget gate charged (YouTube: Data API units, Analytics calls unbudgeted; others: calls).',
    '  "obs (engine)": the runs\' observation counts; "rows stored": post_snapshots + account_snapshots + account_daily_reported for the account, counted with SQL.',
    '  "simulated min": the manual clock only moves when the budget gate waits inline or a deferred job comes due, so wall s is the work and simulated min is the wait the budgets add in production.',
  ].join('\n');
}

function steadySection(w: WorldResult, accounts: number): string {
  const lines: string[] = [];
  lines.push(
    `### 2. Steady state — ${w.accountsPerPlatform} accounts per platform (${w.accountsPerPlatform * 4} accounts, ${w.accountsPerPlatform} users with one account on each platform), ${w.postsPerAccount} posts/account over ${w.historyDays} days + new posts appearing (≈${fmtNum(w.postsPerAccount / w.historyDays)} posts/account/day), ${w.engine}`,
    `clock: manual, ${w.stepS} s steps; sync-due every 60 s as in src/jobs/schedules.ts SCHEDULES; SYNC_CONCURRENCY=${w.concurrency}; budget gate waits move the clock.`,
    `initial backfill (excluded from the counts): ${fmtNum(w.initial.runs)} runs, ${r1(w.initial.wallS)} s wall, ${r1(w.initial.simMin)} simulated min; requests YouTube ${fmtNum(w.initial.requests.youtube)}, TikTok ${fmtNum(w.initial.requests.tiktok)}, Instagram ${fmtNum(w.initial.requests.instagram)}, X ${fmtNum(w.initial.requests.twitter)}`,
    `measured: ${r2(w.measured.hours)} simulated h, ${fmtNum(w.measured.runs)} sync runs, ${r1(w.measured.wallS)} s wall (${r1(w.measured.wallSPerSimHour)} s wall per simulated hour); queue handler errors: ${JSON.stringify(w.measured.queueErrors)}`,
    '',
  );
  lines.push(
    table(
      ['platform', 'req/h mean', 'req/h peak (hour)', 'budgeted/h mean', 'budgeted/h peak', 'budget', 'gate peak / limit (window)', 'sim refused'],
      w.platforms.map((p) => [
        NAME[p.platform],
        Math.round(p.perHour.mean),
        `${fmtNum(p.perHour.peak)} (h${p.perHour.peakHour})`,
        Math.round(p.budgetedPerHour.mean),
        p.budgetedPerHour.peak,
        budgetText(p.platform, accounts, p.gatePeak.limit),
        `${fmtNum(p.gatePeak.peak)} / ${fmtNum(p.gatePeak.limit)} (${p.gatePeak.window}${p.gatePeak.accountsOverHalf !== null ? `; ${p.gatePeak.accountsOverHalf} accounts above half` : ''})`,
        p.limited,
      ]),
    ),
  );
  lines.push('  budgeted = what draws from our budget: YouTube Data API units (Analytics and OAuth calls are not budgeted by us), TikTok/Instagram/X API calls (OAuth refreshes excluded).');
  lines.push('  requests by class: ' + w.platforms.map((p) => `${NAME[p.platform]} ${Object.entries(p.byClass).map(([k, v]) => `${k} ${fmtNum(v.requests)}${k === 'youtube-data' ? ` (${fmtNum(v.units)} units)` : ''}`).join(', ')}`).join('; '));
  lines.push('');
  lines.push(
    table(
      ['platform', 'full', 'regular', 'light', 'hot', 'discover', 'deferred', 'failed', 'nothing due', 'sync wall ms median', 'p max', 'sim window peaks (limit)'],
      w.platforms.map((p) => [
        NAME[p.platform],
        p.tiers.full,
        p.tiers.regular,
        p.tiers.light,
        p.tiers.hot,
        p.tiers.discover,
        p.tiers.deferred,
        p.tiers.failed,
        p.tiers.nothingDue,
        Math.round(p.syncWallMs.median ?? 0),
        Math.round(p.syncWallMs.max ?? 0),
        p.simWindows.map((s) => `${s.limiter} ${fmtNum(s.peak)} (${s.limit === null || !Number.isFinite(s.limit) ? 'no limit' : fmtNum(s.limit)}/${fmtNum(s.windowMin)} min, ${s.keys} keys)`).join('; '),
      ]),
    ),
  );
  lines.push('  tiers: successful runs per tier in the measured window; "nothing due": an account came due but no tier applied (the hot tier stopped applying), so only its next time moved.');
  lines.push('  sim window peaks: the simulator\'s own limits (it enforces the platforms\' real ones: TikTok 600/min, X 900/15 min on timelines); the budget column above is ours.');
  lines.push('');
  lines.push('requests per simulated hour (what the simulator received):');
  lines.push(
    table(
      ['hour', 'YouTube', 'YouTube Data units', 'TikTok', 'Instagram', 'X'],
      w.hourly.map((x) => [x.hour, x.requests.youtube, x.youtubeDataUnits, x.requests.tiktok, x.requests.instagram, x.requests.twitter]),
    ),
  );
  if (w.measured.hours < 24 - 1e-9) {
    const H = w.measured.hours;
    lines.push('');
    lines.push(`extrapolated to 24 h (measured only ${r2(H)} h): requests/day ≈ one full pass (the initial backfill's requests: the full tier re-reads everything every 24 h) + measured requests × 24 / ${r2(H)}.`);
    lines.push(
      table(
        ['platform', 'measured', 'full pass', '≈ per day', '≈ per hour'],
        w.platforms.map((p) => {
          const full = w.initial.requests[p.platform];
          const day = full + (p.requests * 24) / H;
          return [NAME[p.platform], p.requests, full, Math.round(day), Math.round(day / 24)];
        }),
      ),
    );
    const yt = w.hourly.map((x) => x.youtubeDataUnits);
    const lastRate = yt.at(-1) ?? 0;
    const used = yt.reduce((a, b) => a + b, 0);
    lines.push(
      `  YouTube is not linear: the hot tier only runs while ≥ ${HOT_MIN_HEADROOM * 100}% of the day's units are free, so the Data API rate drops once half the quota is used. At the last measured hour's rate (${fmtNum(lastRate)} units/h) the remaining ${r1(24 - H)} h add ≈ ${fmtNum(Math.round(lastRate * (24 - H)))} units to the ${fmtNum(used)} measured: ≈ ${fmtNum(Math.round(used + lastRate * (24 - H)))} units/24 h (+ the full pass's units) against 10,000; the gate defers whatever does not fit until midnight Pacific.`,
    );
  }
  return lines.join('\n');
}

function probeTable(probes: ProbeResult[]): string {
  return table(
    ['platform', 'account', 'age at boost min', 'post stored', 'hot-eligible', 'headroom', 'last run (min before)', 'next sync in min', 'delay min', 'brought by tier', 'run wall ms'],
    probes.map((p) => [
      NAME[p.platform],
      p.accountId,
      r1(p.ageAtBoostMin),
      p.postStoredAtBoost ? 'yes' : 'no',
      p.accountHotEligible ? 'yes' : 'no',
      r2(p.headroomAtBoost),
      p.lastRunTier === null ? null : `${p.lastRunTier} (${r1(p.lastRunAgoMin)})`,
      r2(p.nextSyncInMin),
      p.delayMin === null ? p.outcome : r2(p.delayMin),
      p.deliveredByTier,
      p.runWallMs === null ? null : Math.round(p.runWallMs),
    ]),
  );
}

function freshnessSummary(probes: ProbeResult[]): string {
  const rows: (string | number | null)[][] = [];
  for (const p of ['youtube', 'tiktok', 'instagram', 'twitter', 'all'] as const) {
    const mine = probes.filter((x) => p === 'all' || x.platform === p);
    const seen = mine.filter((x) => x.delayMin !== null).map((x) => x.delayMin!);
    const s = summarize(seen);
    rows.push([p === 'all' ? 'all' : NAME[p], mine.length, seen.length, r2(s.min), r2(s.median), r2(s.max), mine.filter((x) => x.delayMin !== null && x.delayMin <= 5).length]);
  }
  return table(['platform', 'probes', 'seen', 'min min', 'median min', 'max min', '≤ 5 min'], rows);
}

export const PROBE_NOTE =
  '  delay: simulated minutes from the boost to the first API answer showing it (15 s steps); "post stored"/"hot-eligible"/"headroom"/"last run"/"next sync": the account at the boost (hot-eligible = a post < 48 h already stored); "brought by tier": the account’s last successful run before that answer.';

function freshnessSection(fresh: WorldResult | null, steady: WorldResult | null, schedules: ReportInput['schedules']): string {
  const lines: string[] = ['### 3. Freshness — boost a post in its first hour (sim.boostPost), read GET /api/v1/analytics/performance through the app after every 15 s step'];
  const due = schedules.find((s) => s.job === 'sync-due')?.everyMs ?? 60_000;
  const hot = tierInterval('hot', 'youtube');
  const walls = [...(fresh?.probes ?? []), ...(steady?.probes ?? [])].map((p) => p.runWallMs).filter((x): x is number => x !== null);
  const maxWall = walls.length ? Math.max(...walls) : 0;
  if (fresh) {
    lines.push(`lightly loaded: ${fresh.accountsPerPlatform} accounts per platform, ≈${fmtNum(fresh.postsPerAccount / fresh.historyDays)} posts/account/day, ${r2(fresh.measured.hours)} simulated h, ${r1(fresh.measured.wallS)} s wall`);
    lines.push(probeTable(fresh.probes));
    lines.push(PROBE_NOTE);
    lines.push(freshnessSummary(fresh.probes));
    lines.push('');
  }
  if (steady && steady.probes.length > 0) {
    lines.push(`under the steady-state load (phase 2: ${steady.accountsPerPlatform} accounts per platform, default budgets; probes spread over the run):`);
    lines.push(probeTable(steady.probes));
    lines.push(PROBE_NOTE);
    lines.push(freshnessSummary(steady.probes));
    lines.push('');
  }
  lines.push(
    `bound: a post already stored on an account in the hot tier is re-read at most every ${hot / 60_000} min (hot interval, from the last run's start), the due accounts are enqueued by sync-due every ${due / 1000} s, then the sync runs (≤ ${Math.round(maxWall)} ms wall here, longer when jobs queue behind SYNC_CONCURRENCY or a budget wait): worst case ≈ ${hot / 60_000} min + ${due / 1000} s + sync ≈ ${r1((hot + due) / 60_000)} min, plus this probe's 15 s read granularity.`,
  );
  lines.push(
    `  The hot tier applies only while the account already has a post < 48 h stored and the platform budget has ≥ ${HOT_MIN_HEADROOM * 100}% headroom (YouTube: of the day's units; TikTok: of the app's minute; Instagram/X: of the account's window) at the moment the next sync time is computed; otherwise the next sync is the light tier (every hour): a brand-new post on an account without another recent post, or an account whose budget is half spent, waits up to an hour.`,
  );
  return lines.join('\n');
}

export function report(o: ReportInput): string {
  const m = o.machine;
  const parts = [
    '## Pulseboard sync benchmark (bench/sync.ts)',
    `machine: ${m.cpus} cores (${m.cpuModel}), ${m.memGb} GB, Node ${m.node}; load average at start ${m.loadAvgAtStart.join(' / ')}, at end ${m.loadAvgAtEnd.join(' / ')}${Math.max(...m.loadAvgAtStart, ...m.loadAvgAtEnd) > m.cpus ? ' — the machine was shared: timings are pessimistic and noisy' : ''}`,
    `the simulator runs in this same process (real HTTP over 127.0.0.1), so its CPU time is inside every wall time below; PostgreSQL: ${m.database} (a fresh database per phase); total wall ${r1(o.wallS)} s`,
    '',
  ];
  for (const b of o.backfill) parts.push(backfillSection(b), '');
  if (o.backfill.length === 2) {
    const [a, b] = o.backfill as [BackfillResult, BackfillResult];
    parts.push(`${a.engine} vs ${b.engine}: total wall ${r2(a.total.wallS)} s vs ${r2(b.total.wallS)} s; stored rows/s ${Math.round(a.total.storedPerSecond)} vs ${Math.round(b.total.storedPerSecond)}`, '');
  }
  if (o.steady) parts.push(steadySection(o.steady, o.steady.accountsPerPlatform), '');
  if (o.freshness || o.steady) parts.push(freshnessSection(o.freshness, o.steady, o.schedules), '');
  if (o.steady) parts.push(budgetedFreshnessSection(o.steady), '');
  if (o.errors.length > 0) parts.push('### phases that could not run', ...o.errors.map((e) => `${e.phase}: ${e.error.split('\n')[0]}`));
  return parts.join('\n');
}

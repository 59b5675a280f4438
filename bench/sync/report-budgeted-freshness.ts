/**
 * The issue 11 table: under the steady-state load, the delay from a post's
 * publication to its first numbers in the dashboard API (publications.ts),
 * and from a counter change on a hot post to the API (probe.ts); the busiest
 * budget window per platform as the simulator counted it, against the limit;
 * and, where p95 misses 5 minutes, whether the budget could allow it at all.
 */
import { PLATFORMS, type Platform } from '../../src/analytics/catalog.js';
import type { BudgetSettings } from '../../src/config-platforms.js';
import { DISCOVER_INTERVAL_MS } from '../../src/sync/cadence.js';
import { fmtNum, quantile, r1, r2, table } from './stats.js';
import type { WorldResult } from './world.js';

const NAME: Record<Platform, string> = { youtube: 'YouTube', tiktok: 'TikTok', instagram: 'Instagram', twitter: 'X' };
const GOAL_MIN = 5;

function spread(values: number[]): { n: number; p50: number | null; p95: number | null; max: number | null } {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: quantile(s, 0.5), p95: quantile(s, 0.95), max: s.at(-1) ?? null };
}

/**
 * What polling every account once per 5 minutes (the cheapest call: one
 * listing request, one unit) needs of each budget, against the budget: the
 * floor below which no schedule can promise 5 minutes without webhooks.
 */
function pollingNeed(p: Platform, accounts: number, b: BudgetSettings): { need: string; have: string; ratio: number } {
  switch (p) {
    case 'youtube':
      return { need: `${fmtNum(accounts * 288)} units/day`, have: `${fmtNum(b.youtubeUnitsPerDay)} units/day (app)`, ratio: (accounts * 288) / b.youtubeUnitsPerDay };
    case 'tiktok':
      return { need: `${fmtNum(accounts / 5)} calls/min`, have: `${fmtNum(b.tiktokPerMinute)} calls/min (app)`, ratio: accounts / 5 / b.tiktokPerMinute };
    case 'instagram':
      return { need: '12 calls/h per account', have: `${fmtNum(b.instagramPerHourPerAccount)}/h per account`, ratio: 12 / b.instagramPerHourPerAccount };
    case 'twitter':
      return { need: '3 calls/15 min per account', have: `${fmtNum(b.xPer15MinPerAccount)}/15 min per account`, ratio: 3 / b.xPer15MinPerAccount };
  }
}

export function budgetedFreshnessSection(w: WorldResult): string {
  const budgets = w.budgets;
  const lines = [
    `### 4. Freshness within budgets (issue 11) — ${w.accountsPerPlatform} accounts per platform, ${r2(w.measured.hours)} simulated h, posts published at the world's random times, budgets: YouTube ${fmtNum(budgets.youtubeUnitsPerDay)} units/day, TikTok ${budgets.tiktokPerMinute}/min, Instagram ${budgets.instagramPerHourPerAccount}/h per account, X ${budgets.xPer15MinPerAccount}/15 min per account`,
    `new post: simulated minutes from its publication (the simulator's instant) to the first GET /api/v1/analytics/performance answer listing it with views, read after every ${w.stepS} s step; counter change: the boost probes of phase 2 (a post boosted 5–45 min after it appeared).`,
    `discover: one listing call per account every ${DISCOVER_INTERVAL_MS / 60_000} min while its budget is on pace (src/sync/cadence.ts); budget window: the busiest one, counted from the requests the simulator accepted.`,
  ];
  const rows = PLATFORMS.map((p) => {
    const pubs = w.publications.filter((x) => x.platform === p);
    const seen = spread(pubs.filter((x) => x.delayMin !== null).map((x) => x.delayMin!));
    const tiers = new Map<string, number>();
    for (const x of pubs) tiers.set(x.storedByTier ?? 'none', (tiers.get(x.storedByTier ?? 'none') ?? 0) + 1);
    const probes = w.probes.filter((x) => x.platform === p);
    const change = spread(probes.filter((x) => x.delayMin !== null).map((x) => x.delayMin!));
    const peak = w.simBudgetPeaks.find((x) => x.platform === p)!;
    return [
      NAME[p],
      `${seen.n}/${pubs.length}`,
      r2(seen.p50),
      r2(seen.p95),
      r2(seen.max),
      [...tiers].map(([t, n]) => `${t} ${n}`).join(', '),
      `${change.n}/${probes.length}`,
      r2(change.p50),
      r2(change.p95),
      r2(change.max),
      `${fmtNum(peak.peak)} / ${fmtNum(peak.limit)} ${peak.peak <= peak.limit ? '(within)' : '(EXCEEDED)'}`,
      peak.refused,
    ];
  });
  lines.push(
    table(
      ['platform', 'new posts seen', 'p50 min', 'p95 min', 'max min', 'stored by tier', 'changes seen', 'p50 min', 'p95 min', 'max min', 'busiest budget window / limit', 'sim refused'],
      rows,
    ),
  );
  lines.push('  budget windows: ' + w.simBudgetPeaks.map((x) => `${NAME[x.platform]} ${x.window}${x.key ? ` (${x.key})` : ''}`).join('; '));
  lines.push('');
  lines.push(`goal: p95 ≤ ${GOAL_MIN} min for both, on every platform whose budget allows it`);
  for (const p of PLATFORMS) {
    const pub = spread(w.publications.filter((x) => x.platform === p && x.delayMin !== null).map((x) => x.delayMin!));
    const chg = spread(w.probes.filter((x) => x.platform === p && x.delayMin !== null).map((x) => x.delayMin!));
    const unseen = w.publications.filter((x) => x.platform === p && x.delayMin === null).length + w.probes.filter((x) => x.platform === p && x.delayMin === null).length;
    const verdict = (name: string, s: ReturnType<typeof spread>) =>
      s.p95 === null ? `${name}: no sample` : s.p95 <= GOAL_MIN ? `${name} p95 ${r2(s.p95)} min: met` : `${name} p95 ${r2(s.p95)} min: missed by ${r2(s.p95 - GOAL_MIN)} min`;
    const need = pollingNeed(p, w.accountsPerPlatform, budgets);
    const allows = need.ratio <= 1 ? `the budget allows 5-min polling (${need.need} of ${need.have}, ${fmtNum(Math.round(need.ratio * 100))}%)` : `the budget does not allow 5-min polling: it needs ${need.need}, ${r1(need.ratio)}× the ${need.have}`;
    lines.push(`  ${NAME[p]}: ${verdict('new post', pub)}; ${verdict('counter change', chg)}${unseen ? `; ${unseen} not seen by the end of the run` : ''} — ${allows}`);
  }
  return lines.join('\n');
}

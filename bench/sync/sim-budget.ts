/**
 * The busiest window of each platform's budget, counted from what the
 * simulator accepted (its own request log), not from what the budget gate
 * believes it let through: the proof that no budget was exceeded. Windows are
 * the budgets' own (src/sync/budget-rules.ts): YouTube Data API units per
 * Pacific day (app), TikTok calls per rolling minute (app), Instagram calls
 * per rolling hour per account, X calls per rolling 15 minutes per account.
 * Token calls draw from no budget and are left out, as the gate leaves them.
 */
import type { Platform } from '../../src/analytics/catalog.js';
import type { BudgetSettings } from '../../src/config-platforms.js';
import type { RequestRecord } from '../../src/simulator/index.js';
import { endpointClass } from './endpoint-class.js';
import { groupBy, slidingPeak } from './stats.js';

export interface SimBudgetPeak {
  platform: Platform;
  window: string;
  /** Highest use in one window (units for YouTube, calls elsewhere), over every key. */
  peak: number;
  limit: number;
  /** The account (platform id) or day it happened in. */
  key: string | null;
  /** Requests the simulator refused (429/403 quota) in the measured window. */
  refused: number;
}

const MIN = 60_000;

function pacificDay(at: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
}

export function simBudgetPeaks(log: readonly RequestRecord[], budgets: BudgetSettings): SimBudgetPeak[] {
  const budgeted = (p: Platform) => log.filter((r) => r.platform === p && !r.limited && r.status !== 0 && endpointClass(p, r.endpoint) === (p === 'youtube' ? 'youtube-data' : p === 'twitter' ? 'x' : p));
  const refused = (p: Platform) => log.filter((r) => r.platform === p && r.limited).length;
  const takes = (list: RequestRecord[]) => list.map((r) => ({ key: r.limit?.key ?? '', at: r.at, cost: r.units }));

  const perDay = groupBy(budgeted('youtube'), (r) => pacificDay(r.at));
  let yt = { peak: 0, key: null as string | null };
  for (const [d, list] of perDay) {
    const units = list.reduce((n, r) => n + r.units, 0);
    if (units > yt.peak) yt = { peak: units, key: d };
  }

  const perAccount = (p: Platform, windowMs: number) => {
    let best = { peak: 0, key: null as string | null };
    for (const [key, list] of groupBy(budgeted(p), (r) => r.limit?.key ?? '?')) {
      const peak = slidingPeak(takes(list), windowMs);
      if (peak > best.peak) best = { peak, key };
    }
    return best;
  };
  const tiktok = slidingPeak(takes(budgeted('tiktok')), MIN);
  const ig = perAccount('instagram', 60 * MIN);
  const x = perAccount('twitter', 15 * MIN);
  return [
    { platform: 'youtube', window: 'Data API units per Pacific day (app)', peak: yt.peak, limit: budgets.youtubeUnitsPerDay, key: yt.key, refused: refused('youtube') },
    { platform: 'tiktok', window: 'calls per rolling minute (app)', peak: tiktok, limit: budgets.tiktokPerMinute, key: null, refused: refused('tiktok') },
    { platform: 'instagram', window: 'calls per rolling hour, busiest account', peak: ig.peak, limit: budgets.instagramPerHourPerAccount, key: ig.key, refused: refused('instagram') },
    { platform: 'twitter', window: 'calls per rolling 15 min, busiest account', peak: x.peak, limit: budgets.xPer15MinPerAccount, key: x.key, refused: refused('twitter') },
  ];
}

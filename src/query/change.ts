/**
 * The change of a figure against the previous period of the same length: the
 * one definition the dashboard and the reports share.
 *
 * change = value − previous (percentage points for rates); change_pct is
 * relative to |previous| so a negative baseline (e.g. a follower loss) keeps
 * the sign meaning "up" or "down". Null whenever an input is null, and
 * change_pct also when previous is 0 or the figure is itself a percentage.
 */
import { round2 } from '../analytics/catalog.js';
import { isContributorMetric, type Totals } from './aggregate.js';

export interface Change {
  previous: number | null;
  change: number | null;
  change_pct: number | null;
}

export function changeOf(value: number | null, previous: number | null, isPercent: boolean): Change {
  const change = value === null || previous === null ? null : round2(value - previous);
  const changePct = change === null || previous === null || previous === 0 || isPercent ? null : round2((100 * change) / Math.abs(previous));
  return { previous, change, change_pct: changePct };
}

/** Follower figures are counts of whole accounts: compared across periods only over the same platforms. */
export const FOLLOWER_METRICS = ['followers', 'follower_growth', 'follower_growth_rate'] as const;

/**
 * Follower metrics whose two periods are made of different platforms: a
 * platform's follower history starts at its first sync (YouTube's is walked
 * back further), so an earlier period can count fewer platforms, and the
 * difference would be whole accounts, not growth.
 */
export function followerMismatches<M extends string>(current: Pick<Totals, 'contributors'>, previous: Pick<Totals, 'contributors'>, metrics: readonly M[]): M[] {
  return metrics.filter(
    (m) => (FOLLOWER_METRICS as readonly string[]).includes(m) && isContributorMetric(m) && current.contributors[m].join() !== previous.contributors[m].join(),
  );
}

/**
 * Detection over one user's recent data: which series stood out on which
 * days, and which young posts went viral. Pure: rows in, findings out; what
 * to store is decided by ./episodes.ts and done by ./run.ts.
 *
 * What is watched:
 *  - per account: daily views, daily engagement (catalog definition) and the
 *    daily follower change (followers at the end of a day minus at the end of
 *    the day before, only where both days had a follower snapshot: a carried
 *    forward count would make a flat line and then a jump); spikes and drops;
 *  - per post: daily views and engagement; spikes only. A post's daily numbers
 *    fall by nature as it ages, so a "drop" there is its normal decay, not
 *    news. The day a post was first seen (its lifetime lumped on the publish
 *    day) is not a day's activity and is left out;
 *  - per young post: viral (./viral.ts).
 * Days evaluated: the EVALUATE_DAYS days before today and today (user's zone);
 * older days are history only, so a backfill of last year does not alert.
 * Today is still under way: it can be a spike (its numbers only grow), never a drop.
 */
import { addDays } from '../analytics/period.js';
import type { Platform } from '../analytics/catalog.js';
import type { AccountDayRow, CurveRow, PostDayRow } from '../db/repositories/alerts-series.js';
import { flagSeries, WEEKDAY_WINDOW_DAYS, type AlertMetric, type DailyValue, type FlaggedDay } from './series.js';
import type { AlertSettings } from './settings.js';
import { findViral, MAX_VIRAL_AGE_DAYS, type PostCurve, type ViralPost } from './viral.js';

export const EVALUATE_DAYS = 7;
/** Posts per account whose early curves form "the account's usual". */
export const CURVE_POSTS_PER_ACCOUNT = 200;

/** The first day detection reads: history enough for the first evaluated day (and the day before it, for follower change). */
export function historyStart(today: string): string {
  return addDays(today, -(EVALUATE_DAYS + WEEKDAY_WINDOW_DAYS + 1));
}

export interface SeriesFinding {
  seriesKey: string;
  accountId: number;
  postId: number | null;
  platform: Platform;
  metric: AlertMetric;
  flagged: FlaggedDay[];
}

export interface DetectionInput {
  today: string;
  accountDays: readonly AccountDayRow[];
  postDays: readonly PostDayRow[];
  curves: readonly CurveRow[];
}

export interface Detection {
  /** One entry per series and direction with at least one flagged day. */
  series: SeriesFinding[];
  viral: (ViralPost & { platform: Platform; seriesKey: string; day: string })[];
}

export function seriesKey(scope: 'a' | 'p', id: number, metric: AlertMetric, kind: 'spike' | 'drop' | 'viral'): string {
  return `${scope}:${id}:${metric}:${kind}`;
}

function groupBy<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Daily follower change, only between two days that both had a snapshot. */
export function followerChange(days: readonly AccountDayRow[]): DailyValue[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  return days.map((d) => {
    const prev = byDay.get(addDays(d.day, -1));
    const known = d.followers_observed && prev?.followers_observed && d.followers !== null && prev.followers !== null;
    return { day: d.day, value: known ? d.followers! - prev.followers! : null };
  });
}

export function detect(input: DetectionInput, settings: AlertSettings): Detection {
  const { today } = input;
  const window = { from: addDays(today, -EVALUATE_DAYS), to: today, lastCompleteDay: addDays(today, -1) };
  const t = settings.thresholds;
  const series: SeriesFinding[] = [];
  const add = (scope: 'a' | 'p', id: number, accountId: number, postId: number | null, platform: Platform, metric: AlertMetric, values: DailyValue[], drops: boolean) => {
    const flagged = flagSeries(values, { metric, spike: t.spike, drop: drops ? t.drop : null, ...window });
    for (const direction of ['spike', 'drop'] as const) {
      const days = flagged.filter((f) => f.direction === direction);
      if (days.length > 0) series.push({ seriesKey: seriesKey(scope, id, metric, direction), accountId, postId, platform, metric, flagged: days });
    }
  };

  for (const [accountId, days] of groupBy(input.accountDays, (r) => r.account_id)) {
    const platform = days[0]!.platform;
    // A day that carries a post's lifetime from before it was first seen (a backfill, a newly
    // connected account) is not one day's activity: unknown, like the posts' estimated days below.
    add('a', accountId, accountId, null, platform, 'views', days.map((d) => ({ day: d.day, value: d.estimated ? null : d.views })), true);
    add('a', accountId, accountId, null, platform, 'engagement', days.map((d) => ({ day: d.day, value: d.estimated ? null : d.engagement })), true);
    add('a', accountId, accountId, null, platform, 'followers', followerChange(days), true);
  }
  for (const [postId, days] of groupBy(input.postDays, (r) => r.post_id)) {
    const { account_id: accountId, platform } = days[0]!;
    const known = days.filter((d) => !d.estimated);
    add('p', postId, accountId, postId, platform, 'views', known.map((d) => ({ day: d.day, value: d.views })), false);
    add('p', postId, accountId, postId, platform, 'engagement', known.map((d) => ({ day: d.day, value: d.engagement })), false);
  }

  const { curves, young } = buildCurves(input.curves, today);
  const viral = findViral(young, curves, t.viral).map((v) => {
    const meta = young.find((c) => c.postId === v.postId)!;
    return { ...v, platform: meta.platform, seriesKey: seriesKey('p', v.postId, 'views', 'viral'), day: addDays(meta.publishDay, v.age) };
  });
  return { series, viral };
}

type Curve = PostCurve & { platform: Platform; publishDay: string };

/** Cumulative views by age per post; `young`: posts still within MAX_VIRAL_AGE_DAYS of their publish day today. */
export function buildCurves(rows: readonly CurveRow[], today: string): { curves: Curve[]; young: Curve[] } {
  const curves: Curve[] = [];
  for (const [postId, days] of groupBy(rows, (r) => r.post_id)) {
    const first = days[0]!;
    const todayAge = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${first.publish_day}T00:00:00Z`)) / 86_400_000);
    if (todayAge < 0) continue;
    const length = Math.min(todayAge, MAX_VIRAL_AGE_DAYS) + 1;
    const perAge = new Array<number>(length).fill(0);
    for (const d of days) if (d.age >= 0 && d.age < length) perAge[d.age]! += d.views ?? 0;
    const cumulative: number[] = [];
    let sum = 0;
    for (const v of perAge) cumulative.push((sum += v));
    curves.push({
      postId,
      accountId: first.account_id,
      platform: first.platform,
      publishDay: first.publish_day,
      cumulative,
      completeAge: Math.min(todayAge - 1, MAX_VIRAL_AGE_DAYS),
      firstSeenAge: first.first_seen_age,
    });
  }
  return { curves, young: curves.filter((c) => c.completeAge < MAX_VIRAL_AGE_DAYS) };
}

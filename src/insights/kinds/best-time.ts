/**
 * best_time: when to publish, per platform, in the user's time zone.
 *
 * Method. Each post is scored against its own account (post-scores.ts: log of
 * views at 7 days minus the account median). Posts are grouped into weekday ×
 * 3-hour blocks of their local publication time (56 cells: hourly cells would
 * hold one or two posts each). Each cell's mean score is shrunk toward the
 * platform mean (empirical Bayes, normal–normal):
 *
 *   shrunk_c = μ + B_c (ȳ_c − μ),  B_c = τ² / (τ² + σ²/n_c)
 *
 * with σ² the pooled within-cell variance and τ² the between-cell variance by
 * the method of moments (variance of the cell means minus their mean sampling
 * variance), floored at TAU_FLOOR² — a prior that slots differ by about 15%:
 * the moment estimate is 0 whenever one slot stands out among many thin ones,
 * which is exactly the case worth finding. A thin cell is pulled almost all the
 * way to μ. A slot is listed when it holds 2+ posts and its posterior
 * z = (shrunk_c − μ) / √(B_c σ²/n_c) clears the one-sided 95% level corrected
 * for the number of cells compared (Bonferroni: z ≥ Φ⁻¹(1 − 0.05/m), about 3
 * for 40 cells), so among 56 cells of pure noise none is listed by chance;
 * `lift` = exp(shrunk_c − μ), the shrunk multiplicative lift on views.
 *
 * Confidence = confidenceOf(z of the best slot, posts on the platform)
 * (stats.ts: z²/(z² + 16) · n/(n + 30)); 0 when nothing is listed.
 *
 * Null cases: fewer than 10 scored posts on a platform → best: [] with the
 * reason, and the pattern across all the user's platforms (when that has 10+
 * posts) in cross_platform_best, labelled as such; no signal → best: [] with
 * the reason. No connected platform and no posts → one cross-platform record
 * saying so.
 */
import { Type, type Static } from 'typebox';
import { mean, probit, sampleVariance } from 'simple-statistics';
import type { Platform } from '../../analytics/catalog.js';
import { connectedPlatforms } from '../../db/repositories/insights.js';
import { byPlatform, scoredPosts, type ScoredPost } from '../post-scores.js';
import { Lift, Reason } from '../schema.js';
import { confidenceOf, liftOf } from '../stats.js';
import { validFor, type InsightContext, type InsightDraft, type InsightKind } from '../types.js';
import { counted, platformName } from '../../analytics/platform-names.js';

export const SLOT_HOURS = 3;
export const MIN_POSTS = 10;
export const MAX_SLOTS = 3;
/** Prior standard deviation of slot effects on the log scale (the floor of τ). */
export const TAU_FLOOR = 0.15;
/** Family-wise one-sided level of "this slot beats your usual". */
const FAMILY_ALPHA = 0.05;
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const Slot = Type.Object({
  day_of_week: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday in your time zone: 1 = Monday … 7 = Sunday' }),
  hour: Type.Integer({ minimum: 0, maximum: 23, description: 'Start hour of the slot in your time zone (0–23)' }),
  slot_hours: Type.Integer({ minimum: 1, maximum: 24, description: 'Length of the slot in hours' }),
  posts: Type.Integer({ minimum: 0, description: 'Your posts published in this slot that the lift rests on' }),
  lift: Lift,
});

export const BestTimeData = Type.Object({
  time_zone: Type.String({ description: 'The IANA zone the weekdays and hours are in (yours at the time of the refresh)' }),
  best: Type.Array(Slot, { description: 'The best slots, best first; empty when there is not enough evidence (see reason)' }),
  reason: Reason,
  cross_platform_best: Type.Array(Slot, {
    description: 'Only when this platform has too few posts: your pattern across all platforms (cross-platform, not this platform\'s); empty otherwise',
  }),
});

type Data = Static<typeof BestTimeData>;
type SlotOut = Static<typeof Slot>;

interface SlotsResult {
  best: SlotOut[];
  z: number;
}

/** The empirical-Bayes slots of one set of scored posts (see the module comment). */
export function bestSlots(posts: readonly ScoredPost[]): SlotsResult {
  const cells = new Map<number, number[]>();
  for (const p of posts) {
    const key = p.local_dow * 100 + Math.floor(p.local_hour / SLOT_HOURS) * SLOT_HOURS;
    const list = cells.get(key);
    if (list) list.push(p.score);
    else cells.set(key, [p.score]);
  }
  const mu = mean(posts.map((p) => p.score));
  // Pooled within-cell variance: cells of one post add no within-cell information.
  let ss = 0;
  let dof = 0;
  for (const scores of cells.values()) {
    if (scores.length < 2) continue;
    ss += sampleVariance(scores) * (scores.length - 1);
    dof += scores.length - 1;
  }
  const sigma2 = dof > 0 ? ss / dof : sampleVariance(posts.map((p) => p.score));
  const groups = [...cells.entries()].map(([key, scores]) => ({ key, n: scores.length, mean: mean(scores) }));
  if (!(sigma2 > 0) || groups.length < 2) return { best: [], z: 0 };
  const cellMeans = groups.map((g) => g.mean);
  const tau2 = Math.max(TAU_FLOOR ** 2, sampleVariance(cellMeans) - mean(groups.map((g) => sigma2 / g.n)));
  const compared = groups.filter((g) => g.n >= 2).length;
  if (compared === 0) return { best: [], z: 0 };
  const minZ = probit(1 - FAMILY_ALPHA / compared);
  const ranked = groups
    .map((g) => {
      const b = tau2 / (tau2 + sigma2 / g.n);
      const shrunk = mu + b * (g.mean - mu);
      const z = (shrunk - mu) / Math.sqrt((b * sigma2) / g.n);
      return { ...g, shrunk, z };
    })
    .filter((g) => g.n >= 2 && g.z >= minZ)
    .sort((a, b) => b.shrunk - a.shrunk || a.key - b.key)
    .slice(0, MAX_SLOTS);
  return {
    best: ranked.map((g) => ({ day_of_week: Math.floor(g.key / 100), hour: g.key % 100, slot_hours: SLOT_HOURS, posts: g.n, lift: liftOf(g.shrunk - mu) })),
    z: ranked[0]?.z ?? 0,
  };
}

export function slotLabel(s: SlotOut): string {
  return `${DAYS[s.day_of_week - 1]} ${String(s.hour).padStart(2, '0')}:00–${String((s.hour + s.slot_hours) % 24).padStart(2, '0')}:00`;
}

function platformRecord(ctx: InsightContext, platform: Platform | null, posts: ScoredPost[], all: ScoredPost[]): InsightDraft<Data> {
  const base = { platform, sampleSize: posts.length, validUntil: validFor(ctx.now) };
  const where = platform === null ? 'any platform' : platformName(platform);
  if (posts.length < MIN_POSTS) {
    const cross = platform !== null && all.length >= MIN_POSTS ? bestSlots(all).best : [];
    const reason = `Not enough data: ${counted(posts.length, 'post')} on ${where} with views at 7 days; at least ${MIN_POSTS} are needed` +
      (cross.length > 0 ? '; your pattern across all your platforms is given instead.' : '.');
    return { ...base, confidence: 0, data: { time_zone: ctx.timeZone, best: [], reason, cross_platform_best: cross }, summary: reason };
  }
  const { best, z } = bestSlots(posts);
  if (best.length === 0) {
    const reason = `No signal: across ${counted(posts.length, 'post')} on ${where}, no weekday and time stands out from your usual beyond chance.`;
    return { ...base, confidence: 0, data: { time_zone: ctx.timeZone, best: [], reason, cross_platform_best: [] }, summary: reason };
  }
  const top = best[0]!;
  return {
    ...base,
    confidence: confidenceOf(z, posts.length),
    data: { time_zone: ctx.timeZone, best, reason: null, cross_platform_best: [] },
    summary: `Best time on ${where}: ${slotLabel(top)} (${ctx.timeZone}), ${top.lift}× your usual views (${counted(top.posts, 'post')}).`,
  };
}

export const bestTime: InsightKind<typeof BestTimeData> = {
  type: 'best_time',
  dataSchema: BestTimeData,
  minimumEvidence: MIN_POSTS,
  async compute(ctx) {
    const all = await scoredPosts(ctx);
    const groups = byPlatform(all);
    const platforms = new Set<Platform>([...(await connectedPlatforms(ctx.db, ctx.userId)), ...groups.keys()]);
    if (platforms.size === 0) return [platformRecord(ctx, null, [], all)];
    return [...platforms].sort().map((p) => platformRecord(ctx, p, groups.get(p) ?? [], all));
  },
};

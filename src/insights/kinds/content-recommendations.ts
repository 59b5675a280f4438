/**
 * content_recommendations: what to do more or less of, per platform.
 *
 * Every figure compares posts of one platform at the same age (views at 7
 * days, scored against their own account: post-scores.ts).
 *
 *  - outliers: robust z = (score − median) / (1.4826 · MAD) over the
 *    platform's posts; |z| ≥ 3.5 (Iglewicz & Hoaglin) is far above / below
 *    your usual. above_average / below_average list their content ids (the id
 *    of GET /api/v1/analytics/content/{id}), most extreme first. MAD = 0 (half
 *    the posts identical) gives no outliers rather than infinite z's.
 *  - format: each media type with MIN_GROUP+ posts against the platform's
 *    other posts (Welch t on the log scale, interval at 1 − 0.05/m for m
 *    groups compared); recommended when the interval is above 0.
 *  - length: the same over length bands — video duration where most posts
 *    have one, caption length otherwise.
 *  - frequency: weeks (Monday-based, UTC) from the first to the last scored
 *    post, grouped by posts per week (1, 2–3, 4–6, 7+); engagement per post
 *    (engagement at 7 days scored like views; views where no engagement is
 *    read) of one band against the other weeks, MIN_WEEKS+ weeks per band.
 *
 * Confidence = the highest confidenceOf(t, posts) among the recommendations
 * made from a comparison (stats.ts: t²/(t² + 16) · n/(n + 30)); when only
 * outliers are listed, confidenceOf(z of the most extreme, posts); 0 when the
 * record says nothing.
 *
 * Null cases: fewer than MIN_POSTS scored posts → "not enough data";
 * no outlier and no comparison clearly apart → "no signal".
 */
import { Type, type Static } from 'typebox';
import type { Platform } from '../../analytics/catalog.js';
import { connectedPlatforms } from '../../db/repositories/insights.js';
import { byPlatform, groupBy, scoredPosts, type ScoredPost } from '../post-scores.js';
import { Lift, LiftInterval, NullableString, Reason } from '../schema.js';
import { compareGroups, confidenceOf, liftOf, robustSpread, round } from '../stats.js';
import { validFor, type InsightContext, type InsightDraft, type InsightKind } from '../types.js';
import { counted, platformName } from '../../analytics/platform-names.js';
import { Id } from '../../ids/entity-id.js';

export const MIN_POSTS = 10;
export const OUTLIER_Z = 3.5;
export const MIN_GROUP = 5;
export const MIN_WEEKS = 4;
const FAMILY_ALPHA = 0.05;
const MAX_LISTED = 10;
const WEEK = 7 * 86_400_000;

export const RECOMMENDATION_KINDS = ['outliers', 'format', 'length', 'frequency'] as const;

const Evidence = Type.Object({
  posts: Type.Integer({ minimum: 0, description: 'Posts in the group the recommendation is about (outliers: posts compared)' }),
  compared_with: Type.Integer({ minimum: 0, description: 'Posts (frequency: weeks) it was compared with' }),
  weeks: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'frequency: weeks in the recommended band; null otherwise' }),
  lift: Type.Union([Lift, Type.Null()], { description: 'Multiplicative lift of the group on its measure; null for outliers' }),
  interval: Type.Union([LiftInterval, Type.Null()], { description: 'Interval of the lift; null for outliers' }),
  group: NullableString({ description: 'The media type, length band or posts-per-week band recommended; null for outliers' }),
});

export const ContentRecommendationsData = Type.Object({
  recommendations: Type.Array(
    Type.Object({
      kind: Type.Enum(RECOMMENDATION_KINDS, { description: 'outliers, format (media type), length (duration or caption), frequency (posts per week)' }),
      message: Type.String({ description: 'The recommendation, for a person, with the figure it rests on' }),
      evidence: Evidence,
    }),
    { description: 'Strongest first; empty when there is not enough evidence (see reason)' },
  ),
  above_average: Type.Array(Id('content'), { description: `Content ids of posts far above your usual views at 7 days (robust z ≥ ${OUTLIER_Z}), most extreme first` }),
  below_average: Type.Array(Id('content'), { description: `Content ids of posts far below (robust z ≤ −${OUTLIER_Z}), most extreme first` }),
  reason: Reason,
});
type Data = Static<typeof ContentRecommendationsData>;
type Recommendation = Data['recommendations'][number];

/** Robust z of each post's score among `posts`; null when the MAD is 0. */
export function robustZ(posts: readonly ScoredPost[]): Map<number, number> | null {
  const { median, scale } = robustSpread(posts.map((p) => p.score));
  if (!(scale > 0)) return null;
  return new Map(posts.map((p) => [p.post_id, (p.score - median) / scale]));
}

interface Made {
  rec: Recommendation;
  t: number;
  n: number;
}

/** The best group of `key` against the rest of the posts, when its interval is above 0. */
function bestGroup(posts: readonly ScoredPost[], key: (p: ScoredPost) => string | null, value: (p: ScoredPost) => number): { group: string; cmp: NonNullable<ReturnType<typeof compareGroups>> } | null {
  const groups = [...groupBy(posts, key)].filter(([k, list]) => k !== null && list.length >= MIN_GROUP && list.length < posts.length);
  if (groups.length === 0) return null;
  const alpha = FAMILY_ALPHA / groups.length;
  let best: { group: string; cmp: NonNullable<ReturnType<typeof compareGroups>> } | null = null;
  for (const [k, list] of groups) {
    const set = new Set(list);
    const cmp = compareGroups(list.map(value), posts.filter((p) => !set.has(p)).map(value), alpha);
    if (cmp && cmp.lo > 0 && (!best || cmp.diff > best.cmp.diff)) best = { group: k!, cmp };
  }
  return best;
}

export function lengthBand(p: ScoredPost, useDuration: boolean): string | null {
  if (useDuration) {
    const d = p.duration_seconds;
    if (d === null) return null;
    return d < 60 ? 'under 1 minute' : d < 300 ? '1–5 minutes' : d < 900 ? '5–15 minutes' : '15 minutes or more';
  }
  const c = p.caption_length;
  return c < 50 ? 'caption under 50 characters' : c < 150 ? 'caption 50–149 characters' : c < 300 ? 'caption 150–299 characters' : 'caption 300+ characters';
}

export function frequencyBand(postsInWeek: number): string {
  return postsInWeek <= 1 ? '1 post a week' : postsInWeek <= 3 ? '2–3 posts a week' : postsInWeek <= 6 ? '4–6 posts a week' : '7+ posts a week';
}

const evidence = (e: Partial<Static<typeof Evidence>> & { posts: number; compared_with: number }): Static<typeof Evidence> => ({
  weeks: null, lift: null, interval: null, group: null, ...e,
});

function recommend(platform: Platform, posts: ScoredPost[]): { made: Made[]; above: number[]; below: number[] } {
  const made: Made[] = [];
  const format = bestGroup(posts, (p) => p.media_type ?? 'other', (p) => p.score);
  if (format) {
    const { group, cmp } = format;
    made.push({
      t: cmp.t,
      n: cmp.n,
      rec: {
        kind: 'format',
        message: `Post more ${group} on ${platformName(platform)}: they get ${liftOf(cmp.diff)}× the views of your other posts (${counted(cmp.n, 'post')}).`,
        evidence: evidence({ posts: cmp.n, compared_with: cmp.rest, lift: liftOf(cmp.diff), interval: [liftOf(cmp.lo), liftOf(cmp.hi)], group }),
      },
    });
  }
  const useDuration = posts.filter((p) => p.duration_seconds !== null).length * 2 > posts.length;
  const length = bestGroup(posts, (p) => lengthBand(p, useDuration), (p) => p.score);
  if (length) {
    const { group, cmp } = length;
    made.push({
      t: cmp.t,
      n: cmp.n,
      rec: {
        kind: 'length',
        message: `On ${platformName(platform)}, posts of ${group} get ${liftOf(cmp.diff)}× the views of your others (${counted(cmp.n, 'post')}).`,
        evidence: evidence({ posts: cmp.n, compared_with: cmp.rest, lift: liftOf(cmp.diff), interval: [liftOf(cmp.lo), liftOf(cmp.hi)], group }),
      },
    });
  }
  const frequency = frequencyRecommendation(platform, posts);
  if (frequency) made.push(frequency);

  const z = robustZ(posts);
  const above: { id: number; z: number }[] = [];
  const below: { id: number; z: number }[] = [];
  if (z) {
    for (const p of posts) {
      const v = z.get(p.post_id)!;
      if (v >= OUTLIER_Z) above.push({ id: p.content_id, z: v });
      if (v <= -OUTLIER_Z) below.push({ id: p.content_id, z: v });
    }
  }
  above.sort((a, b) => b.z - a.z || a.id - b.id);
  below.sort((a, b) => a.z - b.z || a.id - b.id);
  if (above.length + below.length > 0) {
    const extreme = Math.max(...[...above, ...below].map((o) => Math.abs(o.z)));
    made.push({
      t: extreme,
      n: posts.length,
      rec: {
        kind: 'outliers',
        message:
          `${counted(above.length, 'post')} on ${platformName(platform)} did far better than your usual and ${below.length} far worse ` +
          `(robust z beyond ±${OUTLIER_Z}); see above_average and below_average for what to repeat and what to avoid.`,
        evidence: evidence({ posts: above.length + below.length, compared_with: posts.length }),
      },
    });
  }
  made.sort((a, b) => confidenceOf(b.t, b.n) - confidenceOf(a.t, a.n));
  return { made, above: above.slice(0, MAX_LISTED).map((o) => o.id), below: below.slice(0, MAX_LISTED).map((o) => o.id) };
}

/** Weeks grouped by posts per week; the band whose per-post engagement beats the other weeks. */
function frequencyRecommendation(platform: Platform, posts: ScoredPost[]): Made | null {
  const weekOf = (d: Date) => Math.floor((d.getTime() - 4 * 86_400_000) / WEEK); // epoch day 0 is a Thursday: weeks start Monday
  const weeks = groupBy(posts, (p) => weekOf(p.published_at));
  const first = Math.min(...weeks.keys());
  const last = Math.max(...weeks.keys());
  // Weeks without a post say nothing about engagement per post; they count as band "0" only in the message.
  const rows = [...weeks.values()].map((list) => ({
    band: frequencyBand(list.length),
    value: list.reduce((s, p) => s + (p.engagementScore ?? p.score), 0) / list.length,
    posts: list.length,
  }));
  if (last - first + 1 < MIN_WEEKS * 2) return null;
  const bands = [...groupBy(rows, (r) => r.band)].filter(([, list]) => list.length >= MIN_WEEKS && list.length < rows.length);
  if (bands.length === 0) return null;
  const alpha = FAMILY_ALPHA / bands.length;
  let best: { band: string; cmp: NonNullable<ReturnType<typeof compareGroups>>; posts: number } | null = null;
  for (const [band, list] of bands) {
    const cmp = compareGroups(list.map((r) => r.value), rows.filter((r) => r.band !== band).map((r) => r.value), alpha);
    if (cmp && cmp.lo > 0 && (!best || cmp.diff > best.cmp.diff)) best = { band, cmp, posts: list.reduce((s, r) => s + r.posts, 0) };
  }
  if (!best) return null;
  const { band, cmp } = best;
  return {
    t: cmp.t,
    n: best.posts,
    rec: {
      kind: 'frequency',
      message: `On ${platformName(platform)}, weeks with ${band} got ${liftOf(cmp.diff)}× the engagement per post of your other weeks (${counted(cmp.n, 'week')} against ${cmp.rest}).`,
      evidence: evidence({ posts: best.posts, compared_with: cmp.rest, weeks: cmp.n, lift: liftOf(cmp.diff), interval: [liftOf(cmp.lo), liftOf(cmp.hi)], group: band }),
    },
  };
}

function platformRecord(ctx: InsightContext, platform: Platform | null, posts: ScoredPost[]): InsightDraft<Data> {
  const base = { platform, sampleSize: posts.length, validUntil: validFor(ctx.now) };
  const where = platform === null ? 'any platform' : platformName(platform);
  const nothing = (reason: string): InsightDraft<Data> => ({
    ...base, confidence: 0, data: { recommendations: [], above_average: [], below_average: [], reason }, summary: reason,
  });
  if (posts.length < MIN_POSTS || platform === null) {
    return nothing(`Not enough data: ${counted(posts.length, 'post')} on ${where} with views at 7 days; at least ${MIN_POSTS} are needed.`);
  }
  const { made, above, below } = recommend(platform, posts);
  if (made.length === 0) {
    return nothing(`No signal: across ${counted(posts.length, 'post')} on ${where}, no post, format, length or posting rhythm stands apart from your usual beyond chance.`);
  }
  const top = made[0]!;
  return {
    ...base,
    confidence: round(confidenceOf(top.t, top.n), 3),
    data: { recommendations: made.map((m) => m.rec), above_average: above, below_average: below, reason: null },
    summary: top.rec.message,
  };
}

export const contentRecommendations: InsightKind<typeof ContentRecommendationsData> = {
  type: 'content_recommendations',
  dataSchema: ContentRecommendationsData,
  minimumEvidence: MIN_POSTS,
  async compute(ctx) {
    const groups = byPlatform(await scoredPosts(ctx));
    const platforms = new Set<Platform>([...(await connectedPlatforms(ctx.db, ctx.userId)), ...groups.keys()]);
    if (platforms.size === 0) return [platformRecord(ctx, null, [])];
    return [...platforms].sort().map((p) => platformRecord(ctx, p, groups.get(p) ?? []));
  },
};

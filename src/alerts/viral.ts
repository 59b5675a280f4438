/**
 * Viral posts: a post whose views at its age are far above the account's
 * usual curve for that age. Pure: curves in, flagged posts out.
 *
 * A post's curve is its cumulative views by age in days (age 0 = its publish
 * day in the user's zone). For a young post (age ≤ MAX_VIRAL_AGE_DAYS) at age
 * a, its peers are the account's other posts that have completed day a and
 * whose day a is known (first seen by then: a post first seen later has its
 * whole history on its publish day, so its views at age a are not known). On
 * the log scale x = ln(1 + views), the peers give a median m and a scale
 * s = 1.4826 × MAD (at least MIN_LOG_SCALE); z = (x − m) / s.
 * viral: z ≥ the viral threshold, views ≥ VIRAL_MIN_RATIO × the usual, and at
 * least MIN_CHANGE.views more than it. expected = e^m − 1: the peers' median
 * views at that age.
 *
 * Why the log scale: views across posts are heavy-tailed (log-normal), so on
 * the raw scale a MAD-based z calls every third post unusual; on the log scale
 * "far above" means "many times the usual", which is what viral means.
 *
 * The post's own views at its current age include today so far: a partial day
 * can only understate them, never make a post look viral that is not.
 */
import { robustCentre } from './robust.js';
import { MIN_CHANGE } from './series.js';

export const MAX_VIRAL_AGE_DAYS = 30;
export const MIN_PEERS = 10;
export const MIN_LOG_SCALE = 0.1;
export const VIRAL_MIN_RATIO = 2;

export interface PostCurve {
  postId: number;
  accountId: number;
  /** cumulative[a] = views from publishing to the end of age a (today: so far). */
  cumulative: number[];
  /** Age (days after the publish day) of the last complete day; cumulative has entries beyond it only for today. */
  completeAge: number;
  /** Age at which the post was first seen: its cumulative views are known from this age on. */
  firstSeenAge: number;
}

export interface ViralPost {
  postId: number;
  accountId: number;
  /** The age (days after the publish day) at which it was found. */
  age: number;
  observed: number;
  expected: number;
  score: number;
  peers: number;
}

/** Scores one post at one age against the account's other posts; null when there are too few peers. */
export function scoreAtAge(post: PostCurve, curves: readonly PostCurve[], age: number): { expected: number; score: number; peers: number } | null {
  const peers = curves.filter((c) => c.accountId === post.accountId && c.postId !== post.postId && c.completeAge >= age && c.firstSeenAge <= age);
  if (peers.length < MIN_PEERS) return null;
  const { median, scale } = robustCentre(peers.map((c) => Math.log1p(c.cumulative[age]!)));
  const observed = post.cumulative[age]!;
  return { expected: Math.expm1(median), score: (Math.log1p(observed) - median) / Math.max(scale, MIN_LOG_SCALE), peers: peers.length };
}

/** The posts among `candidates` that are viral at their current age (the last entry of their curve). */
export function findViral(candidates: readonly PostCurve[], curves: readonly PostCurve[], threshold: number): ViralPost[] {
  const out: ViralPost[] = [];
  for (const post of candidates) {
    const age = post.cumulative.length - 1;
    if (age < 0 || age > MAX_VIRAL_AGE_DAYS || post.firstSeenAge > age) continue;
    const s = scoreAtAge(post, curves, age);
    if (!s) continue;
    const observed = post.cumulative[age]!;
    if (s.score >= threshold && observed >= VIRAL_MIN_RATIO * s.expected && observed - s.expected >= MIN_CHANGE.views) {
      out.push({ postId: post.postId, accountId: post.accountId, age, observed, expected: s.expected, score: s.score, peers: s.peers });
    }
  }
  return out;
}

/**
 * How often an account is synced, as data. Five tiers, from widest to
 * narrowest; a run of a wider tier also counts as a run of every narrower one
 * (each of them reads the newest posts, which is all discover does).
 *
 *   full     every 24 h      all posts and the whole daily history (old posts are refreshed here)
 *   regular  per platform    posts of the last 30 days (spec: YouTube 4 h, TikTok 6 h, Instagram 4 h, X 2 h)
 *   light    every hour      account counters and posts of the last 7 days
 *   hot      every 4 min     posts in their first 48 h (posts only: no profile or daily values),
 *                            only while the account has one and the platform budget is at least
 *                            half free — so a post taking off shows in the dashboard within
 *                            5 minutes where the budget allows
 *   discover every 3 min     one cheap listing call (the newest page, or X since the newest known
 *                            id): a post published since the last run is stored with its first
 *                            numbers and starts its hot tier, within 5 minutes of publication
 *                            where the budget allows. Only while the budget is on pace
 *                            (BudgetGate.pacedHeadroom): webhooks stay the fast path.
 */
import type { Platform } from '../analytics/catalog.js';
import type { SyncTier, TierRuns } from '../db/repositories/sync.js';
import type { SyncOptions } from '../platforms/types.js';

export type Tier = SyncTier;
export const TIER_ORDER: Tier[] = ['full', 'regular', 'light', 'hot', 'discover'];

const HOUR = 3_600_000;

export const REGULAR_INTERVAL_MS: Record<Platform, number> = {
  youtube: 4 * HOUR,
  tiktok: 6 * HOUR,
  instagram: 4 * HOUR,
  twitter: 2 * HOUR,
};

export const HOT_POST_AGE_MS = 48 * HOUR;
export const HOT_MIN_HEADROOM = 0.5;
/**
 * Discover needs this much of the budget's paced share still free. The
 * interval leaves a post at most 3 min unseen, plus up to a minute until the
 * scheduler's pass (sync-due, every 60 s) picks the account up: under 5 min.
 */
export const DISCOVER_MIN_HEADROOM = 0.1;
export const DISCOVER_INTERVAL_MS = 3 * 60_000;

export function tierInterval(tier: Tier, platform: Platform): number {
  switch (tier) {
    case 'full':
      return 24 * HOUR;
    case 'regular':
      return REGULAR_INTERVAL_MS[platform];
    case 'light':
      return HOUR;
    case 'hot':
      return 4 * 60_000;
    case 'discover':
      return DISCOVER_INTERVAL_MS;
  }
}

export function tierOptions(tier: Tier): SyncOptions {
  switch (tier) {
    case 'full':
      // Demographics move slowly: once a day, with the full sync, is plenty.
      return { mode: 'backfill', demographics: true };
    case 'regular':
      return { mode: 'recent', postMaxAgeDays: 30 };
    case 'light':
      return { mode: 'recent', postMaxAgeDays: 7, dailyLookbackDays: 2 };
    case 'hot':
      return { mode: 'recent', postMaxAgeDays: 2, postsOnly: true };
    case 'discover':
      return { mode: 'discover' };
  }
}

/** What a manual sync reads: the regular tier's window, then every older post it knows, youngest first. */
export const MANUAL_TIER: Tier = 'regular';


export interface CadenceInput {
  platform: Platform;
  runs: TierRuns;
  now: number;
  /** The account has a post younger than 48 h. */
  hasHotPosts: boolean;
  /** Fraction of the platform budget still free. */
  headroom: number;
  /** Fraction of the budget's share so far (a daily quota spread evenly over its day) still free; see BudgetGate.pacedHeadroom. */
  pacedHeadroom: number;
}

function applicable(tier: Tier, input: CadenceInput): boolean {
  if (tier === 'hot') return input.hasHotPosts && input.headroom >= HOT_MIN_HEADROOM;
  if (tier === 'discover') return input.pacedHeadroom >= DISCOVER_MIN_HEADROOM;
  return true;
}

function dueAt(tier: Tier, input: CadenceInput): number {
  const last = input.runs[tier];
  return last ? Date.parse(last) + tierInterval(tier, input.platform) : 0;
}

/** The widest tier that is due now, or null. An account never synced gets a full run. */
export function dueTier(input: CadenceInput): Tier | null {
  for (const tier of TIER_ORDER) {
    if (applicable(tier, input) && dueAt(tier, input) <= input.now) return tier;
  }
  return null;
}

/** Marks `tier` and every narrower tier as run at `now`. */
export function markRun(runs: TierRuns, tier: Tier, now: number): TierRuns {
  const out: TierRuns = { ...runs };
  for (const t of TIER_ORDER.slice(TIER_ORDER.indexOf(tier))) out[t] = new Date(now).toISOString();
  return out;
}

/**
 * When the next tier falls due. Discover's time counts even while its budget
 * is off pace: the account is looked at again then (dueTier decides, at no
 * request's cost), instead of waiting for the hourly light tier because the
 * budget was busy at the moment this run ended.
 */
export function nextSyncAt(input: CadenceInput): number {
  return Math.min(...TIER_ORDER.filter((t) => t === 'discover' || applicable(t, input)).map((t) => dueAt(t, input)));
}

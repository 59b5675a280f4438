/**
 * How often an account is synced, as data. Four tiers, from widest to
 * narrowest; a run of a wider tier also counts as a run of every narrower one.
 *
 *   full     every 24 h      all posts and the whole daily history (old posts are refreshed here)
 *   regular  per platform    posts of the last 30 days (spec: YouTube 4 h, TikTok 6 h, Instagram 4 h, X 2 h)
 *   light    every hour      account counters and posts of the last 7 days
 *   hot      every 4 min     posts in their first 48 h, only while the account has one and the
 *                            platform budget is at least half free — so a post taking off shows
 *                            in the dashboard within 5 minutes where the budget allows
 */
import type { Platform } from '../analytics/catalog.js';
import type { SyncTier, TierRuns } from '../db/repositories/sync.js';
import type { SyncOptions } from '../platforms/types.js';

export type Tier = SyncTier;
export const TIER_ORDER: Tier[] = ['full', 'regular', 'light', 'hot'];

const HOUR = 3_600_000;

export const REGULAR_INTERVAL_MS: Record<Platform, number> = {
  youtube: 4 * HOUR,
  tiktok: 6 * HOUR,
  instagram: 4 * HOUR,
  twitter: 2 * HOUR,
};

export const HOT_POST_AGE_MS = 48 * HOUR;
export const HOT_MIN_HEADROOM = 0.5;

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
      return { mode: 'recent', postMaxAgeDays: 2, dailyLookbackDays: 1 };
  }
}


export interface CadenceInput {
  platform: Platform;
  runs: TierRuns;
  now: number;
  /** The account has a post younger than 48 h. */
  hasHotPosts: boolean;
  /** Fraction of the platform budget still free. */
  headroom: number;
}

function applicable(tier: Tier, input: CadenceInput): boolean {
  return tier !== 'hot' || (input.hasHotPosts && input.headroom >= HOT_MIN_HEADROOM);
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

/** When the next tier falls due. */
export function nextSyncAt(input: CadenceInput): number {
  return Math.min(...TIER_ORDER.filter((t) => applicable(t, input)).map((t) => dueAt(t, input)));
}

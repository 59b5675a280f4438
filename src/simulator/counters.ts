/**
 * What a post's and an account's counters are at a given instant. Pure
 * functions of the world and the time: lifetime counters rise quickly after
 * publishing (half-life per post), then keep creeping up (a long tail), and
 * boosts ("a post taking off") add their own curve from the moment they
 * happen. Counters never go down as time passes.
 */
import { rngFor } from './random.js';
import { WEEKDAY_FACTOR } from './world.js';
import type { SimAccount, SimPost } from './world-types.js';

export interface RawCounters {
  views: number;
  likes: number;
  comments: number;
  shares: number;
  quotes: number;
  saves: number;
  reach: number;
  linkClicks: number;
  profileClicks: number;
  watchMinutes: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Share of a post's eventual views that arrives in the long tail (months), not the first days. */
const TAIL_SHARE = 0.15;
const TAIL_DAYS = 180;

function rise(ageHours: number, halfLifeHours: number): number {
  return 1 - Math.pow(0.5, ageHours / halfLifeHours);
}

export function viewsAt(post: SimPost, at: number): number {
  const ageHours = (at - post.publishedAt.getTime()) / HOUR_MS;
  if (ageHours < 0) return 0;
  const base = post.potential.views * ((1 - TAIL_SHARE) * rise(ageHours, post.halfLifeHours) + TAIL_SHARE * (1 - Math.exp(-ageHours / 24 / TAIL_DAYS)));
  let boosted = 0;
  for (const b of post.boosts) if (at > b.at) boosted += b.views * rise((at - b.at) / HOUR_MS, b.halfLifeHours);
  return base + boosted;
}

/** Counters of `post` at `at`; undefined before it is published. */
export function countersAt(post: SimPost, at: Date): RawCounters | undefined {
  const t = at.getTime();
  if (t < post.publishedAt.getTime()) return undefined;
  const v = viewsAt(post, t);
  const p = post.potential;
  return {
    views: Math.floor(v),
    likes: Math.floor(v * p.likeRate),
    comments: Math.floor(v * p.commentRate),
    shares: Math.floor(v * p.shareRate),
    quotes: Math.floor(v * p.quoteRate),
    saves: Math.floor(v * p.saveRate),
    reach: Math.floor(v * p.reachRatio),
    linkClicks: Math.floor(v * p.linkClickRate),
    profileClicks: Math.floor(v * p.profileClickRate),
    watchMinutes: Math.floor((v * p.watchSecondsPerView) / 60),
  };
}

export function dayNumber(at: Date | number): number {
  return Math.floor((typeof at === 'number' ? at : at.getTime()) / DAY_MS);
}

export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function dayFromString(text: string): number {
  return dayNumber(Date.parse(`${text}T00:00:00Z`));
}

/**
 * Account-level series. Days are UTC days in the simulator (the real
 * platforms use Pacific days for YouTube Analytics and Instagram insights;
 * the simulator only has to be consistent with itself).
 */
export class AccountSeries {
  private readonly firstDay: number;
  /** prefix[i] = net followers gained on days firstDay..firstDay+i-1. */
  private readonly prefix: number[] = [0];

  constructor(
    private readonly seed: number,
    private readonly account: SimAccount,
  ) {
    this.firstDay = dayNumber(account.createdAt);
  }

  /** Followers gained and lost on `day` (epoch day number); zero before the account existed. */
  movement(day: number): { gained: number; lost: number } {
    if (day < this.firstDay) return { gained: 0, lost: 0 };
    const age = day - this.firstDay;
    const rng = rngFor(this.seed, 'followers', this.account.platform, this.account.index, day);
    const weekday = WEEKDAY_FACTOR[((day + 4) % 7 + 7) % 7]!;
    const gained = Math.round(this.account.dailyGain * (1 + age / 365) * weekday * rng.logNormal(0, 0.3));
    const lost = Math.round(gained * this.account.lossRate * rng.logNormal(0, 0.3));
    return { gained, lost };
  }

  private netBefore(day: number): number {
    const n = day - this.firstDay;
    if (n <= 0) return 0;
    while (this.prefix.length <= n) {
      const d = this.firstDay + this.prefix.length - 1;
      const m = this.movement(d);
      this.prefix.push(this.prefix[this.prefix.length - 1]! + m.gained - m.lost);
    }
    return this.prefix[n]!;
  }

  /** Followers now: the initial base plus every full day's net gain plus today's so far. */
  followersAt(at: Date): number {
    const t = at.getTime();
    const day = dayNumber(t);
    const today = this.movement(day);
    const fraction = (t - day * DAY_MS) / DAY_MS;
    return this.account.initialFollowers + this.netBefore(day) + Math.floor(fraction * (today.gained - today.lost));
  }

  /** Instagram account insights for one day. */
  insightsOn(day: number): { reach: number; profileViews: number; profileLinksTaps: number } | undefined {
    if (day < this.firstDay) return undefined;
    const rng = rngFor(this.seed, 'insights', this.account.platform, this.account.index, day);
    const weekday = WEEKDAY_FACTOR[((day + 4) % 7 + 7) % 7]!;
    const followers = this.account.initialFollowers + this.netBefore(day);
    const reach = Math.round(followers * this.account.reachRatio * weekday * rng.logNormal(0, 0.25));
    const profileViews = Math.round(reach * 0.03 * rng.logNormal(0, 0.3));
    return { reach, profileViews, profileLinksTaps: Math.round(profileViews * 0.15 * rng.logNormal(0, 0.3)) };
  }
}

/**
 * Generates the synthetic world from the seed: accounts per platform with a
 * creation date, follower base and growth, and ~2 years of posts with a
 * daily and weekly publishing rhythm, heavy-tailed views (log-normal with an
 * occasional Pareto "viral" multiplier) and hashtags in captions. Posts are
 * also generated for `futureDays` after the start, so advancing the clock
 * makes new posts appear.
 */
import type { Platform } from '../analytics/catalog.js';
import { PLATFORMS } from '../analytics/catalog.js';
import { rngFor, type Rng } from './random.js';
import type { PostPotential, SimAccount, SimMediaKind, SimPost } from './world-types.js';

export interface WorldOptions {
  seed: number;
  start: Date;
  accountsPerPlatform: number;
  postsPerAccount: number;
  historyDays: number;
  futureDays: number;
}

export type World = Record<Platform, SimAccount[]>;

const DAY_MS = 86_400_000;
/** Sunday..Saturday: more posting and more attention mid-week. */
export const WEEKDAY_FACTOR = [0.8, 1.0, 1.1, 1.15, 1.1, 1.0, 0.85] as const;
/** Publishing hour weights (UTC hours 0..23): lunch and evening peaks. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1, 1.5, 2, 2.5, 3, 4, 3.5, 3, 3, 3.5, 4.5, 6, 7, 6, 4, 3, 2];

const TOPICS = ['travel', 'food', 'fitness', 'tech', 'music', 'gaming', 'design', 'photography', 'coffee', 'startup', 'books', 'science'];
const WORDS = ['today', 'new', 'quick', 'honest', 'best', 'weekend', 'behind', 'the', 'scenes', 'guide', 'tips', 'morning', 'routine', 'review', 'first', 'look', 'why', 'how', 'I', 'tried'];
const NAMES = ['Nova', 'Atlas', 'Pixel', 'Maple', 'Echo', 'Orbit', 'Juniper', 'Comet', 'Willow', 'Harbor'];

function digits(rng: Rng, n: number): string {
  return Array.from({ length: n }, () => String(rng.int(0, 9))).join('');
}

function accountId(platform: Platform, rng: Rng): string {
  switch (platform) {
    case 'youtube':
      return `UC${rng.base64url(22)}`;
    case 'tiktok':
      return `-000${rng.hex(28)}`;
    case 'instagram':
      return `17841${digits(rng, 12)}`; // 17 digits: beyond 2^53
    case 'twitter':
      return `1${digits(rng, 18)}`; // 19 digits
  }
}

function postId(platform: Platform, rng: Rng, publishedMs: number): string {
  switch (platform) {
    case 'youtube':
      return rng.base64url(11);
    case 'tiktok':
      // TikTok ids carry the creation second in their high bits, like a snowflake.
      return ((BigInt(Math.floor(publishedMs / 1000)) << 32n) | BigInt(rng.int(0, 2 ** 31))).toString();
    case 'instagram':
      return `17${digits(rng, 16)}`;
    case 'twitter':
      // X snowflake: milliseconds since the Twitter epoch in the high bits.
      return ((BigInt(publishedMs - 1288834974657) << 22n) | BigInt(rng.int(0, 2 ** 22 - 1))).toString();
  }
}

function mediaKind(platform: Platform, rng: Rng): SimMediaKind {
  switch (platform) {
    case 'youtube':
    case 'tiktok':
      return 'video';
    case 'instagram':
      return (['image', 'carousel', 'reel'] as const)[rng.weighted([4, 2, 4])]!;
    case 'twitter':
      return rng.chance(0.25) ? 'image' : 'text';
  }
}

function caption(rng: Rng, tags: string[]): { title: string; caption: string; hashtags: string[] } {
  const words = Array.from({ length: rng.int(3, 8) }, () => rng.pick(WORDS));
  const title = words.join(' ').replace(/^./, (c) => c.toUpperCase());
  const count = rng.weighted([2, 3, 3, 2, 1]);
  const chosen = new Set<string>();
  // Zipf-like: the account's first topics are used far more often.
  for (let i = 0; i < count; i++) chosen.add(tags[rng.weighted(tags.map((_, k) => 1 / (k + 1)))]!);
  const hashtags = [...chosen];
  // Some tags are written in mixed case: the connectors must lower-case them.
  const written = hashtags.map((t, i) => `#${i === 0 && rng.chance(0.3) ? t[0]!.toUpperCase() + t.slice(1) : t}`);
  return { title, caption: `${title} ${written.join(' ')}`.trim(), hashtags };
}

function potential(platform: Platform, rng: Rng, medianViews: number, weekday: number): PostPotential {
  const viral = rng.chance(0.03) ? rng.pareto(3, 1.5) : 1;
  const views = Math.round(rng.logNormal(Math.log(medianViews), 1.1) * WEEKDAY_FACTOR[weekday]! * viral);
  return {
    views,
    likeRate: rng.logNormal(Math.log(platform === 'twitter' ? 0.02 : 0.045), 0.35),
    commentRate: rng.logNormal(Math.log(0.004), 0.5),
    shareRate: rng.logNormal(Math.log(0.003), 0.6),
    quoteRate: rng.logNormal(Math.log(0.0008), 0.6),
    saveRate: rng.logNormal(Math.log(0.008), 0.5),
    reachRatio: 0.55 + 0.35 * rng.next(),
    linkClickRate: rng.logNormal(Math.log(0.006), 0.6),
    profileClickRate: rng.logNormal(Math.log(0.004), 0.6),
    watchSecondsPerView: platform === 'youtube' ? rng.logNormal(Math.log(180), 0.5) : rng.logNormal(Math.log(12), 0.4),
  };
}

function generatePosts(opts: WorldOptions, account: SimAccount, medianViews: number, tags: string[]): SimPost[] {
  const { platform, index } = account;
  const rng = rngFor(opts.seed, 'posts', platform, index);
  const perDay = opts.postsPerAccount / opts.historyDays;
  const total = opts.postsPerAccount + Math.round(perDay * opts.futureDays);
  const startMs = opts.start.getTime();
  const firstDay = Math.floor((startMs - opts.historyDays * DAY_MS) / DAY_MS);
  const posts: SimPost[] = [];
  for (let i = 0; i < total; i++) {
    // The first postsPerAccount fall in the history window, the rest after the start.
    const inHistory = i < opts.postsPerAccount;
    let day: number;
    do {
      day = inHistory ? firstDay + rng.int(0, opts.historyDays - 1) : Math.floor(startMs / DAY_MS) + rng.int(0, opts.futureDays);
    } while (!rng.chance(WEEKDAY_FACTOR[(((day + 4) % 7) + 7) % 7]! / 1.15));
    const published = day * DAY_MS + rng.weighted(HOUR_WEIGHTS) * 3_600_000 + rng.int(0, 3_599_999);
    if (inHistory && published > startMs) {
      i--;
      continue;
    }
    const weekday = new Date(published).getUTCDay();
    const post = rngFor(opts.seed, 'post', platform, index, i);
    const text = caption(post, tags);
    const kind = mediaKind(platform, post);
    posts.push({
      id: postId(platform, post, published),
      platform,
      accountIndex: index,
      publishedAt: new Date(published),
      ...text,
      kind,
      durationSeconds: kind === 'video' || kind === 'reel' ? Math.max(5, Math.round(post.logNormal(Math.log(platform === 'youtube' ? 420 : 30), 0.6))) : undefined,
      potential: potential(platform, post, medianViews, weekday),
      halfLifeHours: post.logNormal(Math.log(platform === 'twitter' ? 6 : 36), 0.5),
      likesHidden: platform === 'youtube' && post.chance(0.03),
      commentsHidden: platform === 'youtube' && post.chance(0.02),
      insightsUnavailable: platform === 'instagram' && post.chance(0.03),
      boosts: [],
    });
  }
  return posts.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
}

function generateAccount(opts: WorldOptions, platform: Platform, index: number): SimAccount {
  const rng = rngFor(opts.seed, 'account', platform, index);
  const name = `${rng.pick(NAMES)} ${rng.pick(TOPICS)}`;
  const handle = `${name.toLowerCase().replace(/\s+/g, '_')}_${index}`;
  const externalId = accountId(platform, rng);
  const ageDays = opts.historyDays + rng.int(30, 400);
  const medianViews = Math.round(rng.logNormal(Math.log(platform === 'tiktok' ? 8000 : 2500), 0.9));
  const tags = [...TOPICS].sort(() => rng.next() - 0.5).slice(0, 8);
  const account: SimAccount = {
    platform,
    index,
    externalId,
    handle: platform === 'youtube' ? `@${handle}` : handle,
    displayName: name,
    createdAt: new Date(opts.start.getTime() - ageDays * DAY_MS),
    initialFollowers: rng.int(50, 2000),
    dailyGain: Math.max(2, rng.logNormal(Math.log(25), 0.8)),
    lossRate: 0.1 + 0.2 * rng.next(),
    reachRatio: 0.2 + 0.4 * rng.next(),
    uploadsPlaylistId: platform === 'youtube' ? `UU${externalId.slice(2)}` : '',
    posts: [],
  };
  account.posts = generatePosts(opts, account, medianViews, tags);
  return account;
}

export function generateWorld(opts: WorldOptions): World {
  const world = {} as World;
  for (const platform of PLATFORMS) {
    world[platform] = Array.from({ length: opts.accountsPerPlatform }, (_, i) => generateAccount(opts, platform, i));
  }
  return world;
}

/**
 * Deterministic data for one user: four accounts, ~1,000 posts published over
 * the two years ending now, and the observations a sync engine would have made
 * of them. Everything comes from one seeded PRNG, so a given day and size
 * always produce the same data.
 *
 * Shape of the data (what makes it realistic enough to benchmark):
 *  - posts are synced on an hourly tick with a cadence that slows with age
 *    (interval = k · (1 + age in days)^0.8 hours, at least 1 h): young posts are
 *    read every hour or two, year-old ones about weekly. k is calibrated so the
 *    total number of data points hits the requested size;
 *  - each sync reads every metric the platform reports (catalog
 *    PLATFORM_POST_METRICS) as a lifetime counter; views are heavy-tailed
 *    (log-normal peak, saturating curve plus a slow long tail), the other
 *    counters are per-post ratios of views; counters mostly grow, but now and
 *    then a platform revises one down (unlikes, spam filtering), so negative
 *    deltas occur;
 *  - one followers snapshot per account per day; Instagram reports reach,
 *    profile views and link clicks per day, YouTube subscribers gained/lost
 *    per day (catalog PLATFORM_ACCOUNT_DAILY), each day read the next morning.
 *
 * A data point = one metric value = one snapshot row (post_snapshots,
 * account_snapshots or account_daily_reported).
 */
import { PLATFORM_ACCOUNT_DAILY, PLATFORM_POST_METRICS, type AccountDailyMetric, type MediaType, type Platform, type PostMetric } from '../src/analytics/catalog.js';
import type {
  AccountDailyObservation,
  AccountMetricObservation,
  ObservationBatch,
  PostMetricObservation,
  PostObservation,
} from '../src/ingest/observations.js';
import { Rng } from './prng.js';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;
const SPAN_DAYS = 730;

interface PlatformProfile {
  posts: number;
  medianViews: number;
  sigma: number;
  followers: number;
  media: readonly MediaType[];
  rates: Partial<Record<PostMetric, [number, number]>>;
}

/** Per platform: how many posts, how big, which ratios of views the other counters are. */
const PROFILES: Record<Platform, PlatformProfile> = {
  youtube: {
    posts: 150, medianViews: 4_000, sigma: 1.6, followers: 25_000, media: ['video', 'short'],
    rates: { likes: [0.02, 0.06], comments: [0.001, 0.005], shares: [0.001, 0.004] },
  },
  tiktok: {
    posts: 350, medianViews: 6_000, sigma: 1.9, followers: 60_000, media: ['video'],
    rates: { likes: [0.04, 0.12], comments: [0.002, 0.01], shares: [0.002, 0.02] },
  },
  instagram: {
    posts: 300, medianViews: 2_500, sigma: 1.3, followers: 18_000, media: ['image', 'carousel', 'reel'],
    rates: { likes: [0.02, 0.08], comments: [0.001, 0.006], shares: [0.001, 0.01], saves: [0.002, 0.02], reach: [0.5, 0.9] },
  },
  twitter: {
    posts: 200, medianViews: 1_500, sigma: 1.5, followers: 9_000, media: ['text', 'image'],
    rates: {
      impressions: [1.0, 1.25], likes: [0.005, 0.03], comments: [0.0005, 0.003], shares: [0.001, 0.005],
      saves: [0.0005, 0.003], clicks: [0.002, 0.02],
    },
  },
};

export const BENCH_PLATFORMS: readonly Platform[] = ['youtube', 'tiktok', 'instagram', 'twitter'];

export interface PlanPost {
  obs: PostObservation;
  publishedMs: number;
  /** First sync tick (on the hour) after publishing. */
  firstSyncMs: number;
  /** Minutes after the tick at which this post's sync happens to read it. */
  minute: number;
  peakViews: number;
  /** Days to saturate most of the views. */
  tau: number;
  /** Long-tail growth per day, as a fraction of peak. */
  tail: number;
  rates: Partial<Record<PostMetric, number>>;
  /** YouTube: minutes watched per view. */
  minutesPerView: number;
}

interface AccountEvent {
  tickMs: number;
  metrics: AccountMetricObservation[];
  daily: AccountDailyObservation[];
}

export interface PlanAccount {
  platform: Platform;
  externalId: string;
  handle: string;
  posts: PlanPost[];
  events: AccountEvent[];
  metrics: readonly PostMetric[];
  /** Post metric observations this account's batches will carry (set once the cadence is calibrated). */
  postPoints: number;
}

export interface Expected {
  /** Sum of the latest lifetime value of each metric over all posts, per platform (filled while generating). */
  latest: Record<Platform, Partial<Record<PostMetric, number>>>;
  /** Latest followers snapshot per platform. */
  followers: Partial<Record<Platform, number>>;
}

export interface Plan {
  size: number;
  nowMs: number;
  startMs: number;
  /** The last sync tick; every observation is at or before endMs + 59 min < now. */
  endMs: number;
  from2y: string;
  today: string;
  accounts: PlanAccount[];
  cadenceK: number;
  points: { post: number; account: number; daily: number; total: number };
  expected: Expected;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function intervalHours(k: number, ageDays: number): number {
  return Math.max(1, Math.round(k * Math.pow(1 + ageDays, 0.8)));
}

function syncCount(post: PlanPost, k: number, endMs: number): number {
  let n = 0;
  for (let t = post.firstSyncMs; t <= endMs; t += intervalHours(k, (t - post.publishedMs) / DAY) * HOUR) n += 1;
  return n;
}

/** Builds the plan (accounts, posts, account events) and calibrates the sync cadence to `size` data points. */
export function makePlan(size: number, now = new Date(), seed = 20_240_601): Plan {
  const rng = new Rng(seed);
  const nowMs = now.getTime();
  const endMs = Math.floor(nowMs / HOUR) * HOUR - HOUR;
  const todayMs = Math.floor(endMs / DAY) * DAY;
  const startMs = todayMs - (SPAN_DAYS - 1) * DAY;

  const accounts: PlanAccount[] = BENCH_PLATFORMS.map((platform, a) => {
    const profile = PROFILES[platform];
    const metrics = PLATFORM_POST_METRICS[platform];
    const publishTimes = Array.from({ length: profile.posts }, () => Math.floor(rng.between(startMs + 6 * HOUR, endMs - 3 * HOUR)));
    publishTimes.sort((x, y) => x - y);
    const posts = publishTimes.map((publishedMs, i): PlanPost => {
      const mediaType = rng.pick(profile.media);
      const video = mediaType === 'video' || mediaType === 'short' || mediaType === 'reel';
      const durationSeconds = video ? (mediaType === 'video' && platform === 'youtube' ? rng.int(180, 1_800) : rng.int(10, 60)) : null;
      const tags = ['tips', 'howto', 'behindthescenes', 'launch', 'review', 'vlog', 'tutorial', 'news'];
      const tagA = rng.pick(tags);
      const tagB = rng.pick(tags);
      const rates: Partial<Record<PostMetric, number>> = {};
      for (const [metric, [lo, hi]] of Object.entries(profile.rates) as [PostMetric, [number, number]][]) rates[metric] = rng.between(lo, hi);
      return {
        obs: {
          platformPostId: `${platform.slice(0, 2)}${(1_000_000 + i).toString(36)}${a}`,
          publishedAt: new Date(publishedMs),
          url: `https://example.test/${platform}/${i}`,
          title: platform === 'youtube' ? `Video ${i + 1}: a ${tagA} episode` : null,
          caption: `Post ${i + 1} on ${platform} #${tagA} #${tagB}`,
          mediaType,
          durationSeconds,
        },
        publishedMs,
        firstSyncMs: Math.ceil(publishedMs / HOUR) * HOUR + HOUR,
        minute: rng.int(0, 59),
        peakViews: Math.max(20, rng.logNormal(profile.medianViews, profile.sigma)),
        tau: rng.between(0.5, 20),
        tail: rng.between(0, 0.0008),
        rates,
        minutesPerView: durationSeconds ? (durationSeconds / 60) * rng.between(0.25, 0.6) : 0,
      };
    });
    return {
      platform,
      externalId: `bench-${platform}`,
      handle: `@bench_${platform}`,
      posts,
      events: accountEvents(rng, platform, profile.followers, startMs, endMs),
      metrics,
      postPoints: 0,
    };
  });

  let account = 0;
  let daily = 0;
  for (const acc of accounts) {
    for (const e of acc.events) {
      account += e.metrics.length;
      daily += e.daily.length;
    }
  }
  const targetPost = Math.max(0, size - account - daily);
  const postPoints = (k: number) => accounts.reduce((n, acc) => n + acc.posts.reduce((m, p) => m + syncCount(p, k, endMs) * acc.metrics.length, 0), 0);
  // The count falls as k grows: bisect log k.
  let lo = Math.log(0.01);
  let hi = Math.log(10_000);
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (postPoints(Math.exp(mid)) > targetPost) lo = mid;
    else hi = mid;
  }
  const kLo = Math.exp(lo);
  const kHi = Math.exp(hi);
  const cadenceK = Math.abs(postPoints(kLo) - targetPost) < Math.abs(postPoints(kHi) - targetPost) ? kLo : kHi;
  const post = postPoints(cadenceK);
  for (const acc of accounts) acc.postPoints = acc.posts.reduce((m, p) => m + syncCount(p, cadenceK, endMs) * acc.metrics.length, 0);

  return {
    size,
    nowMs,
    startMs,
    endMs,
    from2y: isoDay(startMs),
    today: isoDay(todayMs),
    accounts,
    cadenceK,
    points: { post, account, daily, total: post + account + daily },
    expected: { latest: { youtube: {}, tiktok: {}, instagram: {}, twitter: {} }, followers: {} },
  };
}

/** One followers snapshot per day, and the platform's per-day values read the next morning. */
function accountEvents(rng: Rng, platform: Platform, followers0: number, startMs: number, endMs: number): AccountEvent[] {
  const events: AccountEvent[] = [];
  const minute = rng.int(1, 59);
  const dailyMetrics = PLATFORM_ACCOUNT_DAILY[platform];
  let followers = followers0;
  const baseGain = followers0 * 0.002;
  let previous: { day: string; values: Partial<Record<AccountDailyMetric, number>> } | null = null;
  for (let dayMs = startMs; dayMs <= endMs; dayMs += DAY) {
    const day = isoDay(dayMs);
    // Followers at 00:mm of this day.
    const event: AccountEvent = { tickMs: dayMs, metrics: [{ metric: 'followers', value: followers, observedAt: new Date(dayMs + minute * 60_000) }], daily: [] };
    events.push(event);
    // What happens during this day.
    const gained = Math.round(rng.logNormal(baseGain, 0.6));
    const lost = Math.round(gained * rng.between(0.1, 0.5));
    followers += gained - lost;
    const values: Partial<Record<AccountDailyMetric, number>> = {
      followers_gained: gained,
      followers_lost: lost,
      reach: Math.round(rng.logNormal(followers0 * 0.3, 0.4)),
      profile_views: Math.round(rng.logNormal(followers0 * 0.02, 0.5)),
      clicks: Math.round(rng.logNormal(followers0 * 0.003, 0.6)),
    };
    // Yesterday's values are reported at 03:00 today.
    if (previous && dailyMetrics.length > 0 && dayMs + 3 * HOUR <= endMs) {
      events.push({ tickMs: dayMs + 3 * HOUR, metrics: [], daily: dailyMetrics.map((metric) => ({ metric, day: previous!.day, value: previous!.values[metric]! })) });
    }
    previous = { day, values };
  }
  return events;
}

function lifetimeValue(post: PlanPost, metric: PostMetric, t: number): number {
  const age = Math.max(0, (t - post.publishedMs) / DAY);
  const base = post.peakViews * (1 - Math.exp(-age / post.tau)) + post.peakViews * post.tail * age;
  if (metric === 'views') return Math.round(base);
  if (metric === 'watch_time_minutes') return Math.round(base * post.minutesPerView * 10) / 10;
  return Math.round(base * (post.rates[metric] ?? 0));
}

/**
 * The observation batches of one account, oldest first, as a sync engine
 * would have produced them: all its posts in the first batch, then at most
 * ~batchSize post metric observations per batch. Generated lazily so only one
 * batch is in memory at a time.
 */
export async function* accountBatches(plan: Plan, acc: PlanAccount, userId: number, accountId: number, batchSize: number): AsyncGenerator<ObservationBatch> {
  const rng = new Rng(0x5eed ^ accountId ^ plan.size);
  const latest = plan.expected.latest[acc.platform];
  const lastValue = acc.posts.map(() => new Map<PostMetric, number>());
  const nextDue = acc.posts.map((p) => p.firstSyncMs);
  let postsToSend: PostObservation[] | null = acc.posts.map((p) => p.obs);
  let postMetrics: PostMetricObservation[] = [];
  let accountMetrics: AccountMetricObservation[] = [];
  let accountDaily: AccountDailyObservation[] = [];
  let active = 0; // posts [0, active) have been published (posts are sorted by publish time)
  let eventIndex = 0;

  const flush = (): ObservationBatch => {
    const batch: ObservationBatch = { userId, accountId, source: 'bench', postMetrics, accountMetrics, accountDaily };
    if (postsToSend) batch.posts = postsToSend;
    postsToSend = null;
    postMetrics = [];
    accountMetrics = [];
    accountDaily = [];
    return batch;
  };

  for (let tick = plan.startMs; tick <= plan.endMs; tick += HOUR) {
    while (eventIndex < acc.events.length && acc.events[eventIndex]!.tickMs <= tick) {
      const e = acc.events[eventIndex++]!;
      accountMetrics.push(...e.metrics);
      accountDaily.push(...e.daily);
      for (const m of e.metrics) plan.expected.followers[acc.platform] = m.value;
    }
    while (active < acc.posts.length && acc.posts[active]!.firstSyncMs <= tick) active += 1;
    for (let i = 0; i < active; i++) {
      if (nextDue[i] !== tick) continue;
      const post = acc.posts[i]!;
      const observedAt = new Date(tick + post.minute * 60_000);
      for (const metric of acc.metrics) {
        let value = lifetimeValue(post, metric, observedAt.getTime());
        const last = lastValue[i]!.get(metric) ?? 0;
        // Platforms revise now and then: unlikes, deleted comments, views filtered as spam.
        const r = rng.next();
        if ((metric === 'likes' || metric === 'comments') && r < 0.01 && last > 3) value = Math.min(value, last - rng.int(1, 3));
        else if (metric === 'views' && r < 0.002 && last > 200) value = Math.min(value, Math.round(last * 0.995));
        lastValue[i]!.set(metric, value);
        postMetrics.push({ platformPostId: post.obs.platformPostId, metric, value, observedAt });
      }
      nextDue[i] = tick + intervalHours(plan.cadenceK, (tick - post.publishedMs) / DAY) * HOUR;
    }
    if (postMetrics.length >= batchSize) yield flush();
  }
  if (postsToSend || postMetrics.length > 0 || accountMetrics.length > 0 || accountDaily.length > 0) yield flush();

  for (const values of lastValue) {
    for (const [metric, value] of values) latest[metric] = (latest[metric] ?? 0) + value;
  }
}

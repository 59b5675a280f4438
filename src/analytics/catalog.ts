/**
 * The metric catalog: the one place where every metric Pulseboard stores or
 * reports is defined. Connectors map platform fields onto these names (in their
 * own mapper), the store keeps them, the query layer sums or reads them by the
 * rules written here.
 *
 * Two kinds of observation reach the store:
 *  - lifetime counters ("views so far", "followers now"), stored as snapshots;
 *    activity on a day is the change between consecutive snapshots;
 *  - per-day values a platform reports itself (Instagram account reach, YouTube
 *    subscribersGained), stored as they are and overwritten when re-read.
 */

export const PLATFORMS = ['youtube', 'tiktok', 'instagram', 'twitter'] as const;
export type Platform = (typeof PLATFORMS)[number];

export function isPlatform(value: string): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value);
}

/** What kind of content a post is, as the connectors map it; a post without one counts as "other". */
export const MEDIA_TYPES = ['video', 'short', 'image', 'carousel', 'text', 'reel', 'story', 'other'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/**
 * Post-level lifetime counters. Activity = sum of daily deltas of these.
 * `watch_time_minutes` is YouTube's estimatedMinutesWatched per video.
 * `impression_clicks` is the numerator of the click-through rate (see
 * `clickThroughRate`): a count, so that a rate over several posts or days is
 * clicks summed over impressions summed, never an average of percentages.
 */
export const POST_COUNTERS = [
  'views',
  'likes',
  'shares',
  'comments',
  'saves',
  'clicks',
  'impressions',
  'watch_time_minutes',
  'dislikes',
  'impression_clicks',
] as const;
export type PostCounter = (typeof POST_COUNTERS)[number];

/**
 * Post-level values that are kept as "latest" only and never summed:
 * reach counts unique accounts, so reach of two posts (or two days) does not add.
 */
export const POST_GAUGES = ['reach'] as const;
export type PostGauge = (typeof POST_GAUGES)[number];

export type PostMetric = PostCounter | PostGauge;
export const POST_METRICS: readonly PostMetric[] = [...POST_COUNTERS, ...POST_GAUGES];

/** Account-level lifetime values, snapshotted at each sync. */
export const ACCOUNT_GAUGES = ['followers'] as const;
export type AccountGauge = (typeof ACCOUNT_GAUGES)[number];

/**
 * Account-level values the platform reports per day.
 *  - `clicks` (Instagram profile link taps) is activity that exists only at the
 *    account level, so it is added to the account's click activity;
 *  - `reach` per day is unique per day: shown as a daily series, never summed
 *    across days;
 *  - followers_gained / followers_lost are the platform's own daily follower
 *    movements (YouTube subscribersGained/Lost).
 */
export const ACCOUNT_DAILY = ['reach', 'profile_views', 'clicks', 'followers_gained', 'followers_lost'] as const;
export type AccountDailyMetric = (typeof ACCOUNT_DAILY)[number];

/**
 * The metrics whose values may have a fraction: YouTube's minutes watched, and
 * clicks on impressions (Studio impressions × a rounded rate). Every other
 * metric counts something (plays, likes, accounts, followers) and is a whole
 * number: the ingest refuses anything else, as the import does
 * (src/import/cells.ts). Whole numbers add up exactly in any order (below
 * 2^53), which is what lets SQL sum them without fixing the order of the
 * additions (src/db/repositories/window-sums.ts).
 */
export const FRACTIONAL_METRICS = ['watch_time_minutes', 'impression_clicks'] as const;

export function isWholeNumberMetric(metric: string): boolean {
  return !(FRACTIONAL_METRICS as readonly string[]).includes(metric);
}

/** The activity metrics of the dashboard, in display order. */
export const ACTIVITY_METRICS = ['views', 'likes', 'shares', 'comments', 'saves', 'clicks'] as const;
export type ActivityMetric = (typeof ACTIVITY_METRICS)[number];

/**
 * What each metric means, in the words the API documentation uses. The
 * response schemas build their metric fields from this record, so a metric is
 * described once, here, beside its definition; the context ("activity in the
 * period", "lifetime") is said by the object that holds the field.
 */
export const METRIC_DESCRIPTIONS = {
  views: 'Views: plays of a video, views of a post (X impression_count, Instagram views)',
  likes: 'Likes',
  shares: 'Shares (X: reposts + quotes)',
  comments: 'Comments (X: replies)',
  saves: 'Saves (Instagram saves, X bookmarks); null on platforms that do not report them (YouTube, TikTok)',
  clicks: 'Clicks: link clicks on X posts, profile link taps on Instagram; null elsewhere',
  impressions: 'Impressions as the platform counts them (X impression_count; YouTube thumbnail impressions, from Studio exports only); null where it does not report them',
  impression_clicks:
    'Clicks on impressions (YouTube: views from thumbnail impressions = Studio impressions × impressions click-through rate, exact to ±0.005 % of impressions because Studio rounds the rate to 2 decimals); null where not reported',
  impression_ctr: 'Impressions click-through rate in percent: 100 × impression_clicks / impressions, both summed first; null when impressions are 0 or unknown',
  dislikes: 'Dislikes (YouTube: Analytics dislikes, Studio exports); null on other platforms',
  watch_time_minutes: 'Minutes watched (YouTube estimatedMinutesWatched); null on other platforms',
  reach: 'Reach: unique accounts that saw it (Instagram); never summed across posts or days',
  profile_views: 'Profile views or visits the platform reports per day (Instagram)',
  followers: 'Followers (subscribers on YouTube) at the end of the period',
  followers_gained: 'Followers gained as the platform reports them per day (YouTube subscribersGained)',
  followers_lost: 'Followers lost as the platform reports them per day (YouTube subscribersLost)',
  follower_growth: 'Followers at the end minus followers at the start (end of the day before the window); null unless two observations are known',
  follower_growth_rate: 'Growth rate in percent: 100 × (end − start) / start; null when start is unknown or 0',
  engagement: 'Engagement = likes + comments + shares + saves (saves where the platform reports them); null when none of them is known',
  engagement_rate: 'Engagement rate in percent: 100 × engagement / views, rounded to 2 decimals; null when views are 0 or unknown',
  posts: 'Number of posts published',
  performance_score: 'Performance score 0–100: percentile rank among your own posts on the same platform, averaged over views and engagement',
} as const satisfies Record<string, string>;
export type DescribedMetric = keyof typeof METRIC_DESCRIPTIONS;

/**
 * Which post counters each platform reports, through its API or its own
 * analytics exports (YouTube impressions and their clicks exist only in
 * Studio exports). A metric a platform does not report is null (missing),
 * never 0; an account shows a metric once it was observed for it
 * (platform_accounts.reported_metrics).
 */
export const PLATFORM_POST_METRICS: Record<Platform, readonly PostMetric[]> = {
  youtube: ['views', 'likes', 'comments', 'shares', 'watch_time_minutes', 'dislikes', 'impressions', 'impression_clicks'],
  tiktok: ['views', 'likes', 'comments', 'shares'],
  instagram: ['views', 'likes', 'comments', 'shares', 'saves', 'reach'],
  twitter: ['views', 'impressions', 'likes', 'comments', 'shares', 'saves', 'clicks'],
};

/** Which account-level daily values each platform reports. */
export const PLATFORM_ACCOUNT_DAILY: Record<Platform, readonly AccountDailyMetric[]> = {
  youtube: ['followers_gained', 'followers_lost'],
  tiktok: [],
  instagram: ['reach', 'profile_views', 'clicks'],
  twitter: [],
};

/** Whether the platform reports a given activity metric at all (post or account level). */
export function platformReports(platform: Platform, metric: ActivityMetric | 'impressions' | 'reach' | 'watch_time_minutes'): boolean {
  return (
    (PLATFORM_POST_METRICS[platform] as readonly string[]).includes(metric) ||
    (PLATFORM_ACCOUNT_DAILY[platform] as readonly string[]).includes(metric)
  );
}

/**
 * Engagement = likes + comments + shares + saves. Saves count where the
 * platform reports them (Instagram, X bookmarks); where it does not, they are
 * left out rather than counted as 0. Null only when none of the parts is known.
 */
export function engagement(m: {
  likes: number | null;
  comments: number | null;
  shares: number | null;
  saves: number | null;
}): number | null {
  const parts = [m.likes, m.comments, m.shares, m.saves].filter((v): v is number => v !== null);
  return parts.length === 0 ? null : parts.reduce((a, b) => a + b, 0);
}

/** Engagement rate in percent: 100 × engagement / views; null when views are null or 0. */
export function engagementRate(engagementValue: number | null, views: number | null): number | null {
  if (engagementValue === null || views === null || views === 0) return null;
  return round2((100 * engagementValue) / views);
}

/**
 * Impressions click-through rate in percent: 100 × clicks / impressions, of
 * counts summed over whatever is aggregated (posts, days, platforms). A
 * percentage is never summed or averaged: two videos with 10 % of 100
 * impressions and 2 % of 10,000 have 2.08 %, not 6 %. Null when either part is
 * unknown or impressions are 0.
 */
export function clickThroughRate(clicks: number | null, impressions: number | null): number | null {
  if (clicks === null || impressions === null || impressions === 0) return null;
  return round2((100 * clicks) / impressions);
}

/** clickThroughRate() as SQL over two (summed) expressions. */
export function clickThroughRateSql(clicksExpr: string, impressionsExpr: string): string {
  return `round((100 * (${clicksExpr}) / nullif(${impressionsExpr}, 0))::numeric, 2)::float8`;
}

/** Growth rate in percent: 100 × (end − start) / start; null when start is unknown or 0. */
export function growthRate(start: number | null, end: number | null): number | null {
  if (start === null || end === null || start === 0) return null;
  return round2((100 * (end - start)) / start);
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * The same engagement rule as `engagement()`, as SQL over columns of the given
 * row alias, for the places where it is computed inside a query.
 */
export function engagementSql(alias: string): string {
  const parts = ['likes', 'comments', 'shares', 'saves'].map((c) => `${alias}.${c}`);
  return `CASE WHEN num_nonnulls(${parts.join(', ')}) = 0 THEN NULL ELSE ${parts.map((p) => `coalesce(${p}, 0)`).join(' + ')} END`;
}

/** engagementRate() as SQL: 100 × engagement / views, null when views are null or 0. */
export function engagementRateSql(engagementExpr: string, viewsExpr: string): string {
  return `round((100 * (${engagementExpr}) / nullif(${viewsExpr}, 0))::numeric, 2)::float8`;
}

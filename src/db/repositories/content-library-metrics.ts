/**
 * How a content item's metrics combine the lifetime numbers of its posts
 * (content_performance rows, aliased `c`): one definition per metric, used by
 * the content library, the performance view grouped by content, and the
 * reports. The rule beside each SQL expression is what the API documents.
 *
 * Missing is not zero: SQL's sum() skips nulls and is null when every post's
 * value is null, so a metric no post reports stays null.
 */
import { POST_COUNTERS, clickThroughRateSql, engagementRateSql, type PostCounter } from '../../analytics/catalog.js';

/** Every post counter (content_performance keeps a lifetime column of each), then the derived metrics. */
export const COMBINED_METRICS = [...POST_COUNTERS, 'reach', 'engagement', 'engagement_rate', 'impression_ctr', 'performance_score'] as const;
export type CombinedMetric = (typeof COMBINED_METRICS)[number];

interface Combination {
  sql: string;
  rule: string;
}

const summed = (m: PostCounter): Combination => ({ sql: `sum(c.${m})`, rule: 'Sum over its posts; null when none of them reports it' });

export const COMBINATIONS: Record<CombinedMetric, Combination> = {
  ...(Object.fromEntries(POST_COUNTERS.map((m) => [m, summed(m)])) as Record<PostCounter, Combination>),
  // Each post's engagement already follows the catalog's rule (saves where reported), so their sum is the engagement of the summed parts.
  engagement: { sql: 'sum(c.engagement)', rule: 'Sum over its posts; null when none of them has any engagement figure' },
  engagement_rate: {
    sql: engagementRateSql('sum(c.engagement)', 'sum(c.views)'),
    rule: 'Of the combined numbers: 100 × engagement / views; null when views are 0 or unknown',
  },
  // Impressions of posts without impression clicks (X) would dilute the rate, so only those reporting both count.
  impression_ctr: {
    sql: clickThroughRateSql('sum(c.impression_clicks)', 'sum(c.impressions) FILTER (WHERE c.impression_clicks IS NOT NULL)'),
    rule: 'Of the combined numbers: 100 × impression clicks / impressions, over the posts that report both; null when none does',
  },
  // Unique accounts do not add up: exact only when a single post reports reach.
  reach: { sql: 'CASE WHEN count(c.reach) = 1 THEN max(c.reach) END', rule: 'Reach of the one post that reports it; null when none or several do (unique accounts do not add up)' },
  // Scores are percentile ranks within each platform, so they compare across platforms and average meaningfully.
  performance_score: { sql: 'avg(c.performance_score)', rule: 'Mean of its posts\' scores; null when none has one' },
};

/** The select list of every combined metric, each named as itself. */
export const COMBINED_SELECT = COMBINED_METRICS.map((m) => `${COMBINATIONS[m].sql} AS ${m}`).join(',\n  ');

export type CombinedMetrics = Record<CombinedMetric, number | null>;

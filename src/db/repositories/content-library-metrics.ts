/**
 * How a content item's metrics combine the lifetime numbers of its posts
 * (content_performance rows, aliased `c`): one definition per metric, used by
 * the content library, the performance view grouped by content, and the
 * reports. The rule beside each SQL expression is what the API documents.
 *
 * Missing is not zero: SQL's sum() skips nulls and is null when every post's
 * value is null, so a metric no post reports stays null.
 */
import { engagementRateSql, type PostCounter } from '../../analytics/catalog.js';

/** The catalog's post counters that content_performance keeps a lifetime column of. */
const KEPT_COUNTERS = ['views', 'likes', 'shares', 'comments', 'saves', 'clicks', 'impressions', 'watch_time_minutes'] as const satisfies readonly PostCounter[];
type KeptCounter = (typeof KEPT_COUNTERS)[number];

export const COMBINED_METRICS = [...KEPT_COUNTERS, 'reach', 'engagement', 'engagement_rate', 'performance_score'] as const;
export type CombinedMetric = (typeof COMBINED_METRICS)[number];

interface Combination {
  sql: string;
  rule: string;
}

const summed = (m: KeptCounter): Combination => ({ sql: `sum(c.${m})`, rule: 'Sum over its posts; null when none of them reports it' });

export const COMBINATIONS: Record<CombinedMetric, Combination> = {
  views: summed('views'),
  likes: summed('likes'),
  shares: summed('shares'),
  comments: summed('comments'),
  saves: summed('saves'),
  clicks: summed('clicks'),
  impressions: summed('impressions'),
  watch_time_minutes: summed('watch_time_minutes'),
  // Each post's engagement already follows the catalog's rule (saves where reported), so their sum is the engagement of the summed parts.
  engagement: { sql: 'sum(c.engagement)', rule: 'Sum over its posts; null when none of them has any engagement figure' },
  engagement_rate: {
    sql: engagementRateSql('sum(c.engagement)', 'sum(c.views)'),
    rule: 'Of the combined numbers: 100 × engagement / views; null when views are 0 or unknown',
  },
  // Unique accounts do not add up: exact only when a single post reports reach.
  reach: { sql: 'CASE WHEN count(c.reach) = 1 THEN max(c.reach) END', rule: 'Reach of the one post that reports it; null when none or several do (unique accounts do not add up)' },
  // Scores are percentile ranks within each platform, so they compare across platforms and average meaningfully.
  performance_score: { sql: 'avg(c.performance_score)', rule: 'Mean of its posts\' scores; null when none has one' },
};

/** The select list of every combined metric, each named as itself. */
export const COMBINED_SELECT = COMBINED_METRICS.map((m) => `${COMBINATIONS[m].sql} AS ${m}`).join(',\n  ');

export type CombinedMetrics = Record<CombinedMetric, number | null>;

/**
 * The normalized observations every source hands to ingestion: connectors,
 * the CSV import, the demo and the tests. One batch belongs to one connected
 * account. Values are plain numbers; a metric the platform does not report is
 * simply absent (never sent as 0).
 */
import type { AccountDailyMetric, AccountGauge, PostMetric } from '../analytics/catalog.js';
import type { PostMetadata } from '../db/repositories/posts.js';

/** Post metadata is what the store keeps of a post (src/db/repositories/posts.ts). */
export type PostObservation = PostMetadata;

/** A lifetime counter of one post at one instant ("views so far"). */
export interface PostMetricObservation {
  platformPostId: string;
  metric: PostMetric;
  value: number;
  observedAt: Date;
}

/** A lifetime value of the account at one instant ("followers now"). */
export interface AccountMetricObservation {
  metric: AccountGauge;
  value: number;
  observedAt: Date;
}

/** A value the platform reports for one whole day (YYYY-MM-DD, in the platform's day). */
export interface AccountDailyObservation {
  metric: AccountDailyMetric;
  day: string;
  value: number;
}

/** Dimensions a platform breaks its audience down by. */
export const AUDIENCE_DIMENSIONS = ['age', 'gender', 'country', 'city'] as const;
export type AudienceDimension = (typeof AUDIENCE_DIMENSIONS)[number];

/**
 * One demographics report as the platform gave it: one dimension of one
 * account, its buckets in the platform's own labels and units. Never
 * estimated: when the platform gave nothing, `values` is empty and
 * `unavailableReason` says why (e.g. Instagram under 100 followers).
 */
export interface AudienceReportObservation {
  dimension: AudienceDimension;
  /** The platform's metric, e.g. 'viewerPercentage', 'views', 'follower_demographics'. */
  metric: string;
  unit: 'percent' | 'views' | 'followers';
  /** Days the figures cover (YYYY-MM-DD, the platform's day); absent for lifetime figures. */
  periodStart?: string;
  periodEnd?: string;
  /** What the figures rest on (views in the window, followers now), when the platform says. */
  basis?: { kind: 'views' | 'followers'; count: number };
  values: { bucket: string; value: number }[];
  unavailableReason?: string;
  reportedAt: Date;
}

/**
 * Revenue the platform reported for one whole day (YouTube estimatedRevenue),
 * as a decimal string in `currency` (ISO 4217). Sent only when the platform
 * reported it: an unmonetized channel or a missing scope sends none.
 */
export interface AccountRevenueObservation {
  day: string;
  currency: string;
  amount: string;
}

export interface ObservationBatch {
  userId: number;
  accountId: number;
  /** Where the numbers came from, e.g. 'youtube_api', 'instagram_csv', 'simulator'. Recorded with each snapshot. */
  source: string;
  posts?: PostObservation[];
  postMetrics?: PostMetricObservation[];
  accountMetrics?: AccountMetricObservation[];
  accountDaily?: AccountDailyObservation[];
  /** Audience demographics reports (slow cadence: the daily full sync). */
  audience?: AudienceReportObservation[];
  /** Revenue the platform reported per day (YouTube estimatedRevenue); absent where it reported none. */
  accountRevenue?: AccountRevenueObservation[];
}

export interface IngestResult {
  posts: number;
  postSnapshots: number;
  accountSnapshots: number;
  accountDaily: number;
}

/**
 * Metric fields of analytics responses, described from the metric catalog
 * (METRIC_DESCRIPTIONS) so the wording exists once. Metric values are numbers,
 * not integers: averages, rates and imported watch time have decimals, and an
 * integer schema would make the serializer truncate them.
 */
import { Type } from 'typebox';
import { METRIC_DESCRIPTIONS, type DescribedMetric } from '../../../../analytics/catalog.js';
import { Nullable } from './common.js';

/** A metric that is null when no platform in scope reports it (missing is not 0). */
export const metric = (name: DescribedMetric, context?: string) =>
  Nullable(Type.Number(), { description: context ? `${METRIC_DESCRIPTIONS[name]}. ${context}` : METRIC_DESCRIPTIONS[name] });

/** A count that is always known (posts published). */
export const count = (name: DescribedMetric, context?: string) =>
  Type.Integer({ minimum: 0, description: context ? `${METRIC_DESCRIPTIONS[name]}. ${context}` : METRIC_DESCRIPTIONS[name] });

/** The activity metrics of the dashboard, each nullable: views, likes, shares, comments, saves, clicks. */
export const activityFields = () => ({
  views: metric('views'),
  likes: metric('likes'),
  shares: metric('shares'),
  comments: metric('comments'),
  saves: metric('saves'),
  clicks: metric('clicks'),
});

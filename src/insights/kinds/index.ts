/**
 * The registry of insight kinds: the refresh job computes each of these, and
 * the API's insight_data union is built from their dataSchemas. One line per kind.
 */
import type { InsightKind } from '../types.js';
import { audienceDemographics } from './audience-demographics.js';
import { bestTime } from './best-time.js';
import { contentRecommendations } from './content-recommendations.js';
import { trendingHashtags } from './trending-hashtags.js';

export const INSIGHT_KINDS: InsightKind[] = [
  bestTime,
  trendingHashtags,
  contentRecommendations,
  audienceDemographics,
];

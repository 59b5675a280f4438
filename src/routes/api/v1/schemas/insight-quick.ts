/** The dashboard's quick_insights items: a line per headline insight, linking to its record. */
import { Type } from 'typebox';
import { INSIGHT_TYPES } from '../../../../insights/types.js';
import { Nullable, PlatformName } from './common.js';
import { Id } from './params.js';

export const QuickInsight = Type.Object(
  {
    insight_type: Type.Enum(INSIGHT_TYPES, {
      description: 'best_time (per platform), trending_hashtags, audience_demographics (per platform, where reported), content_recommendations (the most confident)',
    }),
    insight_id: Id('insight', { description: 'Id of the record in GET /api/v1/analytics/insights' }),
    platform: Nullable(PlatformName, { description: 'The platform of the record; null for a cross-platform record' }),
    summary: Type.String({ description: 'The insight in one line' }),
  },
  { description: 'A headline insight' },
);

export const QuickInsights = Type.Array(QuickInsight, {
  description: 'Current insights that claim something (records without enough evidence are left out), for the asked platforms; empty when there are none',
});

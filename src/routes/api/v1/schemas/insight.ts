/**
 * GET /analytics/insights: its query and its items. An item's insight_data
 * has the shape of its kind: the item schema is a union with one branch per
 * kind of the registry (INSIGHT_KINDS), each fixing insight_type to its kind
 * and insight_data to the kind's dataSchema, so a new kind appears here by
 * being registered.
 */
import { Type } from 'typebox';
import { INSIGHT_KINDS } from '../../../../insights/kinds/index.js';
import { INSIGHT_TYPES, type InsightKind, type InsightType } from '../../../../insights/types.js';
import type { Platform } from '../../../../analytics/catalog.js';
import { periodQueryFields } from './analytics-query.js';
import { Instant, Nullable, PlatformName } from './common.js';
import { Id } from './params.js';

export const InsightsQuery = Type.Object({
  ...periodQueryFields(),
  type: Type.Optional(Type.String({ description: `Comma list of insight types: ${INSIGHT_TYPES.join(', ')} (default: all)`, examples: ['best_time,trending_hashtags'] })),
});

function itemOf(kind: InsightKind) {
  return Type.Object(
    {
      id: Id('insight'),
      platform: Nullable(PlatformName, { description: 'The platform the record is about; null for a cross-platform record' }),
      insight_type: Type.Literal(kind.type),
      insight_data: kind.dataSchema,
      summary: Type.String({ description: 'The record in one line: what it says, or why it says nothing' }),
      confidence_score: Type.Number({ minimum: 0, maximum: 1, description: 'Confidence 0–1, by the formula documented with the kind; 0 when the record claims nothing' }),
      sample_size: Type.Integer({ minimum: 0, description: 'Observations the record rests on (posts with views at 7 days, or the platform\'s reported audience)' }),
      generated_at: Instant,
      valid_until: Instant,
    },
    { description: `A ${kind.type} record` },
  );
}

/** The static side of an item: the registry is a list of kinds, so per-kind data types are only known to the JSON Schema. */
export interface InsightItemValue {
  id: number;
  platform: Platform | null;
  insight_type: InsightType;
  insight_data: unknown;
  summary: string;
  confidence_score: number;
  sample_size: number;
  generated_at: string;
  valid_until: string;
}

export const InsightItem = Type.Unsafe<InsightItemValue>(
  Type.Union(INSIGHT_KINDS.map(itemOf), { description: 'One insight record; insight_data has the shape of its insight_type' }),
);

export const InsightsResponse = Type.Object({
  items: Type.Array(InsightItem, { description: 'By insight_type, then platform (cross-platform last)' }),
});

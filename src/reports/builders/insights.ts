/**
 * The "Key insights and recommendations" section: the user's current insight
 * records that claim something (the same choice as the dashboard's
 * quick_insights), one row each, with the confidence and sample they rest on.
 * Only records that exist are listed; with none, the section is empty and its
 * note says there is not enough data yet (nothing is computed here: the
 * insights-refresh job writes the records after a sync).
 */
import { quickInsights } from '../../query/views/quick-insights.js';
import { currentInsights } from '../../db/repositories/insights.js';
import type { TableSection } from '../types.js';
import type { BuildContext } from './context.js';
import { platformName } from './common.js';

const LABELS: Record<string, string> = {
  best_time: 'Best time to post',
  trending_hashtags: 'Top hashtags',
  audience_demographics: 'Audience',
  content_recommendations: 'Recommendation',
};

export const NOT_ENOUGH_DATA_YET =
  'Not enough data yet: insights appear once enough of your posts are at least 7 days old (10 per platform for posting times and recommendations, 20 for hashtags) and show an effect beyond chance.';

export async function keyInsightsSection(ctx: BuildContext): Promise<TableSection> {
  const quick = await quickInsights(ctx.db, ctx.userId, ctx.period.platforms, ctx.generatedAt);
  const records = new Map((await currentInsights(ctx.db, ctx.userId, ctx.generatedAt)).map((r) => [r.id, r]));
  return {
    kind: 'table',
    id: 'key_insights',
    title: 'Key insights and recommendations',
    columns: [
      { key: 'insight', label: 'Insight', type: 'text' },
      { key: 'platform', label: 'Platform', type: 'text' },
      { key: 'summary', label: 'What the data says', type: 'text' },
      { key: 'confidence', label: 'Confidence', type: 'decimal' },
      { key: 'sample_size', label: 'Based on', type: 'int' },
    ],
    rows: quick.map((q) => ({
      insight: LABELS[q.insight_type] ?? q.insight_type,
      platform: q.platform ? platformName(q.platform) : 'All platforms',
      summary: q.summary,
      confidence: records.get(q.insight_id)?.confidence_score ?? null,
      sample_size: records.get(q.insight_id)?.sample_size ?? null,
    })),
    note:
      quick.length === 0
        ? NOT_ENOUGH_DATA_YET
        : 'From your whole history as of the last sync, not only this period. Confidence 0–1 grows with the size of the effect and the number of posts; "Based on" is the posts (or, for audience, the views or followers) it rests on.',
  };
}

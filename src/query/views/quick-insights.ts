/**
 * The dashboard's quick_insights: one line per headline insight, each linking
 * to its record of GET /analytics/insights (insight_id). Only records that
 * claim something (confidence above 0: a "not enough data" record has 0) and
 * are still valid; per-platform records only for the dashboard's platforms.
 *
 *  - best posting time: each platform's best_time record;
 *  - top hashtags: the trending_hashtags record;
 *  - demographics: each platform's audience_demographics record, where a
 *    platform reports them;
 *  - top recommendation: the most confident content_recommendations record.
 */
import type { Platform } from '../../analytics/catalog.js';
import type { Queryable } from '../../db/client.js';
import { currentInsights, type InsightRow } from '../../db/repositories/insights.js';

/** In display order; the insight types are named by src/insights/types.ts, above this layer. */
const SHOWN = [
  { type: 'best_time', each: true },
  { type: 'trending_hashtags', each: false },
  { type: 'audience_demographics', each: true },
  { type: 'content_recommendations', each: false },
] as const;

export type QuickInsightType = (typeof SHOWN)[number]['type'];

export interface QuickInsight {
  insight_type: QuickInsightType;
  insight_id: number;
  platform: Platform | null;
  summary: string;
}

export function pickQuickInsights(rows: readonly InsightRow[], platforms: readonly Platform[]): QuickInsight[] {
  const usable = rows.filter((r) => r.confidence_score > 0 && (r.platform === null || platforms.includes(r.platform)));
  const out: QuickInsight[] = [];
  for (const { type, each } of SHOWN) {
    const ofType = usable.filter((r) => r.insight_type === type).sort((a, b) => b.confidence_score - a.confidence_score || a.id - b.id);
    const chosen = each ? ofType.sort((a, b) => (a.platform ?? '~').localeCompare(b.platform ?? '~')) : ofType.slice(0, 1);
    for (const r of chosen) out.push({ insight_type: type, insight_id: r.id, platform: r.platform, summary: r.summary });
  }
  return out;
}

export async function quickInsights(db: Queryable, userId: number, platforms: readonly Platform[], now = new Date()): Promise<QuickInsight[]> {
  return pickQuickInsights(await currentInsights(db, userId, now), platforms);
}

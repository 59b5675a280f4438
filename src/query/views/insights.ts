/**
 * GET /analytics/insights: the stored insight records (computed by the
 * insights-refresh job, never on request) that match the filter.
 *
 * Which records a range selects: those whose validity window
 * [generated_at, valid_until) overlaps the days from..to in the zone. Each
 * kind reads all of the user's history, so the records have no data period of
 * their own to compare with; the validity window is the time they speak for.
 * With the default range (the last 30 days) that is the current records.
 * Cross-platform records (platform null) are returned whatever `platforms`
 * says: they are about every platform.
 */
import type { Period } from '../../analytics/period.js';
import type { Queryable } from '../../db/client.js';
import { listInsights } from '../../db/repositories/insights.js';
import type { InsightType } from '../../insights/types.js';

export async function insights(db: Queryable, userId: number, period: Period, types: readonly InsightType[]) {
  const rows = await listInsights(db, userId, { types, platforms: period.platforms, from: period.from, to: period.to, tz: period.tz, crossPlatform: true });
  return {
    items: rows.map((r) => ({
      id: r.id,
      platform: r.platform,
      insight_type: r.insight_type,
      insight_data: r.insight_data,
      summary: r.summary,
      confidence_score: r.confidence_score,
      sample_size: r.sample_size,
      generated_at: r.generated_at.toISOString(),
      valid_until: r.valid_until.toISOString(),
    })),
  };
}

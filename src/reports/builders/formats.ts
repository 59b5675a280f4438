/**
 * Content format effectiveness (video vs image vs text …): lifetime totals of
 * the content published in the window, per media type, from the repository's
 * contentTotalsByMediaType, with the catalog's engagement-rate rule and the
 * compare view's per-post rule (total / posts, 2 decimals, null without posts).
 */
import { sumNullable } from '../../query/aggregate.js';
import { engagementRate, round2 } from '../../analytics/catalog.js';
import type { Period } from '../../analytics/period.js';
import type { Queryable } from '../../db/client.js';
import { contentTotalsByMediaType } from '../../db/repositories/content.js';

export interface FormatRow {
  platform: string | null;
  media_type: string;
  posts: number;
  views: number | null;
  engagement: number | null;
  avg_views_per_post: number | null;
  avg_engagement_per_post: number | null;
  engagement_rate: number | null;
}

function perPost(total: number | null, posts: number): number | null {
  return total === null || posts === 0 ? null : round2(total / posts);
}

function row(platform: string | null, mediaType: string, posts: number, views: number | null, eng: number | null): FormatRow {
  return {
    platform,
    media_type: mediaType,
    posts,
    views,
    engagement: eng,
    avg_views_per_post: perPost(views, posts),
    avg_engagement_per_post: perPost(eng, posts),
    engagement_rate: engagementRate(eng, views),
  };
}

export async function formatEffectiveness(db: Queryable, userId: number, period: Period): Promise<{ overall: FormatRow[]; byPlatform: FormatRow[] }> {
  const rows = await contentTotalsByMediaType(db, userId, period);
  const byPlatform = rows.map((r) => row(r.platform, r.media_type ?? 'other', r.posts, r.views, r.engagement));
  const types = [...new Set(byPlatform.map((r) => r.media_type))].sort();
  const overall = types.map((t) => {
    const of = byPlatform.filter((r) => r.media_type === t);
    return row(null, t, of.reduce((n, r) => n + r.posts, 0), sumNullable(of.map((r) => r.views)), sumNullable(of.map((r) => r.engagement)));
  });
  return { overall, byPlatform };
}

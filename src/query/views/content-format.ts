/** The shape of one piece of content in API responses. */
import { clickThroughRate } from '../../analytics/catalog.js';
import type { ContentRow } from '../../db/repositories/content.js';

export function contentItemOut(r: ContentRow) {
  return {
    content_id: r.content_id,
    post_id: r.post_id,
    title: r.title,
    platform: r.platform,
    platform_post_id: r.platform_post_id,
    url: r.url,
    media_type: r.media_type,
    published_at: new Date(r.published_at).toISOString(),
    views: r.views,
    likes: r.likes,
    shares: r.shares,
    comments: r.comments,
    saves: r.saves,
    clicks: r.clicks,
    reach: r.reach,
    impressions: r.impressions,
    impression_ctr: clickThroughRate(r.impression_clicks, r.impressions),
    dislikes: r.dislikes,
    engagement: r.engagement,
    engagement_rate: r.engagement_rate,
    performance_score: r.performance_score,
    last_updated_at: r.last_updated_at ? new Date(r.last_updated_at).toISOString() : null,
  };
}

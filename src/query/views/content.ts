/** GET /analytics/content/{id}: one content item across the platforms it was published on. */
import type { Queryable } from '../../db/client.js';
import { contentItem, platformMedians, postDailySeries, postsOfContent } from '../../db/repositories/content.js';
import { NotFoundError } from '../../errors.js';
import { round2 } from '../../analytics/catalog.js';
import { contentItemOut } from './content-format.js';

function ratio(value: number | null, median: number | null): number | null {
  return value === null || median === null || median === 0 ? null : round2(value / median);
}

export async function contentView(db: Queryable, userId: number, contentId: number, tz: string) {
  const item = await contentItem(db, userId, contentId);
  // Someone else's content is "not found" like an unknown id.
  if (!item) throw new NotFoundError('Content');
  const posts = await postsOfContent(db, userId, contentId);
  const medians = new Map((await platformMedians(db, userId, posts.map((p) => p.platform))).map((m) => [m.platform, m]));
  const out = [];
  for (const post of posts) {
    const median = medians.get(post.platform);
    out.push({
      ...contentItemOut(post),
      caption: post.caption,
      hashtags: post.hashtags,
      daily: await postDailySeries(db, userId, tz, post.post_id),
      compared_to_median: {
        posts_compared: median?.posts ?? 0,
        median_views: median?.views ?? null,
        median_engagement_rate: median?.engagement_rate === null || median?.engagement_rate === undefined ? null : round2(median.engagement_rate),
        views_ratio: ratio(post.views, median?.views ?? null),
        engagement_rate_ratio: ratio(post.engagement_rate, median?.engagement_rate ?? null),
      },
    });
  }
  return { content: { id: item.id, title: item.title, created_at: new Date(item.created_at).toISOString() }, tz, posts: out };
}

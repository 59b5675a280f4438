/** One piece of content on one platform, with its latest lifetime numbers (query/views/content-format.ts). */
import { Type } from 'typebox';
import { Instant, Nullable, PlatformName } from './common.js';
import { metric } from './metric.js';
import { Id } from './params.js';

export const contentItemFields = () => ({
  content_id: Id('content', { description: 'The content item (GET /analytics/content/{id}); the same video posted on two platforms shares it' }),
  post_id: Id('post', { description: 'This post on this platform' }),
  title: Nullable(Type.String(), { description: 'Title, or the start of the caption' }),
  platform: PlatformName,
  platform_post_id: Type.String({ description: 'The platform\'s own id of the post' }),
  url: Nullable(Type.String(), { description: 'Link to the post on the platform' }),
  media_type: Nullable(Type.String(), { description: 'video, short, image, carousel, text, reel, story … as the platform says' }),
  published_at: Instant,
  views: metric('views', 'Lifetime'),
  likes: metric('likes', 'Lifetime'),
  shares: metric('shares', 'Lifetime'),
  comments: metric('comments', 'Lifetime'),
  saves: metric('saves', 'Lifetime'),
  clicks: metric('clicks', 'Lifetime'),
  reach: metric('reach', 'Latest'),
  impressions: metric('impressions', 'Lifetime'),
  impression_ctr: metric('impression_ctr', 'Lifetime'),
  dislikes: metric('dislikes', 'Lifetime'),
  engagement: metric('engagement', 'Lifetime'),
  engagement_rate: metric('engagement_rate', 'Lifetime'),
  performance_score: metric('performance_score'),
  last_updated_at: Nullable(Instant, { description: 'When these numbers were last computed' }),
});

export const ContentItem = Type.Object(contentItemFields(), { description: 'A post with its latest lifetime numbers' });

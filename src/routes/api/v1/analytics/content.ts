/** GET /analytics/content/{id}: one content item on each platform it was published on. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { currentUser } from '../../../../http/auth.js';
import { contentView } from '../../../../query/views/content.js';
import type { Services } from '../../../../services.js';
import { ContentParams, ContentQuery } from '../schemas/analytics-query.js';
import { Day, errorResponses, Instant, Nullable } from '../schemas/common.js';
import { contentItemFields } from '../schemas/content-item.js';
import { activityFields, metric } from '../schemas/metric.js';
import { cached, periodOf } from './cached.js';
import { Id } from '../schemas/params.js';

const DailyPoint = Type.Object(
  {
    day: Day,
    ...activityFields(),
    estimated: Type.Boolean({ description: 'True on the publish day when it holds what the post had gathered before it was first seen' }),
  },
  { description: 'Activity of the post on one day (in tz); days without a change are left out' },
);

export const ContentResponse = Type.Object({
  content: Type.Object({
    id: Id('content'),
    title: Nullable(Type.String(), { description: 'Title of the content item' }),
    created_at: Instant,
  }),
  tz: Type.String({ description: 'IANA time zone of the daily series' }),
  posts: Type.Array(
    Type.Object({
      ...contentItemFields(),
      caption: Nullable(Type.String(), { description: 'Caption or description as published' }),
      hashtags: Type.Array(Type.String(), { description: 'Hashtags of the caption, lower case, without #' }),
      daily: Type.Array(DailyPoint, { description: 'Activity per day since publication' }),
      compared_to_median: Type.Object(
        {
          posts_compared: Type.Integer({ minimum: 0, description: 'Your posts on this platform the medians are taken over' }),
          median_views: metric('views', 'Median of the lifetime views of your posts on this platform'),
          median_engagement_rate: metric('engagement_rate', 'Median over your posts on this platform'),
          views_ratio: Nullable(Type.Number(), { description: 'This post\'s views / the median, rounded to 2 decimals; null when either is unknown or the median is 0' }),
          engagement_rate_ratio: Nullable(Type.Number(), { description: 'This post\'s engagement rate / the median, rounded to 2 decimals; null when either is unknown or the median is 0' }),
        },
        { description: 'This post against your own posts on the same platform' },
      ),
    }),
    { description: 'The item on each platform, oldest first' },
  ),
});

export async function contentRoute(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = {
    tags: ['analytics'],
    summary: 'One content item on every platform it was published on',
    params: ContentParams,
    querystring: ContentQuery,
    response: { 200: ContentResponse, ...errorResponses(400, 401, 404) },
  };
  app.get('/content/:id', { schema }, async (request, reply) => {
    const user = currentUser(request);
    const { id } = request.params;
    // Lifetime numbers: only the zone of the daily series comes from the query.
    const { tz } = await periodOf(services, user, { tz: request.query.tz });
    return cached(services, user, reply, ContentResponse, ['content', id, tz], () => contentView(services.db, user.id, id, tz));
  });
}

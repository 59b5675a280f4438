/** GET /analytics/performance: content published in the period with its lifetime numbers, sorted and paged. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SORTABLE } from '../../../../db/repositories/content.js';
import { currentUser } from '../../../../http/auth.js';
import { CONTENT_GROUPINGS } from '../../../../analytics/report-kinds.js';
import { performance } from '../../../../query/views/performance.js';
import type { Services } from '../../../../services.js';
import { PerformanceQuery } from '../schemas/analytics-query.js';
import { errorResponses, Nullable } from '../schemas/common.js';
import { ContentItem } from '../schemas/content-item.js';
import { libraryItemFields } from '../schemas/content-library.js';
import { Id } from '../schemas/params.js';
import { count, metric } from '../schemas/metric.js';
import { Range } from '../schemas/range.js';
import { cached, periodOf } from './cached.js';

const lifetime = 'Lifetime, summed over the content published in the window';

const ContentGroup = Type.Object(
  { ...libraryItemFields(), post_ids: Type.Array(Id('post'), { description: 'Its posts published in the window on the chosen platforms, oldest first (each is in items)' }) },
  { description: 'A content item with the combined numbers of its posts published in the window' },
);

export const PerformanceResponse = Type.Object({
  range: Range,
  group: Type.Enum(CONTENT_GROUPINGS, { description: 'The grouping applied' }),
  sort: Type.Enum(SORTABLE, { description: 'The sort key applied (with group=content: of the combined numbers)' }),
  order: Type.Enum(['asc', 'desc'], { description: 'The order applied' }),
  items: Type.Array(ContentItem, { description: 'This page of posts published in the window; with group=content, the posts of content_items, item by item' }),
  content_items: Type.Optional(Type.Array(ContentGroup, { description: 'With group=content only: this page of content items' })),
  next_cursor: Nullable(Type.String(), { description: 'Pass as `cursor` for the next page; null on the last page' }),
  totals: Type.Object(
    {
      posts: count('posts', 'In the window, on every page'),
      views: metric('views', lifetime),
      likes: metric('likes', lifetime),
      shares: metric('shares', lifetime),
      comments: metric('comments', lifetime),
      saves: metric('saves', lifetime),
      clicks: metric('clicks', lifetime),
      impressions: metric('impressions', lifetime),
      engagement: metric('engagement', lifetime),
      engagement_rate: metric('engagement_rate', 'Of the lifetime totals'),
    },
    { description: 'All content published in the window (every page), with its lifetime numbers' },
  ),
});

export async function performanceRoute(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = {
    tags: ['analytics'],
    summary: 'Content published in the period',
    querystring: PerformanceQuery,
    response: { 200: PerformanceResponse, ...errorResponses(400, 401) },
  };
  app.get('/performance', { schema }, async (request, reply) => {
    const user = currentUser(request);
    const period = await periodOf(services, user, request.query);
    const { sort, order, limit, cursor, group } = request.query;
    const paging = { sort, order, limit, cursor, group };
    return cached(services, user, reply, PerformanceResponse, ['performance', period, paging], () => performance(services.db, user.id, period, paging));
  });
}

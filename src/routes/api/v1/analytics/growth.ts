/** GET /analytics/growth: followers, posting frequency and engagement-rate trend per platform. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DEFAULT_GRANULARITY } from '../../../../analytics/buckets.js';
import { currentUser } from '../../../../http/auth.js';
import { growth } from '../../../../query/views/growth.js';
import type { Services } from '../../../../services.js';
import { GranularQuery, Granularity } from '../schemas/analytics-query.js';
import { errorResponses, PlatformName } from '../schemas/common.js';
import { count, metric } from '../schemas/metric.js';
import { Range } from '../schemas/range.js';
import { GrowthPoint } from '../schemas/series.js';
import { cached, periodOf } from './cached.js';

export const GrowthResponse = Type.Object({
  range: Range,
  granularity: Granularity,
  forecast: Type.Object(
    { href: Type.String({ description: 'GET this for the followers forecast of the same platforms and zone (/api/v1/analytics/forecast)' }) },
    { description: 'Link to the forecast' },
  ),
  platforms: Type.Array(
    Type.Object({
      platform: PlatformName,
      followers_start: metric('followers', 'At the end of the day before the window, over the accounts whose growth is known'),
      followers_end: metric('followers', 'At the end of the window'),
      follower_growth: metric('follower_growth'),
      follower_growth_rate: metric('follower_growth_rate'),
      followers_estimated: Type.Boolean({ description: 'True when a follower figure is walked back from the first snapshot with the platform\'s daily gains and losses' }),
      posts: count('posts', 'In the window'),
      posts_per_week: Type.Number({ minimum: 0, description: 'Posts in the window per 7 days, rounded to 2 decimals' }),
      engagement_rate: metric('engagement_rate', 'Of the activity in the window'),
      series: Type.Array(GrowthPoint, { description: 'One point per bucket of the window' }),
    }),
    { description: 'Each platform with a connected account, in name order' },
  ),
});

export async function growthRoute(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = {
    tags: ['analytics'],
    summary: 'Audience growth, posting frequency, engagement-rate trend',
    querystring: GranularQuery,
    response: { 200: GrowthResponse, ...errorResponses(400, 401) },
  };
  app.get('/growth', { schema }, async (request, reply) => {
    const user = currentUser(request);
    const period = await periodOf(services, user, request.query);
    const g = request.query.granularity ?? DEFAULT_GRANULARITY;
    return cached(services, user, reply, GrowthResponse, ['growth', period, g], () => growth(services.db, user.id, period, g));
  });
}

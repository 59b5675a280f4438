/** GET /analytics/compare: the platforms side by side, per-post averages, and the leader of each metric. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DEFAULT_GRANULARITY } from '../../../../analytics/buckets.js';
import { currentUser } from '../../../../http/auth.js';
import { compare, LEAD_METRICS, type LeadMetric } from '../../../../query/views/compare.js';
import type { Services } from '../../../../services.js';
import { GranularQuery, Granularity } from '../schemas/analytics-query.js';
import { errorResponses, Nullable, PlatformName } from '../schemas/common.js';
import { count, metric } from '../schemas/metric.js';
import { Range } from '../schemas/range.js';
import { RoiFigures } from '../schemas/roi.js';
import { ComparePoint } from '../schemas/series.js';
import { Totals } from '../schemas/totals.js';
import { cached, periodOf } from './cached.js';

const perPost = 'Per post published in the window, lifetime numbers, rounded to 2 decimals; null without posts';

const leader = (metric: LeadMetric) => Nullable(PlatformName, { description: `The platform with the highest ${metric}; null when no platform has a value` });

export const CompareResponse = Type.Object({
  range: Range,
  granularity: Granularity,
  platforms: Type.Array(
    Type.Object({
      platform: PlatformName,
      totals: Totals,
      engagement_rate: metric('engagement_rate', 'Of the activity in the window (the same as totals.engagement_rate)'),
      follower_growth_rate: metric('follower_growth_rate', 'The same as totals.follower_growth_rate'),
      per_post: Type.Object({
        posts: count('posts', 'Published in the window'),
        avg_views_per_post: metric('views', perPost),
        avg_engagement_per_post: metric('engagement', perPost),
        avg_engagement_rate: metric('engagement_rate', 'Of the lifetime numbers of the posts published in the window'),
      }),
      series: Type.Array(ComparePoint, { description: 'One point per bucket of the window' }),
      roi: Type.Array(RoiFigures, { description: 'Cost, revenue and ROI of this platform, one item per currency (as /analytics/roi?group_by=platform); empty without ledger entries or platform revenue' }),
    }),
    { description: 'Each platform with a connected account, in name order' },
  ),
  leaders: Type.Object(
    {
      views: leader('views'),
      engagement: leader('engagement'),
      engagement_rate: leader('engagement_rate'),
      follower_growth_rate: leader('follower_growth_rate'),
      avg_views_per_post: leader('avg_views_per_post'),
      avg_engagement_per_post: leader('avg_engagement_per_post'),
    },
    { description: `The leading platform of each of ${LEAD_METRICS.join(', ')}` },
  ),
});

export async function compareRoute(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = {
    tags: ['analytics'],
    summary: 'Platforms side by side',
    querystring: GranularQuery,
    response: { 200: CompareResponse, ...errorResponses(400, 401) },
  };
  app.get('/compare', { schema }, async (request, reply) => {
    const user = currentUser(request);
    const period = await periodOf(services, user, request.query);
    const g = request.query.granularity ?? DEFAULT_GRANULARITY;
    return cached(services, user, reply, CompareResponse, ['compare', period, g], () => compare(services.db, user.id, period, g));
  });
}

/** GET /analytics/dashboard: activity in the period across platforms, per platform, per day, and the top content. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { dashboard, TOP_CONTENT } from '../../../../query/views/dashboard.js';
import { currentUser } from '../../../../http/auth.js';
import type { Services } from '../../../../services.js';
import { errorResponses, Instant, Nullable, PlatformName } from '../schemas/common.js';
import { PeriodQuery } from '../schemas/analytics-query.js';
import { ContentItem } from '../schemas/content-item.js';
import { QuickInsights } from '../schemas/insight-quick.js';
import { Range } from '../schemas/range.js';
import { TrendPoint } from '../schemas/series.js';
import { Totals, totalsFields } from '../schemas/totals.js';
import { cached, periodOf } from './cached.js';

export const DashboardResponse = Type.Object({
  range: Range,
  totals: Totals,
  platforms: Type.Array(
    Type.Object({
      platform: PlatformName,
      ...totalsFields(),
      last_synced_at: Nullable(Instant, { description: 'Last sync of the platform\'s most recently synced account' }),
    }),
    { description: 'The totals of each platform with a connected account, in name order' },
  ),
  trend: Type.Array(TrendPoint, { description: 'One point per day of the window' }),
  top_content: Type.Array(ContentItem, { description: `Up to ${TOP_CONTENT} posts published in the window, by performance score` }),
  quick_insights: QuickInsights,
});

export async function dashboardRoute(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = {
    tags: ['analytics'],
    summary: 'Activity in the period across platforms',
    querystring: PeriodQuery,
    response: { 200: DashboardResponse, ...errorResponses(400, 401) },
  };
  app.get('/dashboard', { schema }, async (request, reply) => {
    const user = currentUser(request);
    const period = await periodOf(services, user, request.query);
    return cached(services, user, reply, DashboardResponse, ['dashboard', period], () => dashboard(services.db, user.id, period));
  });
}

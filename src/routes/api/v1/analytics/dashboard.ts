/** GET /analytics/dashboard: activity in the period across platforms, per platform, per day, and the top content. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { COMPARED, dashboard, TOP_CONTENT } from '../../../../query/views/dashboard.js';
import { currentUser } from '../../../../http/auth.js';
import type { Services } from '../../../../services.js';
import { Day, errorResponses, Instant, Nullable, PlatformName } from '../schemas/common.js';

const Change = Type.Object(
  {
    previous: Nullable(Type.Number(), { description: 'The figure in the previous period; null when unknown' }),
    change: Nullable(Type.Number(), { description: 'value − previous (percentage points for rates); null when either is unknown, or when the two follower figures cover different platforms' }),
    change_pct: Nullable(Type.Number(), { description: '100 × change / |previous|; null when previous is 0 or unknown, and for rates' }),
  },
  { description: 'A figure against the previous period' },
);
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
  performance_score: Nullable(Type.Number(), {
    description: 'Median performance score (0–100) of the posts published in the window: above 50, they did better than your usual post on their platform; null without scored posts',
  }),
  comparison: Type.Object(
    {
      previous_range: Type.Object({ from: Day, to: Day }, { description: 'The period of the same length just before this one' }),
      changes: Type.Object(
        Object.fromEntries(COMPARED.map((m) => [m, Change])) as Record<(typeof COMPARED)[number], typeof Change>,
        { description: 'Each headline figure against the previous period' },
      ),
    },
    { description: 'The headline figures against the previous period of the same length' },
  ),
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

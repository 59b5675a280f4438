/** GET /analytics/platform/{platform}: one platform's totals, trend, top content and the metrics only it reports. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { currentUser } from '../../../../http/auth.js';
import { TOP_CONTENT } from '../../../../query/views/dashboard.js';
import { platformView } from '../../../../query/views/platform.js';
import type { Services } from '../../../../services.js';
import { PeriodQuery, PlatformParams } from '../schemas/analytics-query.js';
import { errorResponses, Instant, Nullable, PlatformName } from '../schemas/common.js';
import { ContentItem } from '../schemas/content-item.js';
import { metric } from '../schemas/metric.js';
import { Range } from '../schemas/range.js';
import { TrendPoint } from '../schemas/series.js';
import { Totals } from '../schemas/totals.js';
import { cached, periodOf } from './cached.js';
import { Id } from '../schemas/params.js';

const activity = 'Activity in the window; null where this platform does not report it';

export const PlatformResponse = Type.Object({
  range: Range,
  platform: PlatformName,
  connected_accounts: Type.Array(
    Type.Object({
      id: Id('account', { description: 'Account id (GET /accounts)' }),
      handle: Nullable(Type.String(), { description: 'The account\'s name on the platform' }),
      last_synced_at: Nullable(Instant, { description: 'Last successful sync; null before the first' }),
    }),
    { description: 'Your accounts on this platform' },
  ),
  totals: Totals,
  platform_metrics: Type.Object(
    {
      impressions: metric('impressions', activity),
      impression_ctr: metric('impression_ctr', 'Of the activity in the window'),
      dislikes: metric('dislikes', activity),
      watch_time_minutes: metric('watch_time_minutes', activity),
      average_view_duration_seconds: Nullable(Type.Number(), {
        description: 'Seconds watched per view: 60 × watch_time_minutes / views of the same days, rounded to 2 decimals; null without watch time or views',
      }),
      average_daily_reach: metric('reach', 'Average over the days that report it, rounded to 2 decimals'),
      profile_views: metric('profile_views', activity),
      followers_gained: metric('followers_gained', activity),
      followers_lost: metric('followers_lost', activity),
      published_content_lifetime_views: metric('views', 'Lifetime views of the content published in the window'),
    },
    { description: 'Metrics only some platforms report; null where this one does not' },
  ),
  trend: Type.Array(TrendPoint, { description: 'One point per day of the window' }),
  top_content: Type.Array(ContentItem, { description: `Up to ${TOP_CONTENT} posts published in the window, by performance score` }),
});

export async function platformRoute(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = {
    tags: ['analytics'],
    summary: 'One platform in depth',
    params: PlatformParams,
    querystring: PeriodQuery,
    response: { 200: PlatformResponse, ...errorResponses(400, 401) },
  };
  app.get('/platform/:platform', { schema }, async (request, reply) => {
    const user = currentUser(request);
    const { platform } = request.params;
    const period = await periodOf(services, user, request.query);
    return cached(services, user, reply, PlatformResponse, ['platform', period, platform], () => platformView(services.db, user.id, period, platform));
  });
}

/** GET /analytics/forecast: the next days of followers, views or engagement per platform, with backtest figures, or why not. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { currentUser } from '../../../../http/auth.js';
import { DEFAULT_HORIZON, forecast } from '../../../../query/views/forecast.js';
import { DEFAULT_FORECAST_METRIC } from '../../../../query/views/forecast-href.js';
import type { Services } from '../../../../services.js';
import { errorResponses } from '../schemas/common.js';
import { ForecastQuery, ForecastResponse } from '../schemas/forecast.js';
import { cached, periodOf } from './cached.js';

export async function forecastRoute(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = {
    tags: ['analytics'],
    summary: 'Forecast of followers, views or engagement per platform, where a backtest shows it beats the baselines',
    querystring: ForecastQuery,
    response: { 200: ForecastResponse, ...errorResponses(400, 401) },
  };
  app.get('/forecast', { schema }, async (request, reply) => {
    const user = currentUser(request);
    const { tz, platforms } = request.query;
    // The history is all the user's data up to today (range=all), through the one period parser.
    const period = await periodOf(services, user, { range: 'all', tz, platforms });
    const metric = request.query.metric ?? DEFAULT_FORECAST_METRIC;
    const horizon = request.query.horizon ?? DEFAULT_HORIZON;
    return cached(services, user, reply, ForecastResponse, ['forecast', period, metric, horizon], () => forecast(services.db, user.id, period, metric, horizon));
  });
}

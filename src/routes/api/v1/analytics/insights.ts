/** GET /analytics/insights: the stored insight records (best times, hashtags, demographics, recommendations). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { currentUser } from '../../../../http/auth.js';
import { parseInsightTypes } from '../../../../insights/parse-types.js';
import { insights } from '../../../../query/views/insights.js';
import type { Services } from '../../../../services.js';
import { errorResponses } from '../schemas/common.js';
import { InsightsQuery, InsightsResponse } from '../schemas/insight.js';
import { periodOf } from './cached.js';

export async function insightsRoute(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = {
    tags: ['analytics'],
    summary: 'Insights: best posting times, hashtags, audience, recommendations',
    description:
      'The records the insights job computed after your last sync that stored new data (not computed on request). ' +
      '`from`/`to` select the records whose validity window (generated_at to valid_until) overlaps those days; the default ' +
      '(the last 30 days) gives the current ones. `platforms` filters per-platform records; cross-platform records (platform null) are always included. ' +
      'A record without enough evidence says why in insight_data.reason and has confidence_score 0.',
    querystring: InsightsQuery,
    response: { 200: InsightsResponse, ...errorResponses(400, 401) },
  };
  app.get('/insights', { schema }, async (request) => {
    const user = currentUser(request);
    const { type, ...periodInput } = request.query;
    const types = parseInsightTypes(type);
    const period = await periodOf(services, user, periodInput);
    return insights(services.db, user.id, period, types);
  });
}

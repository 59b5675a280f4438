/** GET /analytics/roi: cost, revenue, profit and ROI per group and currency (the view: src/query/views/roi.ts). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { currentUser } from '../../../../http/auth.js';
import { roi } from '../../../../query/views/roi.js';
import type { Services } from '../../../../services.js';
import { errorResponses } from '../schemas/common.js';
import { RoiQuery, RoiResponse } from '../schemas/roi.js';
import { cached, periodOf } from './cached.js';

export async function roiRoute(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = {
    tags: ['analytics'],
    summary: 'Return on investment: ledger costs and revenue with platform-reported revenue',
    description:
      'One row per group and currency: amounts are never converted between currencies. revenue = ledger revenue + platform-reported revenue (revenue_sources). ' +
      'ROI = (revenue − cost) / cost, null when cost is 0. Views and engagement are the activity in the period (the dashboard definitions). ' +
      'Ledger entries without a platform count only when platforms is not given.',
    querystring: RoiQuery,
    response: { 200: RoiResponse, ...errorResponses(400, 401) },
  };
  app.get('/roi', { schema }, async (request, reply) => {
    const user = currentUser(request);
    const period = await periodOf(services, user, request.query);
    const by = request.query.group_by ?? 'platform';
    const named = request.query.platforms !== undefined && request.query.platforms.trim() !== '';
    return cached(services, user, reply, RoiResponse, ['roi', period, by, named], () => roi(services.db, user.id, period, by, named));
  });
}

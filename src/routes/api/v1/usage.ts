/**
 * POST /api/v1/usage: the web app says which analytics feature was used (a
 * view opened, a report downloaded, a range chosen); it is counted in
 * pulseboard_feature_usage_total{event,detail} on /metrics. Only the event
 * and a detail from a closed list are kept — nothing about who or what.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ValidationError } from '../../../errors.js';
import type { Services } from '../../../services.js';
import { USAGE_DETAILS, USAGE_EVENTS, isUsageDetail } from '../../../usage/feature-usage.js';
import { NoContent, errorResponses } from './schemas/common.js';

const detailsText = USAGE_EVENTS.map((e) => `${e}: ${USAGE_DETAILS[e].join(', ')}`).join('; ');
const allDetails = [...new Set(USAGE_EVENTS.flatMap((e) => USAGE_DETAILS[e]))];

const UsageBody = Type.Object(
  {
    event: Type.Enum(USAGE_EVENTS, { description: USAGE_EVENTS.join(', ') }),
    detail: Type.Enum(allDetails, { description: `Depends on the event — ${detailsText}` }),
  },
  { additionalProperties: false },
);

export async function usageRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '',
    {
      schema: {
        tags: ['usage'],
        summary: 'Count the use of an analytics feature',
        description: `Counted per event and detail in the Prometheus counter pulseboard_feature_usage_total on /metrics, without the user. Details per event — ${detailsText}.`,
        body: UsageBody,
        response: { 204: NoContent, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const { event, detail } = request.body;
      // The schema checks each field alone; which details go with which event is checked here.
      if (!isUsageDetail(event, detail)) throw new ValidationError('detail', `for ${event} must be one of ${USAGE_DETAILS[event].join(', ')}`);
      services.usage.count(event, detail);
      return reply.code(204).send(null);
    },
  );
}

/** POST /api/v1/live/ticket: trade the bearer token for a single-use ticket that opens the live socket. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { currentUser } from '../../../../http/auth.js';
import { liveTickets } from '../../../../realtime/tickets.js';
import type { Services } from '../../../../services.js';
import { Instant, errorResponses } from '../schemas/common.js';

const Ticket = Type.Object(
  {
    ticket: Type.String({ description: 'Opaque; open GET /api/v1/live?ticket=… with it. Works once.' }),
    expires_at: { ...Instant, description: 'The ticket opens nothing after this instant (60 s after it was made, by default)' },
  },
  { description: 'A single-use ticket for the live socket' },
);

export async function liveTicketRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tickets = liveTickets(services.db, { ttlMs: services.config.live.ticketTtlMs });
  app.post(
    '/ticket',
    {
      schema: {
        tags: ['live'],
        summary: 'A single-use ticket for the live-updates socket',
        description:
          'Browsers cannot send an Authorization header on a WebSocket, and a bearer token must never be in a URL: ' +
          'trade the token for a ticket here, then open `GET /api/v1/live?ticket=…` within its lifetime. Each ticket opens one socket; ' +
          'get a new one for every (re)connection.',
        response: { 201: Ticket, ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      const { ticket, expiresAt } = await tickets.issue(currentUser(request).id);
      return reply.code(201).send({ ticket, expires_at: expiresAt.toISOString() });
    },
  );
}

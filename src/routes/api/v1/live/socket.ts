/**
 * GET /api/v1/live?ticket=…: the live-updates WebSocket. Public as a route:
 * the ticket is the credential (routes/api/v1/live/ticket.ts), never a bearer
 * token in the URL. A bad, used or expired ticket still gets the upgrade and
 * is then closed at once with 1008 and the reason: a browser can read a close
 * reason, never the body of a refused upgrade.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { LiveEvent } from '../../../../realtime/events.js';
import { CLOSE_UNAVAILABLE, serveLiveSocket } from '../../../../realtime/live-socket.js';
import { TICKET_REFUSALS, liveTickets } from '../../../../realtime/tickets.js';
import type { Services } from '../../../../services.js';
import { ErrorBody, errorResponses } from '../schemas/common.js';

/** Policy violation: the ticket opens nothing (the reason says why). */
const CLOSE_BAD_TICKET = 1008;

const Upgraded = {
  ...LiveEvent,
  description:
    'Switching Protocols: the connection is a WebSocket. The server sends JSON text frames, one event each (this schema), and reads nothing. ' +
    'The first `heartbeat` means the socket is subscribed: refetch what is on screen then, and again after any reconnect. ' +
    'Close codes: 1008 the ticket is unknown, used or expired (the reason says which; get a new ticket); ' +
    '1013 the client did not keep up (reconnect and refetch); 1011 live updates are unavailable (retry with backoff); 1001 the server is stopping.',
};

export async function liveSocketRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tickets = liveTickets(services.db, { ttlMs: services.config.live.ticketTtlMs });
  const { heartbeatMs, maxBufferedBytes } = services.config.live;

  app.route({
    method: 'GET',
    url: '',
    config: { public: true },
    schema: {
      tags: ['live'],
      summary: 'Open the live-updates WebSocket with a ticket',
      description:
        'Send a WebSocket upgrade (`new WebSocket("wss://…/api/v1/live?ticket=…")`) with a ticket from `POST /api/v1/live/ticket`. ' +
        'Events say what to refetch (`data.updated`: platforms and UTC days; `sync.status`; `alert`) and never carry figures; a `heartbeat` comes every 25 s by default.',
      security: [],
      querystring: Type.Object(
        { ticket: Type.String({ minLength: 1, maxLength: 200, description: 'From POST /api/v1/live/ticket; works once, within its lifetime' }) },
        { additionalProperties: false },
      ),
      response: {
        101: Upgraded,
        ...errorResponses(400),
        426: { ...ErrorBody, description: 'Upgrade Required: this URL only answers a WebSocket upgrade' },
      },
    },
    handler: async (_request, reply) =>
      reply
        .code(426)
        .header('upgrade', 'websocket')
        .send({ error: { code: 'upgrade_required', message: 'This URL opens a WebSocket: send an upgrade request (new WebSocket(url) in a browser)' } }),
    wsHandler: async (socket, request) => {
      let redeemed: Awaited<ReturnType<typeof tickets.redeem>>;
      try {
        redeemed = await tickets.redeem(request.query.ticket);
      } catch (err) {
        request.log.error({ err }, 'could not check a live ticket');
        socket.close(CLOSE_UNAVAILABLE, 'live updates are unavailable right now; try again shortly');
        return;
      }
      if ('refused' in redeemed) {
        socket.close(CLOSE_BAD_TICKET, TICKET_REFUSALS[redeemed.refused]);
        return;
      }
      await serveLiveSocket(socket, redeemed.userId, services.events, { heartbeatMs, maxBufferedBytes, log: request.log });
    },
  });
}

/**
 * Everything under /api/v1/live: the ticket (POST /ticket) and the socket
 * (GET /?ticket=…). @fastify/websocket is registered here, inside this
 * prefix's context: its upgrade handling concerns these routes only.
 */
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../../services.js';
import { liveSocketRoutes } from './socket.js';
import { liveTicketRoutes } from './ticket.js';

export async function livePrefix(app: FastifyInstance, { services }: { services: Services }) {
  // The server only talks: a client frame is never read, so none may be large.
  await app.register(websocket, { options: { maxPayload: 4096 } });
  await app.register(liveTicketRoutes, { services });
  await app.register(liveSocketRoutes, { services });
}

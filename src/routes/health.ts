/** Liveness and readiness. */
import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../db/repositories/health.js';
import type { Services } from '../services.js';

export async function healthRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    try {
      await pingDatabase(services.db);
      return { status: 'ready', database: services.db.engine };
    } catch {
      return reply.status(503).send({ error: { code: 'not_ready', message: 'database unreachable' } });
    }
  });
}

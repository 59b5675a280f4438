/** The user's own data: export everything, or delete everything. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { exportUser } from '../../../../db/repositories/export.js';
import { deleteUser } from '../../../../db/repositories/users.js';
import { currentUser } from '../../../../http/auth.js';
import type { Services } from '../../../../services.js';

export async function meRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get('', { schema: { tags: ['me'], summary: 'The signed-in user' } }, async (request) => {
    const user = currentUser(request);
    return { user: { id: user.id, email: user.email, timezone: user.timezone, created_at: user.created_at } };
  });

  app.get('/export', { schema: { tags: ['me'], summary: 'All of your data, as JSON', response: { 200: Type.Object({}, { additionalProperties: true }) } } }, async (request, reply) => {
    const user = currentUser(request);
    reply.header('content-disposition', `attachment; filename="pulseboard-export-${user.id}.json"`);
    return exportUser(services.db, user.id);
  });

  app.delete('', { schema: { tags: ['me'], summary: 'Delete your account and all of its data' } }, async (request, reply) => {
    const user = currentUser(request);
    await deleteUser(services.db, user.id);
    await services.cache.invalidateUser(user.id);
    return reply.status(204).send();
  });
}

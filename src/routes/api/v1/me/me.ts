/** The user's own data: who they are, export everything, or delete everything. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { exportUser } from '../../../../db/repositories/export.js';
import { deleteUser } from '../../../../db/repositories/users.js';
import { currentUser } from '../../../../http/auth.js';
import { revokeAllSessions } from '../../../../auth/sessions.js';
import type { Services } from '../../../../services.js';
import { NoContent, errorResponses } from '../schemas/common.js';
import { UserExport } from '../schemas/me-export.js';
import { Me } from '../schemas/user.js';

export async function meRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['me'];

  app.get('', { schema: { tags, summary: 'The signed-in user', response: { 200: Me, ...errorResponses(401) } } }, async (request) => {
    const user = currentUser(request);
    return { user: { id: user.id, email: user.email, timezone: user.timezone, created_at: user.created_at.toISOString() } };
  });

  app.get(
    '/export',
    { schema: { tags, summary: 'All of your data, as JSON (a download)', response: { 200: UserExport, ...errorResponses(401) } } },
    async (request, reply) => {
      const user = currentUser(request);
      reply.header('content-disposition', `attachment; filename="pulseboard-export-${user.id}.json"`);
      return exportUser(services.db, user.id);
    },
  );

  app.delete(
    '/sessions',
    {
      schema: {
        tags,
        summary: 'Sign out everywhere: revoke every token issued to you so far',
        description: 'Every token issued before this request, this one included, is refused from now on (401). Sign in again for a new one.',
        response: { 204: NoContent, ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      await revokeAllSessions(services.db, services.cache, user.id);
      return reply.status(204).send(null);
    },
  );

  app.delete('', { schema: { tags, summary: 'Delete your account and all of its data', response: { 204: NoContent, ...errorResponses(401) } } }, async (request, reply) => {
    const user = currentUser(request);
    await deleteUser(services.db, user.id);
    await services.cache.invalidateUser(user.id);
    return reply.status(204).send(null);
  });
}

/** The user's own data: who they are, their time zone, export everything, or delete everything. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { isValidTimeZone } from '../../../../analytics/period.js';
import { exportUser } from '../../../../db/repositories/export.js';
import { publicIdsOf } from '../../../../db/repositories/public-ids.js';
import { deleteUser, findUser } from '../../../../db/repositories/users.js';
import { changeOwnZone } from '../../../../db/repositories/zones.js';
import { NotFoundError, ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import { revokeAllSessions } from '../../../../auth/sessions.js';
import type { Services } from '../../../../services.js';
import { NoContent, errorResponses } from '../schemas/common.js';
import { UserExport } from '../schemas/me-export.js';
import { Me } from '../schemas/user.js';

const MeChange = Type.Object(
  { timezone: Type.String({ maxLength: 64, description: 'IANA time zone for your day boundaries, e.g. Europe/Berlin' }) },
  { additionalProperties: false },
);

export async function meRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['me'];

  app.get('', { schema: { tags, summary: 'The signed-in user', response: { 200: Me, ...errorResponses(401) } } }, async (request) => {
    const user = currentUser(request);
    return { user: { id: user.id, email: user.email, timezone: user.timezone, created_at: user.created_at.toISOString() } };
  });

  app.patch(
    '',
    {
      schema: {
        tags,
        summary: 'Change your time zone (your day boundaries, presets and report periods)',
        description: 'Daily figures are rebuilt in the new zone before this answers, so the next request already counts days there.',
        body: MeChange,
        response: { 200: Me, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { timezone } = request.body;
      if (!isValidTimeZone(timezone)) throw new ValidationError('timezone', `unknown time zone "${timezone}"; use an IANA name such as Europe/Berlin`);
      await changeOwnZone(services.db, user.id, timezone);
      // The session cache holds the user row (with its zone) and cached figures are per zone.
      await services.cache.invalidateUser(user.id);
      const row = await findUser(services.db, user.id);
      if (!row) throw new NotFoundError('User');
      return { user: { id: row.id, email: row.email, timezone: row.timezone, created_at: row.created_at.toISOString() } };
    },
  );

  app.get(
    '/export',
    { schema: { tags, summary: 'All of your data, as JSON (a download)', response: { 200: UserExport, ...errorResponses(401) } } },
    async (request, reply) => {
      const user = currentUser(request);
      // The file is named by the user's public id: the API never shows the database key.
      const publicId = (await publicIdsOf(services.db, 'user', [user.id])).get(user.id);
      reply.header('content-disposition', `attachment; filename="pulseboard-export-${publicId}.json"`);
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

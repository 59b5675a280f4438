/** Everything under /api/v1/accounts: connected accounts, and connecting them with OAuth (/oauth). */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../../services.js';
import { accountRoutes } from './accounts.js';
import { oauthRoutes } from './oauth.js';

export async function accountsPrefix(app: FastifyInstance, { services }: { services: Services }) {
  await app.register(accountRoutes, { services });
  await app.register(oauthRoutes, { prefix: '/oauth', services });
}

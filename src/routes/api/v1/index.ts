/**
 * The v1 API. A folder under routes/ is its URL prefix: routes/api/v1/analytics/
 * answers /api/v1/analytics/…, and a file named like a prefix (auth.ts) answers
 * /api/v1/auth/…. Each folder's index.ts registers what is inside it.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services.js';
import { accountsPrefix } from './accounts/index.js';
import { analyticsPrefix } from './analytics/index.js';
import { authRoutes } from './auth.js';
import { contentPrefix } from './content/index.js';
import { ledgerRoutes } from './ledger.js';
import { livePrefix } from './live/index.js';
import { mePrefix } from './me/index.js';
import { sharedRoutes } from './shared.js';
import { usageRoutes } from './usage.js';
import { webhookRoutes } from './webhooks.js';

export async function apiV1(app: FastifyInstance, { services }: { services: Services }) {
  await app.register(authRoutes, { prefix: '/auth', services });
  await app.register(mePrefix, { prefix: '/me', services });
  await app.register(accountsPrefix, { prefix: '/accounts', services });
  await app.register(analyticsPrefix, { prefix: '/analytics', services });
  await app.register(contentPrefix, { prefix: '/content', services });
  await app.register(ledgerRoutes, { prefix: '/ledger', services });
  await app.register(sharedRoutes, { prefix: '/shared', services });
  await app.register(livePrefix, { prefix: '/live', services });
  await app.register(usageRoutes, { prefix: '/usage', services });
  // Its own content-type parser (raw bodies for signatures) stays inside this plugin.
  await app.register(webhookRoutes, { prefix: '/webhooks', services });
}

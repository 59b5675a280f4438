/** Everything under /api/v1/me: the signed-in user, their data, their report brand (/brand) and alert settings (/alert-settings). */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../../services.js';
import { alertSettingsRoutes } from './alert-settings.js';
import { brandRoutes } from './brand.js';
import { meRoutes } from './me.js';

export async function mePrefix(app: FastifyInstance, { services }: { services: Services }) {
  await app.register(meRoutes, { services });
  await app.register(brandRoutes, { services });
  await app.register(alertSettingsRoutes, { services });
}

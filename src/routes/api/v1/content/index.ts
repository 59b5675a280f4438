/** Everything under /api/v1/content: the content library (items.ts) and its suggestions (suggestions.ts). */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../../services.js';
import { contentItemRoutes } from './items.js';
import { contentSuggestionRoutes } from './suggestions.js';

export async function contentPrefix(app: FastifyInstance, { services }: { services: Services }) {
  await app.register(contentItemRoutes, { services });
  await app.register(contentSuggestionRoutes, { services });
}

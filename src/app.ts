/**
 * buildApp(): every plugin and route, one error handler; never listens, so
 * tests call it through app.inject() without a port.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import rateLimit from '@fastify/rate-limit';
import type { Registry } from 'prom-client';
import type { Services } from './services.js';
import { frameworkErrors, installErrorHandling } from './http/errors.js';
import { installAuth } from './http/auth.js';
import { installPublicIds } from './http/public-ids.js';
import { ENTITY_KEYWORD } from './ids/entity-id.js';
import { validatorFactory } from './http/validation.js';
import { healthRoutes } from './routes/health.js';
import { apiV1 } from './routes/api/v1/index.js';
import { metricsRoutes } from './routes/metrics.js';
import { webRoutes } from './http/web.js';

export interface AppOptions {
  /** Pino logger options, or false for none (tests). */
  logger?: boolean | object;
  /** Prometheus registry served at /metrics. */
  metrics?: Registry;
  /** The built dashboard (dist/web) to serve at /; none in API-only tests. */
  webRoot?: string;
}

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 10 * 1024 * 1024,
    // x-entity marks an id field (src/ids/entity-id.ts): a note for src/http/public-ids.ts, not a rule to check.
    ajv: { customOptions: { removeAdditional: false, keywords: [ENTITY_KEYWORD] } },
    // Query and path text is coerced to the schema's types; JSON bodies are not (src/http/validation.ts).
    schemaController: { compilersFactory: { buildValidator: validatorFactory() } },
    // A URL the router cannot read gets the one error body too (src/http/errors.ts).
    frameworkErrors,
  });
  installErrorHandling(app);
  installAuth(app, services);
  installPublicIds(app, services);

  await app.register(rateLimit, { global: false, hook: 'preHandler' });
  await app.register(swagger, {
    openapi: {
      // 3.1: its Schema Objects are JSON Schema 2020-12, where the routes' nullable values
      // (anyOf [T, {type: 'null'}]) are valid as written; 3.0 has no `null` type.
      openapi: '3.1.0',
      info: { title: 'Pulseboard API', version: '1', description: 'Self-hosted social media analytics. Every operation with a lock needs `Authorization: Bearer <token>` (from register or login); register, login, the OAuth callback, share links and webhooks are public.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  // The browsable docs are public: every route the UI plugin registers in this context gets the flag.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), public: true };
    });
    await docs.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes, { services });
  await app.register(apiV1, { prefix: '/api/v1', services });
  if (options.metrics) await app.register(metricsRoutes, { registry: options.metrics });
  if (options.webRoot) await app.register(webRoutes, { root: options.webRoot });
  return app;
}

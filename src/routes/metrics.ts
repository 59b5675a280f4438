/** GET /metrics: Prometheus text format. Public like /healthz: it carries no user data. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { Type } from 'typebox';

/**
 * The exposition is text, sent as prom-client renders it (no serializer
 * touches a string with a non-JSON content type); the schema says so, and
 * lets the type provider check the handler returns that text.
 */
const Exposition = {
  description: 'Prometheus text exposition format 0.0.4',
  content: { 'text/plain': { schema: Type.String({ description: 'One "# HELP", "# TYPE" and sample lines per metric' }) } },
};

export async function metricsRoutes(fastify: FastifyInstance, { registry }: { registry: Registry }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Hidden from the API document: an operations endpoint for a scraper, not part of the API.
  app.get('/metrics', { config: { public: true }, schema: { hide: true, response: { 200: Exposition } } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}

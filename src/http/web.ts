/**
 * Serves the built dashboard (dist/web) from the API's own origin: hashed
 * assets are cached for a year and sent compressed when the browser accepts
 * it, index.html never cached, and every other GET that
 * is not an API path gets index.html so that /content/123 opened from a
 * bookmark reaches the page's router. API paths that do not exist keep the
 * API's JSON 404.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Paths the API owns: a miss there is the API's 404, never the page. */
const API_PREFIXES = ['/api/', '/healthz', '/readyz', '/metrics'];

/**
 * The page talks only to its own origin (fetch and the live WebSocket);
 * ECharts sets inline style attributes, hence style-src 'unsafe-inline'.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data: https:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function sendIndex(reply: FastifyReply) {
  return reply.header('cache-control', 'no-cache').header('content-security-policy', CONTENT_SECURITY_POLICY).sendFile('index.html');
}

export async function webRoutes(app: FastifyInstance, { root }: { root: string }) {
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ root }, 'the dashboard is not built: run npm run build:web (npm start builds it)');
    return;
  }
  // The page and its assets need no token (the page signs in by itself): every route of this
  // plugin's context is public, including the one route per file that fastify-static adds.
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), public: true };
  });
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    // Vite names assets by their content hash: a changed file gets a new name.
    setHeaders(reply, path) {
      if (path.startsWith(join(root, 'assets'))) reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
    cacheControl: false,
    // The build writes a .br and a .gz beside each script and stylesheet (web/vite.config.ts):
    // sent to a browser that accepts them, the plain file to any other (Vary: accept-encoding).
    preCompressed: true,
  });
  const page = { config: { public: true }, schema: { hide: true } };
  app.get('/', page, (_request, reply) => sendIndex(reply));
  app.get('/*', page, (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // An asset built after the server started (npm run build:web beside a running server) has no
    // route of its own yet: served from the directory as it is now (send refuses paths outside it).
    if (path.startsWith('/assets/')) return reply.sendFile(decodeURIComponent(path.slice(1)));
    const wantsPage = (request.headers.accept ?? '').includes('text/html');
    if (API_PREFIXES.some((prefix) => path.startsWith(prefix)) || !wantsPage) return reply.callNotFound();
    return sendIndex(reply);
  });
}

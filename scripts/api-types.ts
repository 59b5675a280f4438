/**
 * npm run api:types: writes web/src/api/schema.d.ts, the TypeScript types of
 * the OpenAPI document the API serves, for the dashboard's openapi-fetch client.
 * test/openapi-types.test.ts regenerates them in memory and fails when the
 * committed file differs, so the client's types cannot drift from the routes.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { COMMENT_HEADER, astToString, type OpenAPI3 } from 'openapi-typescript';
import { buildApp } from '../src/app.js';
import { tokenService } from '../src/auth/tokens.js';
import { memoryCache } from '../src/cache/cache.js';
import { loadConfig } from '../src/config.js';
import { openDb } from '../src/db/client.js';
import { createServices } from '../src/services.js';

export const SCHEMA_TYPES_FILE = fileURLToPath(new URL('../web/src/api/schema.d.ts', import.meta.url));

/**
 * The document exactly as GET /api/openapi.json serves it. The app is built on
 * a real in-memory PGlite; building routes runs no query, so it is not migrated.
 * The configuration is fixed here (not read from the environment), so the
 * document does not depend on who runs the script.
 */
export async function buildOpenApiDocument(): Promise<OpenAPI3> {
  const config = loadConfig({ APP_SECRET: 'api-types-'.padEnd(40, 'x'), DATA_DIR: '/tmp/pulseboard-api-types-unused', LOG_LEVEL: 'silent' });
  const db = await openDb({ databaseUrl: null, pgliteDir: null });
  const cache = memoryCache(60);
  try {
    const app = await buildApp(createServices({ config, db, cache, tokens: tokenService(config.appSecret, 3600) }));
    try {
      await app.ready();
      const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      if (res.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${res.statusCode}`);
      return res.json() as OpenAPI3;
    } finally {
      await app.close();
    }
  } finally {
    await cache.close();
    await db.close();
  }
}

/** The file's text: the same document always gives the same bytes (no dates, no paths). */
export async function renderApiTypes(doc: OpenAPI3): Promise<string> {
  // structuredClone: openapi-typescript annotates the object it is given.
  const ast = await openapiTS(structuredClone(doc), { silent: true });
  return `${COMMENT_HEADER}// Source: GET /api/openapi.json (OpenAPI ${doc.openapi}). Regenerate with: npm run api:types\n\n${astToString(ast)}`;
}

export async function generateApiTypes(): Promise<string> {
  return renderApiTypes(await buildOpenApiDocument());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = await generateApiTypes();
  await mkdir(dirname(SCHEMA_TYPES_FILE), { recursive: true });
  await writeFile(SCHEMA_TYPES_FILE, text);
  console.log(`wrote ${SCHEMA_TYPES_FILE} (${text.length} bytes)`);
}

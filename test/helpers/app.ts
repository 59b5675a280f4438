/** The whole app on a fresh test database, driven through app.inject(). */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { tokenService } from '../../src/auth/tokens.js';
import { memoryCache, redisCache } from '../../src/cache/cache.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import type { Ingest } from '../../src/ingest/create-ingest.js';
import { appIngest, createServices, type Services, type SyncServices } from '../../src/services.js';
import { inProcessBus, type EventBus } from '../../src/realtime/bus.js';
import { featureUsage } from '../../src/usage/feature-usage.js';
import type { Registry } from 'prom-client';
import { installConformance } from './conformance.js';
import { createTestDb, type TestDb } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  t: TestDb;
  close(): Promise<void>;
}

export const testCacheKind = process.env.TEST_REDIS_URL ? 'redis' : 'memory';

export interface TestAppOptions {
  /** Builds the sync stack on the app's store and ingest, before the services (test/helpers/sync.ts). */
  sync?: (core: { db: Db; ingest: Ingest; events: EventBus }) => SyncServices;
  /** The live-updates bus (default: in-process); the app's ingest publishes on it. */
  events?: EventBus;
  /** Serve /metrics from this registry, with the feature-usage counter on it. */
  metrics?: Registry;
  /** Serve a built dashboard from this directory (src/http/web.ts). */
  webRoot?: string;
  /** Run on this database instead of a fresh one (closed with the app). */
  db?: TestDb;
}

/** `env`: configuration variables on top of the test defaults (e.g. SMTP_URL). */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const t = options.db ?? (await createTestDb());
  const config = loadConfig({ APP_SECRET: randomBytes(32).toString('hex'), DATA_DIR: '/tmp/pulseboard-test-unused', ...env });
  const cache = process.env.TEST_REDIS_URL
    ? redisCache(process.env.TEST_REDIS_URL, 60, `pbtest:${randomBytes(4).toString('hex')}`)
    : memoryCache(60);
  const events = options.events ?? inProcessBus();
  const ingest = appIngest(t.db, cache, events);
  const sync = options.sync?.({ db: t.db, ingest, events }) ?? null;
  const services = createServices({ config, db: t.db, cache, tokens: tokenService(config.appSecret, 3600), ingest, sync, events, ...(options.metrics ? { usage: featureUsage(options.metrics) } : {}) });
  const app = await buildApp(services, { ...(options.metrics ? { metrics: options.metrics } : {}), ...(options.webRoot ? { webRoot: options.webRoot } : {}) });
  // Every response is checked against the OpenAPI document (hooks must be in before ready()).
  const conformance = installConformance(app);
  await app.ready();
  return {
    app,
    services,
    t,
    async close() {
      await app.close();
      await cache.close();
      await events.close();
      await t.close();
      // After cleanup, so a non-conforming response fails the file without leaking its database.
      conformance.assertConforming();
    },
  };
}

let n = 0;
/**
 * Registers a user through the API. `id` is the user's database key (for
 * planting rows with the repositories), read from the token's subject;
 * `publicId` is the id the API shows (a UUID).
 */
export async function register(app: FastifyInstance, timezone?: string): Promise<{ id: number; publicId: string; auth: { authorization: string } }> {
  n += 1;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email: `u${n}-${randomBytes(3).toString('hex')}@example.test`, password: 'a long enough password', ...(timezone ? { timezone } : {}) },
  });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { user: { id: string }; token: string };
  const claims = JSON.parse(Buffer.from(body.token.split('.')[1]!, 'base64url').toString()) as { sub: string };
  return { id: Number(claims.sub), publicId: body.user.id, auth: { authorization: `Bearer ${body.token}` } };
}

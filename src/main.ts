/**
 * Process entry: load config, open the store, build the app, listen, and shut
 * down gracefully on SIGINT/SIGTERM (finish in-flight requests, close the store).
 */
import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from './app.js';
import { tokenService } from './auth/tokens.js';
import { memoryCache, redisCache } from './cache/cache.js';
import { ConfigError, loadConfig } from './config.js';
import { openDb } from './db/client.js';
import { migrate } from './db/migrate.js';
import { loggerOptions } from './logger.js';
import { createServices } from './services.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = pino(loggerOptions(config.logLevel));
  const db = await openDb({ databaseUrl: config.databaseUrl, pgliteDir: config.databaseUrl ? null : join(config.dataDir, 'pglite') });
  const applied = await migrate(db);
  log.info({ engine: db.engine, migrations: applied }, 'database ready');
  const cache = config.redisUrl ? redisCache(config.redisUrl, config.cacheTtlSeconds) : memoryCache(config.cacheTtlSeconds);
  const services = createServices(config, db, cache, tokenService(config.appSecret, config.tokenTtlSeconds));
  const app = await buildApp(services, { logger: loggerOptions(config.logLevel) });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000).unref();
    await app.close();
    await cache.close();
    await db.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  log.info(`Pulseboard is listening on http://${config.host}:${config.port} (API docs: /api/docs)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

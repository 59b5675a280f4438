/**
 * The server under test, in a process of its own so that its memory is
 * measured apart from the benchmark's loader and HTTP client:
 *
 *   node --import tsx bench/reports/server.ts        (spawned by bench/reports.ts)
 *
 * Env: DATABASE_URL (the benchmark's database, already migrated and loaded),
 * APP_SECRET, plus anything loadConfig reads (REPORT_TIMEOUT_MS, EXPORT_ROW_LIMIT…).
 * It opens the store and builds the real app exactly like `npm start` does for
 * the API (createServices + buildApp; no job worker, no logger), listens on
 * 127.0.0.1:0 and tells the parent its port over IPC. The parent asks for
 * {type:'usage'} (heap, RSS, CPU time, maxRSS) and sends {type:'stop'} at the end.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { tokenService } from '../../src/auth/tokens.js';
import { memoryCache } from '../../src/cache/cache.js';
import { loadConfig } from '../../src/config.js';
import { openDb } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { createServices } from '../../src/services.js';
import type { ServerMessage, ParentMessage } from './protocol.js';

function send(message: ServerMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('server.ts is started by bench/reports.ts with an IPC channel');
  const config = loadConfig({
    ...process.env,
    APP_SECRET: process.env.APP_SECRET || randomBytes(32).toString('hex'),
    DATA_DIR: process.env.DATA_DIR || join(tmpdir(), 'pulseboard-bench-reports-unused'),
    LOG_LEVEL: process.env.LOG_LEVEL || 'silent',
  });
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required');
  const db = await openDb({ databaseUrl: config.databaseUrl, pgliteDir: null });
  await migrate(db);
  const cache = memoryCache(config.cacheTtlSeconds);
  const services = createServices({ config, db, cache, tokens: tokenService(config.appSecret, config.tokenTtlSeconds) });
  const app = await buildApp(services);
  await app.listen({ port: 0, host: '127.0.0.1' });

  const stop = async () => {
    await app.close().catch(() => undefined);
    await cache.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('message', (raw) => {
    const message = raw as ParentMessage;
    if (message.type === 'usage') {
      const mem = process.memoryUsage();
      const res = process.resourceUsage();
      send({
        type: 'usage',
        id: message.id,
        rssMb: mem.rss / 1048576,
        heapUsedMb: mem.heapUsed / 1048576,
        heapTotalMb: mem.heapTotal / 1048576,
        externalMb: mem.external / 1048576,
        arrayBuffersMb: mem.arrayBuffers / 1048576,
        maxRssMb: res.maxRSS / 1024,
        cpuUserMs: res.userCPUTime / 1000,
        cpuSystemMs: res.systemCPUTime / 1000,
      });
    } else if (message.type === 'stop') {
      void stop();
    }
  });
  process.on('disconnect', () => void stop());
  send({ type: 'ready', port: (app.server.address() as AddressInfo).port, pid: process.pid });
}

main().catch((err: unknown) => {
  process.stderr.write(`[reports server] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

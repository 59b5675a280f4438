/**
 * `npm run worker`: a process that only runs jobs (syncs, report schedules,
 * retention), sharing queue, locks and budgets with every other process
 * through Redis. Without REDIS_URL there is nothing to share: `npm start`
 * already runs the jobs in-process.
 */
import pino from 'pino';
import { loggerOptions } from './logger.js';
import { loadConfigOrExit, openStore } from './process.js';
import { createRuntime } from './runtime.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = pino(loggerOptions(config.logLevel));
  if (!config.redisUrl) {
    console.error('npm run worker needs REDIS_URL: workers share their jobs through Redis. Without it, npm start runs the jobs itself.');
    process.exit(2);
  }
  if (config.platforms.demo) {
    console.error('The demo simulator lives inside the npm start process; start extra workers with DEMO=false against real platform credentials.');
    process.exit(2);
  }
  const db = await openStore(config, log);
  const runtime = await createRuntime(config, db, { log, work: true });
  log.info({ concurrency: config.platforms.syncConcurrency }, 'worker taking jobs');
  const shutdown = async () => {
    await runtime.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

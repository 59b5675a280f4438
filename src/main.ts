/**
 * Process entry for `npm start`: load config, open the store, build the
 * runtime (API + worker), listen, and shut down gracefully on SIGINT/SIGTERM
 * (stop taking jobs, finish in-flight requests, close the store).
 */
import pino from 'pino';
import { buildApp } from './app.js';
import { DEMO_CLIENT, seedDemo, signInCommand, startDemoSimulator, type Demo } from './demo.js';
import { openStore, loadConfigOrExit } from './process.js';
import { loggerOptions } from './logger.js';
import { createRuntime } from './runtime.js';
import { ensureWebBuild, WEB_OUT } from './web-build.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = pino(loggerOptions(config.logLevel));
  await ensureWebBuild(log);
  const db = await openStore(config, log);
  const demo: Demo | null = config.platforms.demo ? await startDemoSimulator(config.dataDir, config.platforms.budgets) : null;
  const runtime = await createRuntime(config, db, {
    log,
    work: true,
    ...(demo ? { connectors: { origin: demo.origin, credentials: DEMO_CLIENT } } : {}),
  });
  const app = await buildApp(runtime.services, { logger: loggerOptions(config.logLevel), metrics: runtime.metrics.registry, webRoot: WEB_OUT });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 15_000).unref();
    await app.close();
    await runtime.close();
    await demo?.simulator.close();
    await db.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  // The address actually bound (PORT=0 picks a free port).
  const base = await app.listen({ port: config.port, host: config.host });
  log.info(`Pulseboard is listening on ${base}: open it in a browser for the dashboard (API docs: ${base}/api/docs)`);
  if (demo) {
    const signIn = await seedDemo(runtime, demo, config.dataDir);
    log.info(`Demo mode (no platform credentials configured; DEMO=false turns it off): a simulator at ${demo.origin} plays YouTube, TikTok, Instagram and X.`);
    // Plain lines on stdout, outside the JSON log: the command must paste into a shell as it is.
    process.stdout.write(`\nDemo sign-in (paste into a shell; the token in the answer is your bearer token):\n${signInCommand(base, signIn)}\n\n`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

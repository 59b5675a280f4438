/**
 * Pulseboard as one process runs it: the store, the demo simulator when no
 * platform is configured, the runtime (API + worker), the built dashboard,
 * listening. `npm start` (main.ts) adds signals and the printed sign-in; the
 * web benchmark starts the same thing in its own process.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { DEMO_CLIENT, seedDemo, withDemoCredentials, startDemoSimulator, type Demo } from './demo.js';
import { loggerOptions } from './logger.js';
import { openStore } from './process.js';
import { createRuntime, type Runtime } from './runtime.js';
import { ensureWebBuild, WEB_OUT } from './web-build.js';

export interface RunningPulseboard {
  base: string;
  app: FastifyInstance;
  runtime: Runtime;
  demo: Demo | null;
  /** The demo user's sign-in, in demo mode. */
  signIn: { email: string; password: string } | null;
  close(): Promise<void>;
}

export async function startPulseboard(configured: Config, log: Logger, options: { httpLog?: boolean } = {}): Promise<RunningPulseboard> {
  await ensureWebBuild(log);
  const db = await openStore(configured, log);
  const demo: Demo | null = configured.platforms.demo ? await startDemoSimulator(configured.dataDir, configured.platforms.budgets) : null;
  // In demo mode every platform is "configured" with the client the simulator registers, so Connect works.
  const config = demo ? withDemoCredentials(configured) : configured;
  const runtime = await createRuntime(config, db, {
    log,
    work: true,
    ...(demo ? { connectors: { origin: demo.origin, credentials: DEMO_CLIENT } } : {}),
  });
  const app = await buildApp(runtime.services, {
    logger: options.httpLog === false ? false : loggerOptions(config.logLevel),
    metrics: runtime.metrics.registry,
    webRoot: WEB_OUT,
  });
  // The address actually bound (PORT=0 picks a free port).
  const base = await app.listen({ port: config.port, host: config.host });
  log.info(`Pulseboard is listening on ${base}: open it in a browser for the dashboard (API docs: ${base}/api/docs)`);
  const signIn = demo ? await seedDemo(runtime, demo, config.dataDir) : null;
  if (demo) log.info(`Demo mode (no platform credentials configured; DEMO=false turns it off): a simulator at ${demo.origin} plays YouTube, TikTok, Instagram and X.`);
  return {
    base,
    app,
    runtime,
    demo,
    signIn,
    async close() {
      await app.close();
      await runtime.close();
      await demo?.simulator.close();
      await db.close();
    },
  };
}

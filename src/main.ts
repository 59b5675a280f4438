/**
 * Process entry for `npm start`: load config, start Pulseboard (server.ts:
 * store, runtime with API + worker, dashboard, demo when no platform is
 * configured), and shut down gracefully on SIGINT/SIGTERM (stop taking jobs,
 * finish in-flight requests, close the store).
 */
import pino from 'pino';
import { signInCommand } from './demo.js';
import { loadConfigOrExit } from './process.js';
import { loggerOptions } from './logger.js';
import { startPulseboard } from './server.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = pino(loggerOptions(config.logLevel));
  const running = await startPulseboard(config, log);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 15_000).unref();
    await running.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (running.signIn) {
    // Plain lines on stdout, outside the JSON log: the command must paste into a shell as it is.
    process.stdout.write(
      `\nDemo sign-in: open ${running.base} and sign in as ${running.signIn.email} with the password ${running.signIn.password}\n` +
        `or, for the API (paste into a shell; the token in the answer is your bearer token):\n${signInCommand(running.base, running.signIn)}\n\n`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

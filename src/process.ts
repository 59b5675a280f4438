/** Start-up steps shared by the API process and the worker process. */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDb, type Db } from './db/client.js';
import { migrate } from './db/migrate.js';

/** Loads the configuration, or stops the process with the message naming the variable. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

export async function openStore(config: Config, log: Logger): Promise<Db> {
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.databaseUrl ? null : join(config.dataDir, 'pglite'),
    onIdleError: (err) => log.warn({ err: err.message }, 'database closed an idle connection'),
  });
  const applied = await migrate(db);
  log.info({ engine: db.engine, migrations: applied }, 'database ready');
  return db;
}

/** Start-up steps shared by the API process and the worker process. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createOwnerOnly, restrictTree } from './data-dir.js';
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

/**
 * Opens the database. First DATA_DIR is made owner-only (src/data-dir.ts):
 * the process umask, and the modes of what is already there; then, once
 * PGlite is open, the files its initdb wrote with modes of its own.
 */
export async function openStore(config: Config, log: Logger): Promise<Db> {
  createOwnerOnly();
  let restricted = existsSync(config.dataDir) ? restrictTree(config.dataDir) : 0;
  const pgliteDir = config.databaseUrl ? null : join(config.dataDir, 'pglite');
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    pgliteDir,
    onIdleError: (err) => log.warn({ err: err.message }, 'database closed an idle connection'),
  });
  if (pgliteDir) restricted += restrictTree(pgliteDir);
  if (restricted > 0) log.info({ dataDir: config.dataDir, files: restricted }, 'made files in DATA_DIR owner-only');
  const applied = await migrate(db);
  log.info({ engine: db.engine, migrations: applied }, 'database ready');
  return db;
}

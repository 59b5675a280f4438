/**
 * npm run backup -- FILE [--force]
 *
 * Writes the whole database to FILE: with DATABASE_URL set, pg_dump's custom
 * format; otherwise the embedded PGlite's data directory (DATA_DIR/pglite) as
 * PGlite dumps it. Stop Pulseboard first when it runs on PGlite (one process's
 * database). An existing FILE is not overwritten unless --force; --force also
 * backs up a PGlite directory left marked open by a process that stopped abnormally.
 * The backup holds no APP_SECRET: keep it (or DATA_DIR/app-secret) with the file,
 * or connected accounts must sign in to their platforms again after a restore.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError, backupPglite, backupPostgres, describeContents, fileSize } from '../src/db/backup.js';
import { loadConfigOrExit } from '../src/process.js';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { force: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length !== 1) throw new BackupError('usage: npm run backup -- FILE [--force]');
  const file = resolve(positionals[0]!);
  if (existsSync(file) && !values.force) throw new BackupError(`${file} exists; choose another name or run again with --force to overwrite it`);
  const config = loadConfigOrExit();
  const started = performance.now();
  const source = config.databaseUrl ? `PostgreSQL database ${new URL(config.databaseUrl).pathname.slice(1)} at ${new URL(config.databaseUrl).host}` : `PGlite in ${join(config.dataDir, 'pglite')}`;
  const held = config.databaseUrl ? await backupPostgres(config.databaseUrl, file) : await backupPglite(join(config.dataDir, 'pglite'), file, { force: values.force });
  const format = config.databaseUrl ? 'pg_dump custom format' : 'PGlite data directory dump, gzipped tar';
  console.log(`Backed up ${source} to ${file} (${format}, ${fileSize(file)} bytes, ${((performance.now() - started) / 1000).toFixed(1)} s): ${describeContents(held)}.`);
}

main().catch((err) => {
  console.error(err instanceof BackupError ? `Backup failed: ${err.message}` : err);
  process.exit(1);
});

/**
 * npm run restore -- FILE [--force]
 *
 * Restores a file written by npm run backup: a pg_dump archive into the
 * PostgreSQL database of DATABASE_URL, a PGlite dump into DATA_DIR/pglite
 * (the file says which; the other engine is refused). Stop Pulseboard first.
 * The target must be empty or hold no users; --force replaces one that holds
 * users (a PGlite directory is moved aside, not deleted). The migrations then
 * run, so an older backup comes back at the current schema.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError, describeContents, restorePglite, restorePostgres } from '../src/db/backup.js';
import { loadConfigOrExit } from '../src/process.js';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { force: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length !== 1) throw new BackupError('usage: npm run restore -- FILE [--force]');
  const file = resolve(positionals[0]!);
  if (!existsSync(file)) throw new BackupError(`${file} does not exist`);
  const config = loadConfigOrExit();
  const target = config.databaseUrl ? `PostgreSQL database ${new URL(config.databaseUrl).pathname.slice(1)} at ${new URL(config.databaseUrl).host}` : `PGlite in ${join(config.dataDir, 'pglite')}`;
  const outcome = config.databaseUrl
    ? await restorePostgres(file, config.databaseUrl, { force: values.force })
    : await restorePglite(file, join(config.dataDir, 'pglite'), { force: values.force });
  if (outcome.replaced) console.log(`Replaced what the target held: ${describeContents(outcome.replaced)}.`);
  if (outcome.movedAside) console.log(`The replaced PGlite directory was moved to ${outcome.movedAside} (delete it once the restore is checked).`);
  console.log(`Restored ${file} into ${target}: ${describeContents(outcome.restored)}.`);
  console.log(outcome.migrations.length > 0 ? `Applied migrations the backup did not have: ${outcome.migrations.join(', ')}.` : 'The backup was at the current schema: no migration to apply.');
}

main().catch((err) => {
  console.error(err instanceof BackupError ? `Restore failed: ${err.message}` : err);
  process.exit(1);
});

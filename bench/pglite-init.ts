/**
 * Creates and migrates a PGlite data directory, then exits. Run as a process
 * of its own by phase.ts: initdb inside PGlite's WASM heap peaks near 0.9 GB
 * RSS, which would otherwise mask the phase's own peak (a running server
 * reopens an existing directory at ~350 MB). Usage: tsx bench/pglite-init.ts <dir>
 */
import { openDb } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: tsx bench/pglite-init.ts <dir>');
  process.exit(2);
}
const db = await openDb({ databaseUrl: null, pgliteDir: dir });
await migrate(db);
await db.close();
process.stdout.write(`${JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);

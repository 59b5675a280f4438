/**
 * A process that opens the embedded database, asks it one thing and never
 * closes it (test/db-client.test.ts): it must end by itself all the same,
 * as a script that forgets db.close() did before PGlite ran on its own thread.
 */
import { openDb } from '../../src/db/client.js';

const db = await openDb({ databaseUrl: null, pgliteDir: null });
const [row] = await db.query<{ n: number }>('SELECT 40 + 2 AS n');
console.log('answer', row?.n);

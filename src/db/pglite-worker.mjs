// @ts-check
/**
 * The embedded PGlite, run on a thread of its own (client.ts starts it).
 *
 * PGlite executes SQL in WebAssembly on the thread that calls it. On the
 * main thread every query blocked the event loop: 50 dashboards asked at
 * once took the sum of their SQL and of their JavaScript (HTTP, JSON, the
 * views), one after the other, on one of the machine's cores. Here the SQL
 * runs beside the JavaScript of the other requests.
 *
 * Plain JavaScript, not TypeScript: a worker is loaded by Node itself, which
 * runs under tsx (npm start), vitest and the bench alike only if it needs no
 * loader. It imports nothing of the app.
 *
 * Protocol (client.ts PgliteDb): each message has an `id`, answered once
 * with { id, ok: true, rows } or { id, ok: false, error }.
 *   query  { sql, params }         a statement outside any transaction
 *   begin                          opens a transaction; its id names it
 *   tx     { tx, sql, params }     a statement inside transaction `tx`
 *   copy   { tx, sql, data }       COPY … FROM '/dev/blob' inside `tx`, the bytes `data` being the file
 *   end    { tx, commit }          commits (or rolls back) `tx`
 *   close
 * PGlite runs one thing at a time and makes a query wait while a transaction
 * is open, so statements sent at once run in the order they were sent.
 */
import { Blob } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

if (!parentPort) throw new Error('pglite-worker.mjs runs as a worker thread (client.ts)');
const port = parentPort;

// As pg's type parsers in client.ts: int8 and numeric as numbers, date as 'YYYY-MM-DD'.
const PARSERS = {
  20: (/** @type {string} */ v) => Number(v),
  1700: (/** @type {string} */ v) => Number(v),
  1082: (/** @type {string} */ v) => v,
};

/** What a PostgreSQL error says, as plain data: an Error loses its own fields (code, detail…) between threads. */
function errorData(/** @type {any} */ err) {
  const data = { name: err?.name ?? 'Error', message: String(err?.message ?? err) };
  for (const key of ['code', 'detail', 'hint', 'severity', 'schema', 'table', 'column', 'constraint', 'position', 'where']) {
    if (err && err[key] !== undefined) data[key] = err[key];
  }
  return data;
}

/**
 * A transaction's statements, handed one by one to the callback PGlite runs
 * it in: `next()` waits for the next one that arrives for it.
 */
class TxChannel {
  /** @type {any[]} */ pending = [];
  /** @type {((op: any) => void) | null} */ waiting = null;
  push(/** @type {any} */ op) {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve(op);
    } else this.pending.push(op);
  }
  next() {
    const op = this.pending.shift();
    return op ? Promise.resolve(op) : new Promise((resolve) => (this.waiting = resolve));
  }
}

/** @type {Map<number, TxChannel>} */
const transactions = new Map();
const reply = (/** @type {number} */ id, /** @type {unknown[]} */ rows) => port.postMessage({ id, ok: true, rows });
const fail = (/** @type {number} */ id, /** @type {unknown} */ err) => port.postMessage({ id, ok: false, error: errorData(err) });

/**
 * Opens transaction `id` and runs the statements sent for it until its `end`.
 * The answer to `begin` says it is open; the answer to `end` comes once the
 * COMMIT (or ROLLBACK) is done.
 */
async function runTransaction(/** @type {PGlite} */ lite, /** @type {number} */ id) {
  const channel = new TxChannel();
  transactions.set(id, channel);
  /** @type {{ id: number } | null} */
  let end = null;
  try {
    await lite.transaction(async (t) => {
      reply(id, []);
      for (;;) {
        const op = await channel.next();
        if (op.op === 'end') {
          end = op;
          transactions.delete(id);
          // PGlite commits when this function returns, unless it was rolled back.
          if (!op.commit) await t.rollback();
          return;
        }
        try {
          if (op.op === 'tx') {
            reply(op.id, (await t.query(op.sql, op.params, { parsers: PARSERS })).rows);
          } else {
            await t.query(op.sql, [], { blob: new Blob([op.data]) });
            reply(op.id, []);
          }
        } catch (err) {
          // As on a server: the statement failed, the transaction is aborted and its caller decides.
          fail(op.id, err);
        }
      }
    });
    if (end) reply(end.id, []);
  } catch (err) {
    transactions.delete(id);
    fail(end ? end.id : id, err);
  }
}

const lite = await PGlite.create(workerData.options).catch((err) => {
  port.postMessage({ id: 0, ok: false, error: errorData(err) });
  return null;
});
if (lite) {
  port.postMessage({ id: 0, ok: true, rows: [] });
  port.on('message', (/** @type {any} */ msg) => {
    switch (msg.op) {
      case 'query':
        lite.query(msg.sql, msg.params, { parsers: PARSERS }).then((r) => reply(msg.id, r.rows), (err) => fail(msg.id, err));
        return;
      case 'begin':
        void runTransaction(lite, msg.id);
        return;
      case 'tx':
      case 'copy':
      case 'end': {
        const channel = transactions.get(msg.tx);
        if (!channel) return fail(msg.id, new Error('the transaction has ended'));
        channel.push(msg);
        return;
      }
      case 'close':
        lite.close().then(() => reply(msg.id, []), (err) => fail(msg.id, err));
        return;
      default:
        fail(msg.id, new Error(`unknown operation ${msg.op}`));
    }
  });
}

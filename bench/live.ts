/**
 * Live updates, timed (issue 9, benchmark, server side):
 *
 *  1. SOCKETS idle sockets (default 1,000) held by one API process: its
 *     resident memory per socket (RSS after − before, both after a GC,
 *     divided by SOCKETS), and the fan-out of one event to all of them (the
 *     user has SOCKETS tabs open): from publish to the last socket's receipt.
 *     Baseline, same run: the same event to one socket.
 *  2. From an ingest's commit to the `data.updated` message on the socket,
 *     p50/p95 over INGESTS ingests (default 20), with the SOCKETS sockets
 *     open (first and last socket to receive). Baseline, same run: the ingest
 *     transaction itself (its rollups and commit).
 *
 * The API runs in a child process (this file with the argument "server"), so
 * its memory is not mixed with the clients'; both stamp wall-clock times on
 * the same machine. The API is the real one: buildApp, the ticket route, the
 * socket route, appIngest's listener order (cache, then event).
 *
 *   npx tsx bench/live.ts                                   # PGlite in memory, in-process bus
 *   BENCH_REDIS_URL=redis://127.0.0.1:6379 npx tsx bench/live.ts   # events through Redis pub/sub
 *   BENCH_SOCKETS=5000 BENCH_INGESTS=50 npx tsx bench/live.ts
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { summarize } from './stats.js';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000);
const INGESTS = Number(process.env.BENCH_INGESTS ?? 20);
const REDIS = process.env.BENCH_REDIS_URL ?? null;
const now = () => performance.timeOrigin + performance.now();

/** A UUID that carries the request number, so the client knows which publish an alert event answers. */
const benchAlertId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

type Request = { id: number; op: 'rss' } | { id: number; op: 'publish' } | { id: number; op: 'ingest'; n: number };
type Reply = { id: number; value: number; extra?: number };

if (process.argv[2] === 'server') await server();
else await client();

async function server(): Promise<void> {
  const { buildApp } = await import('../src/app.js');
  const { tokenService } = await import('../src/auth/tokens.js');
  const { memoryCache } = await import('../src/cache/cache.js');
  const { loadConfig } = await import('../src/config.js');
  const { openDb } = await import('../src/db/client.js');
  const { migrate } = await import('../src/db/migrate.js');
  const { upsertAccount } = await import('../src/db/repositories/accounts.js');
  const { createUser } = await import('../src/db/repositories/users.js');
  const { createIngest } = await import('../src/ingest/create-ingest.js');
  const { inProcessBus } = await import('../src/realtime/bus.js');
  const { redisBus } = await import('../src/realtime/redis-bus.js');
  const { publishDataUpdated } = await import('../src/realtime/publishers.js');
  const { createServices, invalidateCache } = await import('../src/services.js');

  const db = await openDb({ databaseUrl: null, pgliteDir: null });
  await migrate(db);
  const config = loadConfig({ APP_SECRET: randomBytes(32).toString('hex'), DATA_DIR: '/tmp/pulseboard-bench-unused' });
  const cache = memoryCache(60);
  const events = REDIS ? redisBus(REDIS, { prefix: `pbbench:${randomBytes(3).toString('hex')}:` }) : inProcessBus();
  // appIngest's listeners in its order, after a first one that stamps the commit.
  let committedAt = 0;
  const ingest = createIngest(db, { afterCommit: [() => void (committedAt = now()), invalidateCache(cache), publishDataUpdated(events)] });
  const services = createServices({ config, db, cache, tokens: tokenService(config.appSecret, 3600), ingest, events });
  const app = await buildApp(services);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const user = await createUser(db, 'bench@example.test', 'not-a-hash', 'UTC');
  const account = await upsertAccount(db, user!.id, { platform: 'youtube', externalId: 'bench' });
  // Tickets made the way POST /api/v1/live/ticket makes them (stored hashed in the database).
  const { liveTickets } = await import('../src/realtime/tickets.js');
  const tickets = liveTickets(db, { ttlMs: 600_000 });
  const ticketList: string[] = [];
  for (let i = 0; i < SOCKETS + 1; i++) ticketList.push((await tickets.issue(user!.id)).ticket);
  // A first snapshot, so that each timed ingest changes exactly its own day.
  await ingest({
    userId: user!.id, accountId: account.id, source: 'bench',
    posts: [{ platformPostId: 'p', publishedAt: new Date('2026-01-01T00:00:00Z') }],
    postMetrics: [{ platformPostId: 'p', metric: 'views', value: 50, observedAt: new Date('2026-01-01T12:00:00Z') }],
  });

  const memory = () => {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers };
  };
  process.on('message', async (m: Request) => {
    let reply: Reply;
    if (m.op === 'rss') {
      const { rss, heap } = memory();
      reply = { id: m.id, value: rss, extra: heap };
    }
    else if (m.op === 'publish') {
      const t0 = now();
      await events.publish(user!.id, { type: 'alert', alert_id: benchAlertId(m.id), kind: 'spike', platform: 'youtube', content_id: null });
      reply = { id: m.id, value: t0, extra: now() - t0 };
    } else {
      const t0 = now();
      await ingest({
        userId: user!.id, accountId: account.id, source: 'bench',
        postMetrics: [{ platformPostId: 'p', metric: 'views', value: 100 * (m.n + 1), observedAt: new Date(Date.UTC(2026, 0, 2 + m.n, 12)) }],
      });
      reply = { id: m.id, value: committedAt, extra: committedAt - t0 };
    }
    process.send!(reply);
  });
  process.send!({ id: 0, value: 0, base, tickets: ticketList });
}

async function client(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['server'], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { base, tickets } = await new Promise<{ base: string; tickets: string[] }>((resolve) => child.once('message', (m) => resolve(m as never)));
  process.stderr.write(`server up at ${base}\n`);
  let nextId = 1;
  const ask = (req: Omit<Request, 'id'> & { n?: number }): Promise<Reply> =>
    new Promise((resolve) => {
      const id = nextId++;
      const on = (m: Reply) => {
        if (m.id !== id) return;
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
      child.send({ ...req, id });
    });

  const received = new Map<string, number[]>();
  const open = (ticket: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/api/v1/live?ticket=${ticket}`);
      ws.on('message', (data) => {
        const e = JSON.parse(String(data)) as { type: string; alert_id?: string; days?: string[] };
        if (e.type === 'heartbeat') return resolve(ws);
        const key = e.type === 'alert' ? `alert:${e.alert_id}` : `data:${e.days?.join(',')}`;
        const list = received.get(key) ?? [];
        list.push(now());
        received.set(key, list);
      });
      ws.on('error', reject);
    });
  const waitFor = async (key: string, count: number) => {
    const deadline = Date.now() + 60_000;
    while ((received.get(key)?.length ?? 0) < count) {
      if (Date.now() > deadline) throw new Error(`only ${received.get(key)?.length ?? 0} of ${count} sockets got ${key}`);
      await new Promise((r) => setTimeout(r, 1));
    }
    return received.get(key)!;
  };

  // Baseline: one socket.
  const single = await open(tickets[SOCKETS]!);
  const one: number[] = [];
  for (let i = 0; i < 10; i++) {
    const r = await ask({ op: 'publish' });
    const got = await waitFor(`alert:${benchAlertId(r.id)}`, 1);
    one.push(got[0]! - r.value);
  }
  single.close();
  await new Promise((r) => setTimeout(r, 200));

  process.stderr.write('baseline done; opening sockets\n');
  const beforeMem = await ask({ op: 'rss' });
  const before = beforeMem.value;
  const sockets: WebSocket[] = [];
  const t = Date.now();
  for (let i = 0; i < SOCKETS; i += 50) sockets.push(...(await Promise.all(tickets.slice(i, Math.min(SOCKETS, i + 50)).map(open))));
  const openSeconds = (Date.now() - t) / 1000;
  await new Promise((r) => setTimeout(r, 500));
  const afterMem = await ask({ op: 'rss' });
  const after = afterMem.value;

  const fanLast: number[] = [];
  const fanFirst: number[] = [];
  const fanServer: number[] = [];
  for (let i = 0; i < 10; i++) {
    const r = await ask({ op: 'publish' });
    const got = await waitFor(`alert:${benchAlertId(r.id)}`, SOCKETS);
    fanFirst.push(Math.min(...got) - r.value);
    fanLast.push(Math.max(...got) - r.value);
    fanServer.push(r.extra!);
  }

  process.stderr.write('fan-out done; timing ingests\n');
  const first: number[] = [];
  const last: number[] = [];
  const tx: number[] = [];
  for (let n = 0; n < INGESTS; n++) {
    const r = await ask({ op: 'ingest', n });
    const day = new Date(Date.UTC(2026, 0, 2 + n)).toISOString().slice(0, 10);
    const got = await waitFor(`data:${day}`, SOCKETS);
    first.push(Math.min(...got) - r.value);
    last.push(Math.max(...got) - r.value);
    tx.push(r.extra!);
  }

  for (const ws of sockets) ws.terminate();
  child.kill('SIGTERM');

  const f = (x: number) => (Math.round(x * 100) / 100).toString();
  const perSocketKb = (after - before) / SOCKETS / 1024;
  const s1 = summarize(one);
  const sl = summarize(fanLast);
  const sf = summarize(fanFirst);
  const ss = summarize(fanServer);
  const dFirst = summarize(first);
  const dLast = summarize(last);
  const dTx = summarize(tx);
  console.log(`\nLive updates — one API process, ${SOCKETS} idle sockets of one user, bus: ${REDIS ? 'Redis pub/sub' : 'in-process'}, PGlite in memory`);
  console.log(`  opened ${SOCKETS} sockets (ticket + upgrade + subscribe) in ${f(openSeconds)} s`);
  console.log(`  server RSS: ${f(before / 1048576)} MB before, ${f(after / 1048576)} MB after → ${f(perSocketKb)} KB per socket`);
  console.log(`  server heap + external (after GC): ${f((afterMem.extra! - beforeMem.extra!) / SOCKETS / 1024)} KB per socket`);
  console.log(`  fan-out of one event (10 runs), publish → receipt, ms:          p50      p95`);
  console.log(`    baseline: 1 socket                                       ${f(s1.p50).padStart(8)} ${f(s1.p95).padStart(8)}`);
  console.log(`    ${SOCKETS} sockets, first received                             ${f(sf.p50).padStart(8)} ${f(sf.p95).padStart(8)}`);
  console.log(`    ${SOCKETS} sockets, last received                              ${f(sl.p50).padStart(8)} ${f(sl.p95).padStart(8)}   (${f(sl.p50 / s1.p50)}× the 1-socket p50)`);
  console.log(`    server time inside publish()                             ${f(ss.p50).padStart(8)} ${f(ss.p95).padStart(8)}`);
  console.log(`  ingest commit → data.updated on the socket (${INGESTS} ingests), ms:  p50      p95`);
  console.log(`    baseline: the ingest transaction itself                  ${f(dTx.p50).padStart(8)} ${f(dTx.p95).padStart(8)}`);
  console.log(`    first of ${SOCKETS} sockets                                    ${f(dFirst.p50).padStart(8)} ${f(dFirst.p95).padStart(8)}`);
  console.log(`    last of ${SOCKETS} sockets                                     ${f(dLast.p50).padStart(8)} ${f(dLast.p95).padStart(8)}   (${f(dLast.p50 / dTx.p50)}× the transaction's p50)`);
  console.log(`  goal (issue 9): an update on the open page "within seconds" of the sync storing it`);
  process.exit(0);
}

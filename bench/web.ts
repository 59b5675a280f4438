/**
 * The dashboard's benchmark (issue 9), in one run on this machine:
 *  1. gzip size of every built chunk, and the initial JavaScript (what the
 *     first page loads before it renders: the entry and its preloads);
 *  2. time to first render and to the fully rendered overview (every chart
 *     drawn) over two years of demo data, in Debian's Chromium, cold page
 *     each time, against the API's own dashboard answer as the baseline;
 *  3. delay from an ingest commit to the new figure drawn on the open page
 *     (live update over the WebSocket, then the refetch), over 20 ingests.
 * Pulseboard runs in this process exactly as `npm start` starts it
 * (src/server.ts), with the demo simulator, on a fresh PGlite data directory.
 *
 *   npx tsx bench/web.ts        (BENCH_WEB_LOADS=10, BENCH_WEB_UPDATES=20)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { listAccounts } from '../src/db/repositories/accounts.js';
import { findUserForLogin } from '../src/db/repositories/users.js';
import { startPulseboard } from '../src/server.js';
import { buildWeb, WEB_OUT } from '../src/web-build.js';
import { launchBrowser, signIn } from '../test/e2e/browser.js';
import { ms, summarize, table } from './stats.js';

const LOADS = Number(process.env.BENCH_WEB_LOADS || 10);
const UPDATES = Number(process.env.BENCH_WEB_UPDATES || 20);
const GOALS = { initialKbGzip: 150, fullyRenderedMs: 1000 };

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

interface ManifestChunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}

/** The chunk files a manifest entry loads before it runs: itself and its static imports, transitively. */
function staticClosure(manifest: Record<string, ManifestChunk>, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const imported of chunk.imports ?? []) staticClosure(manifest, imported, into);
  return into;
}

/**
 * 1. Chunk sizes: every asset gzipped (level 9, as served compressed). The
 * initial JavaScript of the overview is the entry and the overview's chunk
 * with everything they import statically (Vite's manifest); the chart library
 * is fetched beside the view's chunk but nothing waits for it before the
 * numbers are on screen (a dynamic import), so it is counted apart.
 */
function chunkSizes(): { rows: string[][]; initialGzip: number; chartsGzip: number } {
  const assets = join(WEB_OUT, 'assets');
  const manifest = JSON.parse(readFileSync(join(WEB_OUT, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const initial = staticClosure(manifest, 'src/views/Overview.tsx', staticClosure(manifest, entry));
  const charts = staticClosure(manifest, 'src/components/chart-engine.ts');
  let initialGzip = 0;
  let chartsGzip = 0;
  const rows = readdirSync(assets)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .map((file) => {
      const raw = readFileSync(join(assets, file));
      const gz = gzipSync(raw, { level: 9 }).length;
      const path = `assets/${file}`;
      if (initial.has(path) && file.endsWith('.js')) initialGzip += gz;
      if (charts.has(path)) chartsGzip += gz;
      return { file, raw: raw.length, gz, when: initial.has(path) ? 'overview: first' : charts.has(path) ? 'charts: beside, not awaited' : 'other views' };
    })
    .sort((a, b) => b.gz - a.gz)
    .map((c) => [c.file, kb(c.raw), kb(c.gz), c.when]);
  return { rows, initialGzip, chartsGzip };
}

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

async function main() {
  process.stdout.write('building the dashboard…\n');
  await buildWeb();
  const sizes = chunkSizes();
  process.stdout.write(`\n1. Chunks (gzip -9)\n${table(['chunk', 'raw', 'gzip', 'loaded'], sizes.rows)}\n`);
  process.stdout.write(`initial JavaScript of the overview: ${kb(sizes.initialGzip)} gzip (goal ≤ ${GOALS.initialKbGzip} KB); the chart library (not awaited for the numbers): ${kb(sizes.chartsGzip)}\n`);

  const dataDir = mkdtempSync(join(tmpdir(), 'pulseboard-bench-web-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, APP_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn' });
  const log = pino({ level: 'warn' });
  const server = await startPulseboard(config, log, { httpLog: false });
  const browser = await launchBrowser();
  try {
    const { services } = server.runtime;
    const login = await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(server.signIn) });
    const { token } = (await login.json()) as { token: string };
    // The API names the user by its UUID; the store is read by the database key.
    const user = await findUserForLogin(services.db, server.signIn!.email);
    if (!user) throw new Error('the demo user is not stored');
    process.stdout.write('waiting for the demo backfill (every account synced once)…\n');
    for (;;) {
      const accounts = await listAccounts(services.db, user.id);
      if (accounts.length > 0 && accounts.every((a) => a.last_synced_at !== null)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const from = daysAgo(729);
    const to = daysAgo(0);
    const query = `from=${from}&to=${to}&tz=UTC`;

    // Baseline: the API's dashboard answer for the same range, from this process (cached after the first).
    const apiTimes: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const started = performance.now();
      const res = await fetch(`${server.base}/api/v1/analytics/dashboard?${query}`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      apiTimes.push(performance.now() - started);
    }

    // 2. Cold page loads of a returning user: a new browser context each time (empty HTTP cache, no
    // compiled-code cache) holding what the page itself stored when the user signed in (the token
    // and the session the API gave; storageState copies localStorage, nothing else).
    const signedIn = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const signInPage = await signedIn.newPage();
    await signIn(signInPage, server.base, server.signIn!.email, server.signIn!.password);
    const storageState = await signedIn.storageState();
    await signedIn.close();
    const first: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, storageState });
      await context.addInitScript(() => {
        const marks: { first?: number; full?: number } = {};
        (window as unknown as { __marks: typeof marks }).__marks = marks;
        new MutationObserver(() => {
          if (!marks.first && document.querySelector('[data-testid="overview"]')) marks.first = performance.now();
          const charts = [...document.querySelectorAll<HTMLElement>('.chart-canvas')];
          if (!marks.full && charts.length >= 4 && charts.every((c) => c.dataset.rendered === 'true')) marks.full = performance.now();
        }).observe(document, { subtree: true, childList: true, attributes: true });
      });
      const page = await context.newPage();
      await page.goto(`${server.base}/?from=${from}&to=${to}`);
      await page.waitForFunction(() => (window as unknown as { __marks: { full?: number } }).__marks.full !== undefined, undefined, { timeout: 60_000 });
      const marks = await page.evaluate(() => (window as unknown as { __marks: { first: number; full: number } }).__marks);
      first.push(marks.first);
      full.push(marks.full);
      await context.close();
    }
    const a = summarize(apiTimes);
    const f = summarize(first);
    const r = summarize(full);
    process.stdout.write(`\n2. Overview, two years (${from} … ${to}), ${LOADS} cold loads in Chromium (ms from navigation start)\n`);
    process.stdout.write(
      `${table(
        ['measure', 'p50', 'p95', 'goal', 'ratio to API p50'],
        [
          ['API GET /analytics/dashboard (baseline)', ms(a.p50), ms(a.p95), '', '1.0'],
          ['first render (numbers on screen)', ms(f.p50), ms(f.p95), '', (f.p50 / a.p50).toFixed(1)],
          ['fully rendered (every chart drawn)', ms(r.p50), ms(r.p95), `≤ ${GOALS.fullyRenderedMs} ms`, (r.p50 / a.p50).toFixed(1)],
        ],
      )}\n`,
    );

    // 3. Live: ingest a new post with views today; time until the Views figure on the open page changes.
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, storageState });
    const page: Page = await context.newPage();
    await page.goto(`${server.base}/?range=28d`);
    await page.getByTestId('overview').waitFor();
    await page.waitForSelector('[data-testid="live-status"].live-live');
    await page.evaluate(() => {
      const w = window as unknown as { __changes: number[] };
      w.__changes = [];
      const kpi = [...document.querySelectorAll('.kpi')].find((k) => k.querySelector('.kpi-label')?.textContent === 'Views');
      const value = kpi!.querySelector('.kpi-value')!;
      new MutationObserver(() => w.__changes.push(Date.now())).observe(value, { subtree: true, childList: true, characterData: true });
    });
    const [account] = (await listAccounts(services.db, user.id)).filter((x) => x.platform === 'youtube');
    const fromCommit: number[] = [];
    const fromCall: number[] = [];
    for (let i = 0; i < UPDATES; i++) {
      const seen = await page.evaluate(() => (window as unknown as { __changes: number[] }).__changes.length);
      const publishedAt = new Date(Date.now() - 60_000);
      // A new post with its first views: the Views figure of the last 28 days must move.
      const id = `bench-live-${i}-${randomBytes(3).toString('hex')}`;
      const started = Date.now();
      await services.ingest({
        userId: user.id,
        accountId: account!.id,
        source: 'bench',
        posts: [{ platformPostId: id, publishedAt, caption: 'bench', mediaType: 'video' }],
        postMetrics: [{ platformPostId: id, metric: 'views', value: 1000 + i, observedAt: new Date() }],
      });
      const committed = Date.now();
      await page.waitForFunction((n) => (window as unknown as { __changes: number[] }).__changes.length > n, seen, { timeout: 30_000 });
      const drawn = await page.evaluate(() => {
        const c = (window as unknown as { __changes: number[] }).__changes;
        return c[c.length - 1]!;
      });
      fromCommit.push(drawn - committed);
      fromCall.push(drawn - started);
    }
    await context.close();
    const c = summarize(fromCommit);
    const s = summarize(fromCall);
    process.stdout.write(`\n3. Live update to the open page, ${UPDATES} ingests (ms)\n`);
    process.stdout.write(
      `${table(
        ['measure', 'p50', 'p95', 'max'],
        [
          ['ingest returned (committed, event published) → figure drawn', ms(c.p50), ms(c.p95), ms(c.max)],
          ['ingest called → figure drawn', ms(s.p50), ms(s.p95), ms(s.max)],
        ],
      )}\n`,
    );
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

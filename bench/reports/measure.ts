/**
 * The HTTP measurements: reports (POST, then GET in each format) and the
 * streaming export, against the server child, with the server's memory and
 * CPU observed from outside (RssWatch, /proc) and inside (IPC usage).
 */
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Period } from '../../src/analytics/period.js';
import type { ExportGranularity } from '../../src/db/repositories/bulk-export.js';
import { EXPORT_COLUMNS } from '../../src/reports/export-stream.js';
import type { ReportRequestBody } from '../../src/reports/request.js';
import { thousands } from '../stats.js';
import type { Client, Timed } from './client.js';
import { backendCpuDelta, cpuOfBackends, RssWatch, type RssStep, type ServerChild } from './proc.js';
import type { Usage } from './protocol.js';
import { checkExportCsv, checkExportJson, checkPdf, checkReportCsv, checkReportJson, type FileCheck } from './verify.js';
import { REPORT_TYPES } from '../../src/analytics/report-kinds.js';

export const FORMATS = ['pdf', 'csv', 'json'] as const;
export type Format = (typeof FORMATS)[number];
export type ReportType = (typeof REPORT_TYPES)[number];

export interface ReportSample {
  repeat: number;
  /** The report's id as the API names it (a UUID). */
  id: string;
  postMs: number;
  generationMs: number | null;
  get: Record<Format, { ms: number; ttfbMs: number; bytes: number; status: number }>;
}

export interface ReportResult {
  type: ReportType;
  body: ReportRequestBody;
  samples: ReportSample[];
  checks: Record<Format, FileCheck>;
  files: Record<Format, string>;
  serverRss: RssStep;
  serverCpuMs: number;
}

export function reportBody(type: ReportType, from: string, to: string): ReportRequestBody {
  const body: ReportRequestBody = {
    report_name: `Bench ${type} report`,
    report_type: type,
    date_range_start: from,
    date_range_end: to,
    platforms: [],
    export_format: 'pdf',
  };
  if (type === 'custom') {
    // Every custom metric, and content filters that exercise the filtered content query.
    body.filters = {
      metrics: ['views', 'engagement', 'engagement_rate', 'likes', 'comments', 'shares', 'saves', 'clicks', 'followers', 'follower_growth', 'follower_growth_rate', 'posts'],
      content_types: ['video', 'short', 'reel', 'image'],
      min_views: 500,
    };
  }
  return body;
}

async function cpuMs(server: ServerChild): Promise<number> {
  const u = await server.usage();
  return u.cpuUserMs + u.cpuSystemMs;
}

export function kb(bytes: number): string {
  return Number.isFinite(bytes) ? (bytes / 1024).toFixed(1) : '—';
}

/** Each report type: POST (compute + freeze), then GET ?format=pdf|csv|json, `repeats` times; the first repeat's files are kept in outDir and checked. */
export async function benchReports(client: Client, server: ServerChild, from: string, to: string, repeats: number, outDir: string, log: (m: string) => void): Promise<ReportResult[]> {
  const results: ReportResult[] = [];
  for (const type of REPORT_TYPES) {
    const body = reportBody(type, from, to);
    const samples: ReportSample[] = [];
    const files = {} as Record<Format, string>;
    const bodies = {} as Record<Format, Buffer>;
    const watch = new RssWatch(server.pid);
    const cpu0 = await cpuMs(server);
    watch.start();
    for (let repeat = 1; repeat <= repeats; repeat++) {
      const post = await client.json<{ id: string; generation_ms: number | null }>('POST', '/api/v1/analytics/reports', body);
      if (post.status !== 201) throw new Error(`POST report ${type}: ${post.status} ${JSON.stringify(post.data).slice(0, 500)}`);
      const get = {} as ReportSample['get'];
      for (const format of FORMATS) {
        const res = await client.fetch('GET', `/api/v1/analytics/reports/${post.data.id}?format=${format}`);
        if (res.status !== 200) throw new Error(`GET report ${type} as ${format}: ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
        get[format] = { ms: res.totalMs, ttfbMs: res.ttfbMs, bytes: res.bytes, status: res.status };
        if (repeat === 1) bodies[format] = res.body;
      }
      samples.push({ repeat, id: post.data.id, postMs: post.totalMs, generationMs: post.data.generation_ms, get });
      log(
        `${type} #${repeat}: POST ${Math.round(post.totalMs)} ms (generation_ms ${post.data.generation_ms}), ` +
          FORMATS.map((f) => `${f} ${Math.round(get[f].ms)} ms ${kb(get[f].bytes)} KB`).join(', '),
      );
    }
    const serverRss = watch.stop();
    const serverCpuMs = (await cpuMs(server)) - cpu0;
    for (const format of FORMATS) {
      files[format] = join(outDir, `${type}.${format}`);
      writeFileSync(files[format], bodies[format]);
    }
    const checks: Record<Format, FileCheck> = {
      pdf: await checkPdf(bodies.pdf, files.pdf, String(body.report_name)),
      csv: checkReportCsv(bodies.csv),
      json: checkReportJson(bodies.json, type),
    };
    log(`${type}: files ${FORMATS.map((f) => `${f} ${checks[f].ok ? 'ok' : 'BAD'} (${checks[f].detail})`).join(', ')}; server peak RSS ${serverRss.peakMb ?? serverRss.sampledPeakMb} MB`);
    results.push({ type, body, samples, checks, files, serverRss, serverCpuMs });
  }
  return results;
}

export interface ExportRun {
  /**
   * 'fresh': the server child has served only exports so far; 'after reports': the same process after
   * rendering the reports; 'heap capped': a fresh child started with --max-old-space-size (see reports.ts).
   */
  server: 'fresh' | 'after reports' | 'heap capped';
  granularity: ExportGranularity;
  format: 'csv' | 'json';
  repeat: number;
  status: number;
  ttfbMs: number;
  totalMs: number;
  bytes: number;
  /** 'data' events the client received the body in. */
  chunks: number;
  expectedRows: number;
  check: FileCheck;
  rowsPerSec: number;
  serverRss: RssStep;
  /** Highest values of process.memoryUsage() in the server, asked every 250 ms during the request. */
  serverMemMax: { heapUsedMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number; samples: number };
  serverBefore: Usage;
  serverAfter: Usage;
  serverCpuMs: number;
  dbBackendCpuMs: number;
  clientCpuMs: number;
  loadBefore: number;
  loadAfter: number;
}

export interface ExportTarget {
  client: Client;
  server: ServerChild;
  database: string;
  period: Period;
  dir: string;
  load: () => number;
  log: (m: string) => void;
}

/** One export over HTTP into a file (then checked with csv-parse / JSON and deleted). */
export async function benchExport(t: ExportTarget, g: ExportGranularity, format: 'csv' | 'json', repeat: number, expectedRows: number, serverState: ExportRun['server']): Promise<ExportRun> {
  const { client, server, period } = t;
  const file = join(t.dir, `export-${g}-${repeat}.${format}`);
  const path = `/api/v1/analytics/export?from=${period.from}&to=${period.to}&format=${format}&granularity=${g}`;
  const serverBefore = await server.usage();
  const pgBefore = cpuOfBackends(t.database);
  const clientBefore = process.cpuUsage();
  const loadBefore = t.load();
  const memMax = { heapUsedMb: serverBefore.heapUsedMb, heapTotalMb: serverBefore.heapTotalMb, externalMb: serverBefore.externalMb, arrayBuffersMb: serverBefore.arrayBuffersMb, samples: 0 };
  let asking = false;
  const memTimer = setInterval(() => {
    if (asking) return;
    asking = true;
    server.usage().then(
      (u) => {
        asking = false;
        memMax.samples += 1;
        memMax.heapUsedMb = Math.max(memMax.heapUsedMb, u.heapUsedMb);
        memMax.heapTotalMb = Math.max(memMax.heapTotalMb, u.heapTotalMb);
        memMax.externalMb = Math.max(memMax.externalMb, u.externalMb);
        memMax.arrayBuffersMb = Math.max(memMax.arrayBuffersMb, u.arrayBuffersMb);
      },
      () => (asking = false),
    );
  }, 250);
  const watch = new RssWatch(server.pid);
  watch.start();
  let res: Timed;
  try {
    res = await client.download(path, file);
  } catch (err) {
    watch.stop();
    clearInterval(memTimer);
    throw err;
  }
  const serverRss = watch.stop();
  clearInterval(memTimer);
  const clientCpu = process.cpuUsage(clientBefore);
  const pgAfter = cpuOfBackends(t.database);
  const serverAfter = await server.usage();
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  const columns = EXPORT_COLUMNS[g].map((c) => c.header ?? c.key);
  const check = format === 'csv' ? await checkExportCsv(file, columns) : await checkExportJson(file, columns);
  if (check.ok && check.rows !== expectedRows) {
    check.ok = false;
    check.detail += `, expected ${expectedRows} (SQL count)`;
  }
  const size = statSync(file).size;
  if (size !== res.bytes) {
    check.ok = false;
    check.detail += `, file ${size} B but ${res.bytes} B received`;
  }
  rmSync(file, { force: true });
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const run: ExportRun = {
    server: serverState,
    granularity: g,
    format,
    repeat,
    status: res.status,
    ttfbMs: res.ttfbMs,
    totalMs: res.totalMs,
    bytes: res.bytes,
    chunks: res.chunks,
    expectedRows,
    check,
    rowsPerSec: (check.rows ?? expectedRows) / (res.totalMs / 1000),
    serverRss,
    serverMemMax: { heapUsedMb: r1(memMax.heapUsedMb), heapTotalMb: r1(memMax.heapTotalMb), externalMb: r1(memMax.externalMb), arrayBuffersMb: r1(memMax.arrayBuffersMb), samples: memMax.samples },
    serverBefore,
    serverAfter,
    serverCpuMs: serverAfter.cpuUserMs + serverAfter.cpuSystemMs - serverBefore.cpuUserMs - serverBefore.cpuSystemMs,
    dbBackendCpuMs: backendCpuDelta(pgBefore, pgAfter),
    clientCpuMs: (clientCpu.user + clientCpu.system) / 1000,
    loadBefore,
    loadAfter: t.load(),
  };
  const s = (msValue: number) => (msValue / 1000).toFixed(2);
  t.log(
    `export ${g} ${format} #${repeat} (${serverState} server): ${s(res.totalMs)} s (first byte ${Math.round(res.ttfbMs)} ms), ${(res.bytes / 1048576).toFixed(1)} MB in ${thousands(res.chunks)} chunks, ` +
      `${thousands(run.rowsPerSec)} rows/s, server RSS ${serverRss.startMb} → peak ${serverRss.peakMb ?? '?'} MB (heap used ≤ ${run.serverMemMax.heapUsedMb}, heap total ≤ ${run.serverMemMax.heapTotalMb} MB), ` +
      `CPU server ${s(run.serverCpuMs)} s / postgres ${s(run.dbBackendCpuMs)} s / client ${s(run.clientCpuMs)} s; ${check.ok ? 'ok' : 'BAD'} ${check.detail}`,
  );
  return run;
}

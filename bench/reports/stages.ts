/**
 * Where the time goes, measured in the benchmark process (not the server
 * child) with src/'s own functions, so nothing is copied that could drift:
 *
 * Export (GET /analytics/export = count, then cursor → encoder → HTTP):
 *  - explainExport: the count query and the export query under EXPLAIN
 *    (ANALYZE, BUFFERS), their SQL captured from countExportRows / exportRows;
 *  - exportStages: the cursor alone (exportRows drained, nothing encoded) at
 *    the app's batch size and a larger one; the encoders alone on rows already
 *    in memory (exportCsv, its field formatting toCsvCell, csv-stringify's
 *    stream, and for comparison the same cells joined by hand; exportJson);
 *    cursor + encoder without HTTP (exportCsv(exportRows(…)) into a null sink).
 *
 * Reports: computeReport with a Db that times every statement (and EXPLAINs
 * the slow ones), then renderPdf / renderCsv / renderJson of the document.
 */
import { Readable, Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { pipeline } from 'node:stream/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Period } from '../../src/analytics/period.js';
import type { Db, Queryable, Tx } from '../../src/db/client.js';
import { countExportRows, exportRows, EXPORT_BATCH, type ExportGranularity } from '../../src/db/repositories/bulk-export.js';
import { EXPORT_COLUMNS, exportCsv, exportJson } from '../../src/reports/export-stream.js';
import { toCsvCell } from '../../src/reports/csv/csv-cell.js';
import { EXPORT_CSV_DEFAULTS, stringifierSettings } from '../../src/reports/csv/csv-options.js';
import { computeReport } from '../../src/reports/generate.js';
import { renderCsv } from '../../src/reports/csv/render-csv.js';
import { renderJson } from '../../src/reports/render-json.js';
import { renderPdf } from '../../src/reports/pdf/render-pdf.js';
import { buildDocumentDefinition } from '../../src/reports/pdf/document-definition.js';
import { configuredPdfMake } from '../../src/reports/pdf/pdfmake-setup.js';
import { renderChartSvg } from '../../src/reports/render-svg.js';
import { chartOptionFor } from '../../src/reports/pdf/chart-block.js';
import { assertValidReport } from '../../src/reports/validate-report.js';
import type { ReportSpec } from '../../src/reports/request.js';
import type { ReportData } from '../../src/reports/types.js';
import type { Services } from '../../src/services.js';

const DECLARE = /^\s*DECLARE\s+\w+\s+NO SCROLL CURSOR FOR\s+/i;

function oneLine(sql: string, max = 110): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export interface Explained {
  executionMs: number;
  planningMs: number;
  plan: string;
}

async function explain(db: Queryable, sql: string, params: unknown[]): Promise<Explained> {
  const rows = await db.query<Record<string, unknown>>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  const plan = rows.map((r) => String(r['QUERY PLAN'])).join('\n');
  return {
    executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
    planningMs: Number(/Planning Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
    plan,
  };
}

/** The SQL and parameters a repository function sends, captured without running it. */
async function captureSql(call: (q: Db) => Promise<unknown>): Promise<{ sql: string; params: unknown[] }> {
  let captured: { sql: string; params: unknown[] } | null = null;
  const stop = new Error('captured');
  const q: Queryable = {
    query: async (sql: string, params: unknown[] = []) => {
      captured ??= { sql: sql.replace(DECLARE, ''), params };
      throw stop;
    },
  };
  const fake: Db = { engine: 'postgres', query: q.query, transaction: (fn) => fn({ ...q, copyRows: async () => { throw stop; } }), close: async () => undefined };
  await call(fake).catch((err: unknown) => {
    if (err !== stop) throw err;
  });
  if (!captured) throw new Error('no SQL captured');
  return captured;
}

/** Chunks written by the last drain() (how finely a stream hands its output to the socket). */
let lastChunks = 0;

async function drain(stream: Readable): Promise<number> {
  let n = 0;
  let chunks = 0;
  const sink = new Writable({
    write(chunk: Buffer | string, _e, cb) {
      n += chunk.length;
      chunks += 1;
      cb();
    },
  });
  await pipeline(stream, sink);
  lastChunks = chunks;
  return n;
}

async function* fromArray<T>(rows: T[]): AsyncGenerator<T> {
  for (const r of rows) yield r;
}

/** The export's two statements as the database runs them (EXPLAIN ANALYZE executes them fully and sends nothing). */
export interface ExportExplain {
  granularity: ExportGranularity;
  /** countExportRows as the route calls it (capped at EXPORT_ROW_LIMIT + 1), through the driver. */
  countMs: number;
  count: Explained;
  sql: string;
  /** The export query as the app runs it: DECLARE … CURSOR (planned for fast first rows, cursor_tuple_fraction), executed in full. */
  cursor: Explained;
  /** The same SELECT planned as a plain query, for contrast. */
  query: Explained;
}

export async function explainExport(db: Db, userId: number, period: Period, g: ExportGranularity, limit: number, log: (m: string) => void): Promise<ExportExplain> {
  const countSql = await captureSql((q) => countExportRows(q, userId, period, g, limit + 1));
  const t0 = performance.now();
  await countExportRows(db, userId, period, g, limit + 1);
  const countMs = performance.now() - t0;
  const count = await explain(db, countSql.sql, countSql.params);
  const querySql = await captureSql(async (q) => {
    const rows = exportRows(q, userId, period, g);
    await rows.next();
    await rows.return(undefined);
  });
  const cursor = await db.transaction((tx) => explain(tx, `DECLARE bench_export NO SCROLL CURSOR FOR ${querySql.sql}`, querySql.params));
  const query = await explain(db, querySql.sql, querySql.params);
  log(`explain ${g}: count ${Math.round(countMs)} ms (server ${Math.round(count.executionMs)} ms); export query as a cursor: server ${Math.round(cursor.executionMs)} ms, as a plain SELECT: ${Math.round(query.executionMs)} ms`);
  return { granularity: g, countMs, count, sql: oneLine(querySql.sql, 400), cursor, query };
}

export interface ExportStages {
  granularity: ExportGranularity;
  rows: number;
  /** exportRows drained, nothing encoded: ms by batch size. */
  cursorOnly: { batch: number; ms: number; rowsPerSec: number }[];
  /** Encoders on `sampleRows` rows already in memory. */
  sampleRows: number;
  encodeCsv: { ms: number; rowsPerSec: number; bytes: number; chunks: number };
  cellsOnly: { ms: number; rowsPerSec: number };
  /** csv-stringify's stream alone, fed ready-made string arrays. */
  stringifyOnly: { ms: number; rowsPerSec: number };
  /** For comparison: the same cells joined by hand (RFC 4180 quoting) into ~64 KB strings, as exportJson batches its output. */
  plainCsv: { ms: number; rowsPerSec: number; bytes: number; sameBytes: boolean; chunks: number };
  encodeJson: { ms: number; rowsPerSec: number; bytes: number; chunks: number };
  /** exportCsv(exportRows(…)) into a null sink: the whole server pipeline minus HTTP. */
  cursorPlusCsv: { ms: number; rowsPerSec: number; bytes: number };
  /**
   * The sample's CSV sent over a loopback node:http response (server and client in this process):
   * as exportCsv hands it over (one chunk per row), and as the hand-joined 64 KB strings.
   */
  loopback: { exportCsvMs: number; plainMs: number; bytes: number; clientChunksExportCsv: number; clientChunksPlain: number };
}

/** Serves `make()` once over loopback HTTP and reads it back; returns ms, bytes and the client's data events. */
async function overLoopback(make: () => Readable): Promise<{ ms: number; bytes: number; chunks: number }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    pipeline(make(), res).catch(() => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const t0 = performance.now();
  const result = await new Promise<{ bytes: number; chunks: number }>((resolve, reject) => {
    http.get(`http://127.0.0.1:${port}/`, (res) => {
      let bytes = 0;
      let chunks = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        chunks += 1;
      });
      res.on('end', () => resolve({ bytes, chunks }));
      res.on('error', reject);
    }).on('error', reject);
  });
  const ms = performance.now() - t0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { ms, ...result };
}

function quoteField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

async function* plainCsvChunks(rows: Record<string, unknown>[], g: ExportGranularity): AsyncGenerator<string> {
  const cols = EXPORT_COLUMNS[g];
  let buffer = `${cols.map((c) => quoteField(c.header ?? c.key)).join(',')}\r\n`;
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      line += (i ? ',' : '') + quoteField(toCsvCell(row[c.key], c.type, EXPORT_CSV_DEFAULTS));
    }
    buffer += `${line}\r\n`;
    if (buffer.length >= 65_536) {
      yield buffer;
      buffer = '';
    }
  }
  yield buffer;
}

export async function exportStages(db: Db, userId: number, period: Period, g: ExportGranularity, sampleMax: number, log: (m: string) => void): Promise<ExportStages> {
  const cursorOnly: ExportStages['cursorOnly'] = [];
  let rows = 0;
  const sample: Record<string, unknown>[] = [];
  let t0: number;
  for (const batch of [EXPORT_BATCH, 50_000]) {
    rows = 0;
    t0 = performance.now();
    for await (const row of exportRows(db, userId, period, g, batch)) {
      if (batch === EXPORT_BATCH && sample.length < sampleMax) sample.push(row as unknown as Record<string, unknown>);
      rows += 1;
    }
    const ms = performance.now() - t0;
    cursorOnly.push({ batch, ms, rowsPerSec: rows / (ms / 1000) });
    log(`stages ${g}: cursor only, FETCH ${batch}: ${rows} rows in ${Math.round(ms)} ms`);
  }
  const n = sample.length;
  const cols = EXPORT_COLUMNS[g];

  t0 = performance.now();
  const csvBytes = await drain(exportCsv(fromArray(sample as never[]), g));
  const csvMs = performance.now() - t0;
  const csvChunks = lastChunks;

  t0 = performance.now();
  const cells: string[][] = [];
  for (const row of sample) cells.push(cols.map((c) => toCsvCell(row[c.key], c.type, EXPORT_CSV_DEFAULTS)));
  const cellsMs = performance.now() - t0;

  t0 = performance.now();
  await drain(Readable.from(cells, { objectMode: true }).pipe(stringify(stringifierSettings(EXPORT_CSV_DEFAULTS))));
  const stringifyMs = performance.now() - t0;
  cells.length = 0;

  t0 = performance.now();
  const plainBytes = await drain(Readable.from(plainCsvChunks(sample, g), { objectMode: false }));
  const plainMs = performance.now() - t0;
  const plainChunks = lastChunks;

  t0 = performance.now();
  const jsonBytes = await drain(exportJson(fromArray(sample as never[])));
  const jsonMs = performance.now() - t0;
  const jsonChunks = lastChunks;
  const viaExportCsv = await overLoopback(() => exportCsv(fromArray(sample as never[]), g));
  const viaPlain = await overLoopback(() => Readable.from(plainCsvChunks(sample, g), { objectMode: false }));
  log(`stages ${g}: loopback HTTP of ${n} rows: exportCsv ${Math.round(viaExportCsv.ms)} ms (${viaExportCsv.chunks} client chunks), 64 KB strings ${Math.round(viaPlain.ms)} ms (${viaPlain.chunks})`);
  sample.length = 0;
  log(`stages ${g}: encoders on ${n} rows in memory: exportCsv ${Math.round(csvMs)} ms (cells ${Math.round(cellsMs)} ms, csv-stringify stream ${Math.round(stringifyMs)} ms; hand-joined ${Math.round(plainMs)} ms), exportJson ${Math.round(jsonMs)} ms`);

  t0 = performance.now();
  const pipeBytes = await drain(exportCsv(exportRows(db, userId, period, g), g));
  const pipeMs = performance.now() - t0;
  log(`stages ${g}: cursor + CSV, no HTTP: ${Math.round(pipeMs)} ms`);

  const rate = (ms: number) => n / (ms / 1000);
  return {
    granularity: g,
    rows,
    cursorOnly,
    sampleRows: n,
    encodeCsv: { ms: csvMs, rowsPerSec: rate(csvMs), bytes: csvBytes, chunks: csvChunks },
    cellsOnly: { ms: cellsMs, rowsPerSec: rate(cellsMs) },
    stringifyOnly: { ms: stringifyMs, rowsPerSec: rate(stringifyMs) },
    plainCsv: { ms: plainMs, rowsPerSec: rate(plainMs), bytes: plainBytes, sameBytes: plainBytes === csvBytes, chunks: plainChunks },
    encodeJson: { ms: jsonMs, rowsPerSec: rate(jsonMs), bytes: jsonBytes, chunks: jsonChunks },
    cursorPlusCsv: { ms: pipeMs, rowsPerSec: rows / (pipeMs / 1000), bytes: pipeBytes },
    loopback: { exportCsvMs: viaExportCsv.ms, plainMs: viaPlain.ms, bytes: viaExportCsv.bytes, clientChunksExportCsv: viaExportCsv.chunks, clientChunksPlain: viaPlain.chunks },
  };
}

interface Recorded {
  sql: string;
  params: unknown[];
  ms: number;
  rows: number;
}

/** A Db that records every statement with its parameters and time. */
class RecordingDb implements Db {
  readonly calls: Recorded[] = [];
  constructor(private readonly inner: Db) {}
  get engine(): Db['engine'] {
    return this.inner.engine;
  }
  private async timed<T extends object>(q: Queryable, sql: string, params: unknown[] = []): Promise<T[]> {
    const t0 = performance.now();
    const rows = await q.query<T>(sql, params);
    this.calls.push({ sql, params, ms: performance.now() - t0, rows: rows.length });
    return rows;
  }
  query<T extends object>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.timed<T>(this.inner, sql, params);
  }
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.inner.transaction((tx) =>
      fn({ query: <R extends object>(sql: string, params?: unknown[]) => this.timed<R>(tx, sql, params), copyRows: (table, columns, text) => tx.copyRows(table, columns, text) }),
    );
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

export interface ReportStages {
  type: string;
  computeMs: number;
  statements: number;
  /** Sum of statement times (driver round trip incl. decoding). */
  sqlMs: number;
  /** The slowest statements, with EXPLAIN ANALYZE for those over `explainOverMs`. */
  slowest: { sql: string; ms: number; rows: number; explain?: Explained }[];
  /** Per statement shape (first 110 chars), total ms and calls. */
  byStatement: { sql: string; calls: number; ms: number }[];
  renderMs: { pdf: number; csv: number; json: number };
  /**
   * renderPdf split: schema validation; ECharts SVG of the charts alone (also inside the definition);
   * buildDocumentDefinition (includes the SVGs); pdfmake createPdf + getBuffer (layout, SVG to PDF, fonts).
   */
  pdfParts: { validateMs: number; charts: number; chartsSvgMs: number; definitionMs: number; pdfmakeMs: number };
  sizes: { pdf: number; csv: number; json: number };
}

export async function reportStages(services: Services, userId: number, userTz: string, spec: ReportSpec, explainOverMs: number): Promise<ReportStages> {
  const rec = new RecordingDb(services.db);
  const t0 = performance.now();
  const data: ReportData = await computeReport({ ...services, db: rec }, userId, userTz, spec, () => undefined, new Date());
  const computeMs = performance.now() - t0;
  const sorted = [...rec.calls].sort((a, b) => b.ms - a.ms);
  const slowest: ReportStages['slowest'] = [];
  for (const c of sorted.slice(0, 5)) {
    const entry: ReportStages['slowest'][number] = { sql: oneLine(c.sql), ms: c.ms, rows: c.rows };
    if (c.ms >= explainOverMs && /^\s*(WITH|SELECT)\b/i.test(c.sql)) entry.explain = await explain(services.db, c.sql, c.params);
    slowest.push(entry);
  }
  const shapes = new Map<string, { calls: number; ms: number }>();
  for (const c of rec.calls) {
    const key = oneLine(c.sql);
    const s = shapes.get(key) ?? { calls: 0, ms: 0 };
    s.calls += 1;
    s.ms += c.ms;
    shapes.set(key, s);
  }
  let r0 = performance.now();
  const pdf = await renderPdf(data);
  const pdfMs = performance.now() - r0;
  r0 = performance.now();
  assertValidReport(data);
  const validateMs = performance.now() - r0;
  const charts = data.sections.filter((x) => x.kind === 'chart');
  r0 = performance.now();
  for (const c of charts) renderChartSvg(chartOptionFor(c), { width: 640, height: 290 });
  const chartsSvgMs = performance.now() - r0;
  r0 = performance.now();
  const definition = buildDocumentDefinition(data);
  const definitionMs = performance.now() - r0;
  r0 = performance.now();
  await configuredPdfMake().createPdf(definition).getBuffer();
  const pdfmakeMs = performance.now() - r0;
  r0 = performance.now();
  const csv = renderCsv(data);
  const csvMs = performance.now() - r0;
  r0 = performance.now();
  const json = renderJson(data);
  const jsonMs = performance.now() - r0;
  return {
    type: spec.type,
    computeMs,
    statements: rec.calls.length,
    sqlMs: rec.calls.reduce((s, c) => s + c.ms, 0),
    slowest,
    byStatement: [...shapes.entries()].map(([sql, s]) => ({ sql, ...s })).sort((a, b) => b.ms - a.ms),
    renderMs: { pdf: pdfMs, csv: csvMs, json: jsonMs },
    pdfParts: { validateMs, charts: charts.length, chartsSvgMs, definitionMs, pdfmakeMs },
    sizes: { pdf: pdf.length, csv: Buffer.byteLength(csv), json: Buffer.byteLength(json) },
  };
}

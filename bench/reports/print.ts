/** The printed tables of bench/reports.ts (also stored in the JSON as `table`). */
import type { Usage } from './protocol.js';
import { table, thousands } from '../stats.js';
import type { StoredCounts } from './load.js';
import { FORMATS, kb, type ExportRun, type ReportResult } from './measure.js';
import type { ExportExplain, ExportStages, ReportStages } from './stages.js';

export const TARGETS = {
  reportSpecMs: 30_000,
  reportTargetMs: 3_000,
  exportSpecMs: 120_000,
  exportTargetMs: 10_000,
  exportPeakRssMb: 200,
};

export type PassName = 'as loaded' | 'after ANALYZE';

export interface PassResult {
  name: PassName;
  /** Time of the ANALYZE that started this pass (null: none). */
  analyzeMs: number | null;
  tableStats: { relname: string; analyzed: boolean; n_live_tup: number }[];
  serverAtStart: Usage;
  exports: ExportRun[];
  reports: ReportResult[];
  explains: ExportExplain[];
}

export interface Result {
  startedAt: string;
  machine: { cpus: number; cpuModel: string | undefined; memoryGb: number; node: string };
  options: Record<string, unknown>;
  targets: typeof TARGETS;
  database: string;
  server: Record<string, string>;
  load: { observations: number; batches: number; ingestMs: number; wallMs: number; planTotal: number };
  stored: StoredCounts;
  range: { from: string; to: string; days: number };
  exportRows: { raw: number; day: number };
  passes: PassResult[];
  footprint: { step: string; rssMb: number; heapUsedMb: number }[] | null;
  exportStages: ExportStages[];
  reportStages: ReportStages[];
  loadAvg: { start: number; max: number; samples: number[] };
  durations: Record<string, number>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const max = (xs: number[]) => (xs.length ? Math.max(...xs) : NaN);
export function sec(msValue: number): string {
  if (!Number.isFinite(msValue)) return '—';
  return msValue >= 10_000 ? (msValue / 1000).toFixed(1) : (msValue / 1000).toFixed(2);
}
function mb(bytes: number): string {
  return Number.isFinite(bytes) ? (bytes / 1048576).toFixed(1) : '—';
}
function verdict(value: number, target: number, spec: number | null): string {
  if (!Number.isFinite(value)) return '—';
  if (value <= target) return 'MET';
  if (spec !== null && value <= spec) return 'missed target (spec ok)';
  return spec !== null ? 'MISSED spec' : 'MISSED';
}
const peakOf = (e: ExportRun) => e.serverRss.peakMb ?? e.serverRss.sampledPeakMb;

export function printResult(r: Result): string {
  const out: string[] = [];
  out.push(
    `== Data: ${thousands(r.stored.dataPoints)} data points for one user, counted with SQL (${thousands(r.stored.post_snapshots)} post snapshots + ${thousands(r.stored.account_snapshots)} account snapshots + ` +
      `${thousands(r.stored.account_daily_reported)} account daily values; generated ${thousands(r.load.planTotal)}: ${r.stored.dataPoints === r.load.planTotal ? 'equal' : 'DIFFERENT'}) ==`,
  );
  out.push(
    `   ${thousands(r.stored.platform_posts)} posts, ${thousands(r.stored.post_daily)} post-day rows, database ${r.stored.database_mb} MB, loaded in ${sec(r.load.wallMs)} s ` +
      `(bench/generate.ts + services.ingest); range ${r.range.from} .. ${r.range.to} (${r.range.days} days); export rows: raw ${thousands(r.exportRows.raw)}, day ${thousands(r.exportRows.day)}`,
  );
  out.push(`   passes: ${r.passes.map((p) => `"${p.name}"${p.analyzeMs !== null ? ` (ANALYZE took ${sec(p.analyzeMs)} s)` : ` (planner statistics: ${p.tableStats.filter((t) => t.analyzed).length}/${p.tableStats.length} tables analyzed)`}`).join(', then ')}`);
  out.push('');

  // ---- 1. reports
  const repeats = Math.max(...r.passes.flatMap((p) => p.reports.map((x) => x.samples.length)), 0);
  out.push(`== 1. Reports over the 2-year range, through HTTP (up to ${repeats} repeats; median / max; seconds) ==`);
  out.push('   POST = compute + freeze (201); GET = download of that report in the format; total = POST + GET = "generate it as PDF / CSV / JSON"');
  const rows: string[][] = [];
  for (const p of r.passes) {
    for (const rep of p.reports) {
      const post = rep.samples.map((s) => s.postMs);
      const gen = rep.samples.map((s) => s.generationMs ?? NaN);
      for (const f of FORMATS) {
        const get = rep.samples.map((s) => s.get[f].ms);
        const total = rep.samples.map((s) => s.postMs + s.get[f].ms);
        rows.push([
          p.name, rep.type, f, String(rep.samples.length), `${sec(median(post))} / ${sec(max(post))}`, sec(median(gen)), `${sec(median(get))} / ${sec(max(get))}`,
          `${sec(median(total))} / ${sec(max(total))}`, verdict(max(total), TARGETS.reportTargetMs, TARGETS.reportSpecMs), kb(rep.samples[0]!.get[f].bytes),
          `${rep.checks[f].ok ? 'ok' : 'BAD'}: ${rep.checks[f].detail}`,
        ]);
      }
    }
  }
  out.push(table(['pass', 'type', 'format', 'n', 'POST s', 'generation_ms (s)', 'GET s', 'total s', 'total vs 3 s (max)', 'size KB', 'file check'], rows));
  out.push('');
  out.push('   server process while making the reports (all repeats of a type; RSS in MB):');
  out.push(table(
    ['pass', 'type', 'RSS before', 'peak RSS (VmHWM)', 'server CPU s'],
    r.passes.flatMap((p) => p.reports.map((rep) => [p.name, rep.type, String(rep.serverRss.startMb), String(rep.serverRss.peakMb ?? rep.serverRss.sampledPeakMb), sec(rep.serverCpuMs)])),
  ));
  out.push('');

  // ---- 2. export
  out.push('== 2. Streaming export GET /analytics/export over the 2-year range, through HTTP (server in its own process; MB = 2^20 bytes) ==');
  out.push(table(
    ['pass', 'server', 'gran.', 'fmt', 'rows', 'wall s', '1st byte s', 'rows/s', 'MB sent', 'avg chunk B', 'RSS before', 'peak RSS', 'peak−before', 'heap used max', 'heap total max', 'CPU s server', 'CPU s postgres', 'CPU s client', 'load 1m', 'file check'],
    r.passes.flatMap((p) =>
      p.exports.map((e) => [
        p.name, e.server, e.granularity, e.format, thousands(e.check.rows ?? NaN), sec(e.totalMs), sec(e.ttfbMs), thousands(e.rowsPerSec), mb(e.bytes), thousands(e.bytes / Math.max(1, e.chunks)),
        e.serverRss.startMb.toFixed(0), peakOf(e).toFixed(0), (peakOf(e) - e.serverRss.startMb).toFixed(0), e.serverMemMax.heapUsedMb.toFixed(0), e.serverMemMax.heapTotalMb.toFixed(0),
        sec(e.serverCpuMs), sec(e.dbBackendCpuMs), sec(e.clientCpuMs), `${e.loadBefore}→${e.loadAfter}`, `${e.check.ok ? 'ok' : 'BAD'}: ${e.check.detail}`,
      ]),
    ),
  ));
  out.push('   fresh = a server child that has served only exports so far; after reports = the same process after section 1 (it has rendered the PDFs).');
  out.push('   peak RSS = kernel VmHWM of the server process over that request (reset just before it); heap = process.memoryUsage() in the server, every 250 ms.');
  out.push('   CPU = user+system over the request: server process, the PostgreSQL backends of this database, this client (which writes the file).');
  out.push('   avg chunk = bytes / \'data\' events at the client: how finely the body reached the socket.');
  if (r.footprint) {
    out.push(`   resting RSS of a fresh process (node --import tsx, as npm start runs) as it imports the app: ${r.footprint.map((f) => `${f.step} ${f.rssMb} MB`).join('; ')}`);
  }
  out.push('');

  // ---- 3. where the time goes
  const explains = r.passes.flatMap((p) => p.explains.map((e) => ({ pass: p.name, e })));
  if (explains.length > 0) {
    out.push('== 3a. The export\'s SQL under EXPLAIN (ANALYZE, BUFFERS), executed in full: the count that runs before streaming, and the export query as the app runs it (DECLARE … CURSOR) and as a plain SELECT ==');
    out.push(table(
      ['pass', 'gran.', 'count (driver) s', 'count server s', 'cursor server s', 'plain SELECT s', 'plan'],
      explains.flatMap(({ pass, e }) => [
        [pass, e.granularity, sec(e.countMs), sec(e.count.executionMs), sec(e.cursor.executionMs), sec(e.query.executionMs), `cursor: ${planSummary(e.cursor.plan)}`],
        ['', '', '', '', '', '', `count:  ${planSummary(e.count.plan)}`],
        ['', '', '', '', '', '', `SELECT: ${planSummary(e.query.plan)}`],
      ]),
    ));
    out.push('');
  }
  if (r.exportStages.length > 0) {
    const last = r.passes.at(-1)!;
    out.push(`== 3b. Export pipeline stage by stage (pass "${last.name}"; in the benchmark process with src/ functions, no HTTP) ==`);
    const st: string[][] = [];
    for (const s of r.exportStages) {
      for (const c of s.cursorOnly) st.push([s.granularity, `cursor drained (FETCH ${thousands(c.batch)}), rows decoded by pg, nothing encoded`, sec(c.ms), thousands(c.rowsPerSec)]);
      st.push([s.granularity, `exportCsv alone on ${thousands(s.sampleRows)} rows in memory (${thousands(s.encodeCsv.chunks)} chunks out)`, sec(s.encodeCsv.ms), thousands(s.encodeCsv.rowsPerSec)]);
      st.push([s.granularity, '  toCsvCell alone (field formatting, 1 array per row)', sec(s.cellsOnly.ms), thousands(s.cellsOnly.rowsPerSec)]);
      st.push([s.granularity, '  csv-stringify stream alone, fed those arrays', sec(s.stringifyOnly.ms), thousands(s.stringifyOnly.rowsPerSec)]);
      st.push([s.granularity, `  for comparison: same cells joined by hand into 64 KB strings (${s.plainCsv.sameBytes ? 'same bytes' : 'DIFFERENT bytes'}, ${thousands(s.plainCsv.chunks)} chunks)`, sec(s.plainCsv.ms), thousands(s.plainCsv.rowsPerSec)]);
      st.push([s.granularity, `exportJson alone on ${thousands(s.sampleRows)} rows in memory (${thousands(s.encodeJson.chunks)} chunks out)`, sec(s.encodeJson.ms), thousands(s.encodeJson.rowsPerSec)]);
      st.push([s.granularity, `loopback node:http, ${thousands(s.sampleRows)} rows as exportCsv emits them (client got ${thousands(s.loopback.clientChunksExportCsv)} chunks)`, sec(s.loopback.exportCsvMs), thousands(s.sampleRows / (s.loopback.exportCsvMs / 1000))]);
      st.push([s.granularity, `loopback node:http, same rows hand-joined in 64 KB strings (client got ${thousands(s.loopback.clientChunksPlain)} chunks)`, sec(s.loopback.plainMs), thousands(s.sampleRows / (s.loopback.plainMs / 1000))]);
      st.push([s.granularity, 'cursor + exportCsv into a null sink (server pipeline minus HTTP)', sec(s.cursorPlusCsv.ms), thousands(s.cursorPlusCsv.rowsPerSec)]);
      const http = last.exports.filter((e) => e.granularity === s.granularity && e.format === 'csv' && e.server === 'fresh').map((e) => e.totalMs);
      if (http.length) st.push([s.granularity, 'HTTP end to end, fresh server (median)', sec(median(http)), thousands(s.rows / (median(http) / 1000))]);
    }
    out.push(table(['gran.', 'stage', 'wall s', 'rows/s'], st));
    out.push('');
  }
  if (r.reportStages.length > 0) {
    out.push('== 3c. Reports stage by stage (in the benchmark process: computeReport with every statement timed, then the renderers) ==');
    out.push(table(
      ['type', 'compute s', 'statements', 'SQL s (sum)', 'slowest stmt s', 'render PDF s', 'render CSV s', 'render JSON s', 'PDF KB', 'CSV KB', 'JSON KB'],
      r.reportStages.map((s) => [
        s.type, sec(s.computeMs), String(s.statements), sec(s.sqlMs), sec(s.slowest[0]?.ms ?? NaN), sec(s.renderMs.pdf), sec(s.renderMs.csv), sec(s.renderMs.json),
        kb(s.sizes.pdf), kb(s.sizes.csv), kb(s.sizes.json),
      ]),
    ));
    out.push('   renderPdf, part by part (run again separately): validate schema | ECharts SVG of the charts alone | buildDocumentDefinition (includes those SVGs) | pdfmake createPdf + getBuffer:');
    for (const s of r.reportStages) {
      const p = s.pdfParts;
      out.push(`   ${s.type.padEnd(11)} validate ${sec(p.validateMs)} s | ${p.charts} charts to SVG ${sec(p.chartsSvgMs)} s | definition ${sec(p.definitionMs)} s | pdfmake ${sec(p.pdfmakeMs)} s`);
    }
    out.push('   slowest statements (ms, rows; server time from EXPLAIN ANALYZE where ≥ 200 ms):');
    for (const s of r.reportStages) {
      for (const q of s.slowest.slice(0, 2)) {
        out.push(`   ${s.type.padEnd(11)} ${q.ms.toFixed(0).padStart(6)} ms ${String(q.rows).padStart(6)} rows${q.explain ? ` (server ${q.explain.executionMs.toFixed(0)} ms)` : ''}  ${q.sql}`);
      }
    }
    out.push('');
  }

  // ---- targets
  out.push('== Targets (issue 4: PostgreSQL, 1,000,000 data points, 2-year range) ==');
  const t: string[][] = [];
  for (const p of r.passes) {
    for (const rep of p.reports) {
      const pdf = rep.samples.map((s) => s.postMs + s.get.pdf.ms);
      const worst = FORMATS.map((f) => max(rep.samples.map((s) => s.postMs + s.get[f].ms)));
      t.push([p.name, `${rep.type} report, slowest format (POST + GET, max of ${rep.samples.length})`, '< 30 s', '< 3 s', `${sec(max(worst))} s (PDF ${sec(max(pdf))}, CSV ${sec(worst[1]!)}, JSON ${sec(worst[2]!)})`, verdict(max(worst), TARGETS.reportTargetMs, TARGETS.reportSpecMs)]);
    }
    const raw = p.exports.filter((e) => e.granularity === 'raw' && e.format === 'csv' && e.server === 'fresh');
    if (raw.length) {
      t.push([p.name, `export raw CSV, ${thousands(raw[0]!.check.rows ?? 0)} rows (wall, max of ${raw.length})`, '< 120 s', '< 10 s', `${sec(max(raw.map((e) => e.totalMs)))} s`, verdict(max(raw.map((e) => e.totalMs)), TARGETS.exportTargetMs, TARGETS.exportSpecMs)]);
      t.push([p.name, 'export raw CSV: server process peak RSS (fresh server)', '—', '< 200 MB', `${max(raw.map(peakOf)).toFixed(0)} MB (+${max(raw.map((e) => peakOf(e) - e.serverRss.startMb)).toFixed(0)} over ${raw[0]!.serverRss.startMb.toFixed(0)} before)`, verdict(max(raw.map(peakOf)), TARGETS.exportPeakRssMb, null)]);
    }
    for (const e of p.exports.filter((x) => !(x.granularity === 'raw' && x.format === 'csv' && x.server === 'fresh'))) {
      t.push([p.name, `(export ${e.granularity} ${e.format.toUpperCase()}, ${thousands(e.check.rows ?? 0)} rows${e.server === 'fresh' ? '' : `, ${e.server}`})`, '(< 120 s)', '(< 10 s)', `${sec(e.totalMs)} s, ${peakOf(e).toFixed(0)} MB`, `(${verdict(e.totalMs, TARGETS.exportTargetMs, TARGETS.exportSpecMs)}; RSS ${verdict(peakOf(e), TARGETS.exportPeakRssMb, null)})`]);
    }
  }
  const lastPass = r.passes.at(-1);
  for (const rep of lastPass?.reports ?? []) t.push(['', `PDF size, ${rep.type}`, '—', '—', `${kb(rep.samples[0]!.get.pdf.bytes)} KB, ${rep.checks.pdf.pages ?? '?'} pages`, '']);
  out.push(table(['pass', 'figure', 'spec', 'target', 'measured', 'verdict'], t));

  const notes: string[] = [];
  if (r.loadAvg.max > r.machine.cpus) notes.push(`1-minute load average reached ${r.loadAvg.max} on ${r.machine.cpus} CPUs (${r.loadAvg.start} at the start): other processes competed for the CPU; timings are pessimistic and noisy.`);
  for (const p of r.passes) {
    const bad = [
      ...p.reports.flatMap((x) => FORMATS.filter((f) => !x.checks[f].ok).map((f) => `${x.type} ${f}: ${x.checks[f].detail}`)),
      ...p.exports.filter((e) => !e.check.ok).map((e) => `export ${e.granularity} ${e.format}: ${e.check.detail}`),
    ];
    if (bad.length) notes.push(`${p.name}: files that failed their check: ${bad.join('; ')}`);
  }
  if (r.stored.dataPoints !== r.load.planTotal) notes.push(`stored ${r.stored.dataPoints} data points, generated ${r.load.planTotal}.`);
  notes.push(`server: ${Object.entries(r.server).map(([k, v]) => `${k}=${v}`).join(', ')} (REPORT_TIMEOUT_MS raised from the default 30000 so a slow report is timed instead of answered 408).`);
  out.push('');
  out.push('== Notes ==');
  out.push(...notes.map((n) => `- ${n}`));
  return out.join('\n');
}

/** The plan's node types, top down, without costs: enough to tell a nested loop from a hash join and see a disk sort. */
function planSummary(plan: string): string {
  const nodes: string[] = [];
  for (const line of plan.split('\n')) {
    const m = /^\s*(?:->\s*)?([A-Z][A-Za-z ]+?)(?: on (\w+)(?: \w+)?| using (\w+) on (\w+)(?: \w+)?)?\s+\(cost/.exec(line);
    if (m) nodes.push(m[4] ? `${m[1]} ${m[4]}` : m[2] ? `${m[1]} ${m[2]}` : m[1]!);
    const sort = /Sort Method: (.*)$/.exec(line);
    if (sort) nodes.push(`[${sort[1]!.trim()}]`);
  }
  const text = nodes.join(' › ');
  return text.length > 150 ? `${text.slice(0, 149)}…` : text;
}

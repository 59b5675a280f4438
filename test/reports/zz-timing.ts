import { renderPdf } from '../../src/reports/pdf/render-pdf.js';
import { renderCsv } from '../../src/reports/csv/render-csv.js';
import { streamCsv } from '../../src/reports/csv/stream-csv.js';
import { sampleReport } from './sample-report.js';
import { pdfinfo } from './poppler.js';
import { writeFile } from 'node:fs/promises';
await renderPdf(sampleReport());
let t = performance.now();
const big = await renderPdf(sampleReport({ trendRows: 730, posts: 500 }));
await writeFile('/tmp/pb-big.pdf', big);
console.log('PDF 730-row trend + 500 posts', Math.round(performance.now() - t), 'ms', big.length, 'bytes', (await pdfinfo('/tmp/pb-big.pdf')).pages, 'pages');
t = performance.now();
const csv = renderCsv(sampleReport());
console.log('CSV sample', Math.round(performance.now() - t), 'ms', csv.length);
async function* rows() { for (let i = 0; i < 1_000_000; i++) yield { observed_at: new Date(1.7e12 + i * 60000), platform: 'youtube', metric: 'views', value: i }; }
t = performance.now();
let bytes = 0; let peak = 0;
for await (const c of streamCsv(rows(), [{ key: 'observed_at', type: 'datetime' }, { key: 'platform', type: 'text' }, { key: 'metric', type: 'text' }, { key: 'value', type: 'int' }])) { bytes += (c as Buffer).length; peak = Math.max(peak, process.memoryUsage().rss); }
console.log('stream 1M rows', Math.round(performance.now() - t), 'ms', bytes, 'bytes, peak RSS MB', Math.round(peak / 1e6));

/**
 * Not a test: renders the sample report so a person can look at it.
 *   npx tsx test/reports/render-sample.ts [A4|LETTER] [out.pdf]
 *   pdftoppm -png -r 60 /tmp/pulseboard-sample.pdf /tmp/sample
 */
import { writeFile } from 'node:fs/promises';
import { renderPdf } from '../../src/reports/pdf/render-pdf.js';
import { sampleReport } from './sample-report.js';

const pageSize = process.argv[2] === 'LETTER' ? 'LETTER' : 'A4';
const out = process.argv[3] ?? '/tmp/pulseboard-sample.pdf';
for (const run of ['cold', 'warm']) {
  const started = performance.now();
  const pdf = await renderPdf(sampleReport(), { pageSize });
  console.log(`${run}: ${Math.round(performance.now() - started)} ms, ${pdf.length} bytes`);
  if (run === 'warm') await writeFile(out, pdf);
}
console.log(`wrote ${out}`);

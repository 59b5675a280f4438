/**
 * What the server's resting RSS is made of: a fresh process (node --import tsx,
 * like the server child and `npm start`) imports the heavy modules one after
 * another and prints its RSS after each, as one JSON line. Spawned by
 * bench/reports.ts; run alone with `node --import tsx bench/reports/footprint.ts`.
 */
const steps: { step: string; rssMb: number; heapUsedMb: number }[] = [];
const mark = (step: string) => {
  const m = process.memoryUsage();
  steps.push({ step, rssMb: Math.round(m.rss / 1048576), heapUsedMb: Math.round(m.heapUsed / 1048576) });
};
mark('node + tsx loader');
for (const [step, mod] of [
  ['', 'fastify'],
  ['+ fastify, pg', 'pg'],
  ['+ the app (src/app.ts and everything it imports at start-up)', '../../src/app.js'],
  // Loaded by src/reports/pdf/render-pdf.ts on the first PDF, not at start-up.
  ['+ the PDF engine on the first PDF: pdfmake and ECharts (src/reports/pdf/pdf-engine.ts)', '../../src/reports/pdf/pdf-engine.js'],
] as const) {
  await import(mod);
  if (step) mark(step);
}
process.stdout.write(`${JSON.stringify(steps)}\n`);

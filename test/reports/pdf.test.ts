import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf, streamPdf } from '../../src/reports/pdf/render-pdf.js';
import { InvalidReportError } from '../../src/reports/validate-report.js';
import { pdffonts, pdfimagesCount, pdfinfo, pdftoppm, pdftotext } from './poppler.js';
import { sampleReport } from './sample-report.js';

let dir: string;
let a4File: string;
let a4Pages: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pulseboard-pdf-'));
  a4File = path.join(dir, 'report-a4.pdf');
  const started = performance.now();
  const pdf = await renderPdf(sampleReport(), { pageSize: 'A4' });
  console.log(`sample PDF (4×730-point chart, 2 charts, 120-row and 31-row tables): ${Math.round(performance.now() - started)} ms, ${pdf.length} bytes`);
  await writeFile(a4File, pdf);
  a4Pages = (await pdfinfo(a4File)).pages;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function pagesContaining(file: string, pages: number, needle: string): Promise<number[]> {
  const found: number[] = [];
  for (let page = 1; page <= pages; page++) {
    if ((await pdftotext(file, page)).includes(needle)) found.push(page);
  }
  return found;
}

describe('PDF report', () => {
  it('is an A4 document with the report name as its title', async () => {
    const info = await pdfinfo(a4File);
    expect(info.pageSize).toMatch(/\(A4\)/);
    expect(info.title).toBe('Acme Q4 Client Review');
    expect(info.pages).toBeGreaterThanOrEqual(8);
  });

  it('is Letter sized when the caller asks for Letter', async () => {
    const file = path.join(dir, 'report-letter.pdf');
    await writeFile(file, await renderPdf(sampleReport({ posts: 10 }), { pageSize: 'LETTER' }));
    expect((await pdfinfo(file)).pageSize).toMatch(/^612 x 792 pts \(letter\)/);
  });

  it('shows name, range, time zone and generation time on the title page', async () => {
    const text = await pdftotext(a4File, 1);
    expect(text).toContain('Acme Q4 Client Review');
    expect(text).toContain('2023-01-01 – 2024-12-30');
    expect(text).toContain('Europe/Berlin');
    expect(text).toContain('2025-01-02 08:30 UTC');
    expect(text).toContain('Northwind Social');
  });

  it('prints the summary totals as formatted, with signed changes and no invented numbers', async () => {
    const text = await pdftotext(a4File, 2);
    expect(text).toContain('Executive summary');
    expect(text).toContain('1,234,567');
    expect(text).toContain('+23.5%');
    expect(text).toContain('vs 1,000,000 before');
    expect(text).toContain('45,210');
    expect(text).toContain('−9.6%');
    expect(text).toContain('3.66%');
    expect(text).toContain('−1.3 pp');
    // Followers have no previous value, link clicks no value at all: dash and n/a, never 0.
    expect(text).toMatch(/98,765[\s\S]*n\/a\s+vs — before/);
    expect(text).toMatch(/Link clicks[\s\S]*—/);
    expect(text).not.toMatch(/vs 0 before/);
  });

  it('numbers every page "Page X of Y"', async () => {
    for (let page = 1; page <= a4Pages; page++) {
      expect(await pdftotext(a4File, page)).toContain(`Page ${page} of ${a4Pages}`);
    }
  });

  it('repeats the title and column headers on every page of a long table', async () => {
    // Rows of the 120-row performance table are c0001 … c0120; find the pages they sit on.
    const firstRowPage = (await pagesContaining(a4File, a4Pages, 'c0001'))[0]!;
    const lastRowPage = (await pagesContaining(a4File, a4Pages, 'c0120'))[0]!;
    expect(lastRowPage).toBeGreaterThan(firstRowPage);
    for (let page = firstRowPage; page <= lastRowPage; page++) {
      const text = await pdftotext(a4File, page);
      expect(text).toContain('Content performance');
      expect(text).toMatch(/ID\s+Title\s+Platform\s+Published\s+Views\s+Likes/);
      expect(text).toContain('Eng. rate');
    }
  });

  it('draws charts as vectors, with their labels as text', async () => {
    expect(await pdfimagesCount(a4File)).toBe(0);
    const chartPage = await pdftotext(a4File, 3);
    expect(chartPage).toContain('Views per platform per day');
    expect(chartPage).toMatch(/youtube\s+tiktok\s+instagram\s+twitter/);
    expect(chartPage).toContain('2023-01-01');
  });

  it('embeds its fonts', async () => {
    const fonts = await pdffonts(a4File);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded)).toBe(true);
    expect(fonts.some((f) => f.name.includes('Roboto'))).toBe(true);
  });

  it('renders every page with pdftoppm without errors', async () => {
    const stderr = await pdftoppm(a4File, path.join(dir, 'page'), 50);
    expect(stderr).not.toMatch(/error/i);
    const images = (await readdir(dir)).filter((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(images).toHaveLength(a4Pages);
  });

  it('streams the same document', async () => {
    const stream = await streamPdf(sampleReport({ posts: 10 }));
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const file = path.join(dir, 'streamed.pdf');
    await writeFile(file, Buffer.concat(chunks));
    expect((await pdfinfo(file)).pages).toBeGreaterThanOrEqual(4);
  });

  it('refuses a malformed report instead of printing it', async () => {
    const broken = sampleReport({ posts: 2 });
    (broken.summary.items[0] as { value: unknown }).value = '1234';
    await expect(renderPdf(broken)).rejects.toBeInstanceOf(InvalidReportError);
  });
});

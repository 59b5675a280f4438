/** Thin wrappers over the poppler command-line tools (Debian package poppler-utils). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PdfInfo {
  pages: number;
  pageSize: string;
  title: string;
}

export async function pdfinfo(file: string): Promise<PdfInfo> {
  const { stdout } = await run('pdfinfo', [file]);
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(stdout)?.[1]?.trim() ?? '';
  return { pages: Number(field('Pages')), pageSize: field('Page size'), title: field('Title') };
}

/** Text of one page (or all pages), in reading layout. */
export async function pdftotext(file: string, page?: number): Promise<string> {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  const { stdout } = await run('pdftotext', ['-layout', ...range, file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export async function pdffonts(file: string): Promise<{ name: string; embedded: boolean }[]> {
  const { stdout } = await run('pdffonts', [file]);
  return stdout
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      // name type... encoding emb sub uni object ID: "emb" is the 5th column from the end.
      return { name: cols[0]!, embedded: cols.at(-5) === 'yes' };
    });
}

/** Rasterises every page; resolves with stderr so callers can check it is clean. */
export async function pdftoppm(file: string, outPrefix: string, resolution: number): Promise<string> {
  const { stderr } = await run('pdftoppm', ['-png', '-r', String(resolution), file, outPrefix]);
  return stderr;
}

export async function pdfimagesCount(file: string): Promise<number> {
  const { stdout } = await run('pdfimages', ['-list', file]);
  return stdout.split('\n').slice(2).filter((l) => l.trim() !== '').length;
}

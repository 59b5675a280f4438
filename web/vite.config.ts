/**
 * The dashboard's build. Preact through esbuild's automatic JSX runtime (no
 * Babel), one chunk per view (dynamic imports in src/routes.ts), output in
 * dist/web, which the API serves (src/http/web.ts). Chart options come from
 * ../src/charts, the same builders the PDF reports use.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * Writes a .br and a .gz beside every built script and stylesheet, which the
 * API serves to browsers that accept them (src/http/web.ts, preCompressed):
 * compressed once at build instead of on every request, and the chart
 * library arrives in about a third of its bytes.
 */
function precompress(): Plugin {
  return {
    name: 'pulseboard-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const files = Object.keys(bundle).filter((name) => /\.(js|css)$/.test(name));
      await Promise.all(
        files.map(async (name) => {
          const path = join(options.dir!, name);
          const raw = await readFile(path);
          await writeFile(`${path}.br`, await brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
          await writeFile(`${path}.gz`, await gz(raw, { level: 9 }));
        }),
      );
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  plugins: [precompress()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    // Vite prints each chunk's gzip size; bench/web.ts prints them as a table.
    reportCompressedSize: true,
    // .vite/manifest.json: which chunks each view imports, for bench/web.ts's initial-JavaScript figure.
    manifest: true,
    chunkSizeWarningLimit: 600,
  },
  // npm run dev: the page from Vite, the API from a running npm start (PULSEBOARD_API to point elsewhere).
  server: { proxy: { '/api': { target: process.env.PULSEBOARD_API ?? 'http://127.0.0.1:3000', ws: true } } },
});

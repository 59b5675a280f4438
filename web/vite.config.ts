/**
 * The dashboard's build. Preact through esbuild's automatic JSX runtime (no
 * Babel), one chunk per view (dynamic imports in src/routes.ts), output in
 * dist/web, which the API serves (src/http/web.ts). Chart options come from
 * ../src/charts, the same builders the PDF reports use.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
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

/**
 * The dashboard served by the API (src/http/web.ts), on a stand-in build
 * directory: the page at / and at any page address (so a bookmark of
 * /content/<uuid> reaches the page's router), hashed assets cached for good,
 * the API's own 404s kept as JSON, nothing outside the directory served.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';

let h: TestApp;
let root: string;
const PAGE = '<!doctype html><title>Pulseboard</title><div id="app"></div>';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'pulseboard-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), PAGE);
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  h = await createTestApp({}, { webRoot: root });
});
afterAll(async () => {
  await h?.close();
  rmSync(root, { recursive: true, force: true });
});

const html = { accept: 'text/html,application/xhtml+xml' };

describe('the dashboard from the API\'s origin', () => {
  it('serves the page at / without a token, never cached, with a content security policy', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(PAGE);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
  });

  it('answers any page address with the page, so bookmarks and reloads work', async () => {
    for (const url of ['/content/0b5f2c3e-8d41-4f6a-9c27-5e1d3a7b9f00', '/platform/youtube?range=28d', '/accounts/connected/youtube?code=x&state=y']) {
      const res = await h.app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(PAGE);
    }
  });

  it('keeps the API\'s JSON 404 for API paths and for requests that do not want a page', async () => {
    const api = await h.app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: html });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
    const script = await h.app.inject({ method: 'GET', url: '/no-such-file.js', headers: { accept: '*/*' } });
    expect(script.statusCode).toBe(404);
    expect(script.headers['content-type']).toContain('application/json');
  });

  it('serves hashed assets without a token, cached as immutable', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log(1)');
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('sends the compressed copy the build wrote beside an asset to a browser that accepts it, the plain file otherwise', async () => {
    const script = 'console.log("chart library");'.repeat(50);
    writeFileSync(join(root, 'assets', 'engine-aaa111.js'), script);
    writeFileSync(join(root, 'assets', 'engine-aaa111.js.br'), brotliCompressSync(script));
    writeFileSync(join(root, 'assets', 'engine-aaa111.js.gz'), gzipSync(script));
    const br = await h.app.inject({ method: 'GET', url: '/assets/engine-aaa111.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers['content-type'])).toContain('javascript');
    expect(String(br.headers.vary)).toContain('accept-encoding');
    expect(br.headers['cache-control']).toContain('immutable');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    const gz = await h.app.inject({ method: 'GET', url: '/assets/engine-aaa111.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);
    const plain = await h.app.inject({ method: 'GET', url: '/assets/engine-aaa111.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('serves an asset built after the server started', async () => {
    writeFileSync(join(root, 'assets', 'Later-def456.js'), 'console.log(2)');
    const res = await h.app.inject({ method: 'GET', url: '/assets/Later-def456.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log(2)');
  });

  it('serves nothing outside the build directory', async () => {
    writeFileSync(join(root, '..', 'pulseboard-web-secret.txt'), 'CONTENT-OUTSIDE-THE-ROOT');
    try {
      for (const url of ['/assets/../../pulseboard-web-secret.txt', '/assets/%2e%2e/%2e%2e/pulseboard-web-secret.txt', '/assets/..%2f..%2fpulseboard-web-secret.txt']) {
        const res = await h.app.inject({ method: 'GET', url });
        expect(res.body, url).not.toContain('CONTENT-OUTSIDE-THE-ROOT');
        expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, url).toBeLessThan(500);
      }
    } finally {
      rmSync(join(root, '..', 'pulseboard-web-secret.txt'), { force: true });
    }
  });
});

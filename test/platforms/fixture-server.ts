/** A tiny server that replays recorded platform responses (JSON fixtures) by "METHOD /path". */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureReply {
  status?: number;
  headers?: Record<string, string>;
  /** File name under test/platforms/fixtures. */
  fixture?: string;
  /** Raw body, for non-JSON answers. */
  raw?: string;
}

export interface SeenRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as unknown;
}

/** Routes map "GET /path" to one reply or a sequence (consumed in order; the last one repeats). */
export async function serveFixtures(routes: Record<string, FixtureReply | FixtureReply[]>): Promise<{ origin: string; seen: SeenRequest[]; close(): Promise<void> }> {
  const seen: SeenRequest[] = [];
  const cursor = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      seen.push({ method: req.method ?? 'GET', url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      const key = `${req.method} ${url.pathname}`;
      const entry = routes[key];
      const list = entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
      const i = Math.min(cursor.get(key) ?? 0, list.length - 1);
      cursor.set(key, i + 1);
      const reply = list[i];
      if (!reply) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no fixture"}');
        return;
      }
      const body = reply.raw ?? (reply.fixture ? readFileSync(new URL(`./fixtures/${reply.fixture}`, import.meta.url), 'utf8') : '');
      res.writeHead(reply.status ?? 200, { 'content-type': reply.raw ? 'text/html' : 'application/json; charset=UTF-8', ...reply.headers }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The benchmark's HTTP client: node:http with a keep-alive agent, timing each
 * request from the moment it is sent to the first byte of the response and to
 * its last byte. Downloads either stay in memory (report files) or stream to a
 * file (exports), counting bytes as they arrive.
 */
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Timed {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Request sent → response headers received, ms. */
  ttfbMs: number;
  /** Request sent → last byte received, ms. */
  totalMs: number;
  bytes: number;
  /** 'data' events the response body arrived in (downloads only; 0 for fetch). */
  chunks: number;
}

function request(
  agent: http.Agent,
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | null,
  sink: (res: http.IncomingMessage) => Promise<number | { bytes: number; chunks: number }>,
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(new URL(path, baseUrl), { method, headers, agent }, (res) => {
      const ttfbMs = performance.now() - t0;
      sink(res).then(
        (got) => {
          const { bytes, chunks } = typeof got === 'number' ? { bytes: got, chunks: 0 } : got;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, ttfbMs, totalMs: performance.now() - t0, bytes, chunks });
        },
        reject,
      );
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

async function toBuffer(res: http.IncomingMessage, into: Buffer[]): Promise<number> {
  let n = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    into.push(chunk);
    n += chunk.length;
  }
  return n;
}

export class Client {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

  constructor(readonly baseUrl: string, private token: string | null = null) {}

  setToken(token: string): void {
    this.token = token;
  }

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = {};
    if (json) h['content-type'] = 'application/json';
    if (this.token) h.authorization = `Bearer ${this.token}`;
    return h;
  }

  /** A request whose body is read into memory. */
  async fetch(method: string, path: string, payload?: unknown): Promise<Timed & { body: Buffer }> {
    const chunks: Buffer[] = [];
    const t = await request(this.agent, this.baseUrl, method, path, this.headers(payload !== undefined), payload === undefined ? null : JSON.stringify(payload), (res) => toBuffer(res, chunks));
    return { ...t, body: Buffer.concat(chunks) };
  }

  async json<T>(method: string, path: string, payload?: unknown): Promise<Timed & { data: T }> {
    const r = await this.fetch(method, path, payload);
    let data: T;
    try {
      data = JSON.parse(r.body.toString('utf8')) as T;
    } catch {
      throw new Error(`${method} ${path}: ${r.status}, not JSON: ${r.body.toString('utf8').slice(0, 300)}`);
    }
    return { ...r, data };
  }

  /** Streams the response body to `file` (or, with file null, discards it), counting bytes. */
  download(path: string, file: string | null): Promise<Timed> {
    return request(this.agent, this.baseUrl, 'GET', path, this.headers(false), null, async (res) => {
      let n = 0;
      let chunks = 0;
      const counter = new Writable({
        write(chunk: Buffer, _enc, cb) {
          cb();
        },
      });
      res.on('data', (chunk: Buffer) => {
        n += chunk.length;
        chunks += 1;
      });
      if (file === null || res.statusCode !== 200) await pipeline(res, counter);
      else await pipeline(res, createWriteStream(file));
      return { bytes: n, chunks };
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A `ws` client for the live socket that records every message and the close, for tests and the benchmark. */
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import type { LiveEvent } from '../../src/realtime/events.js';

export interface LiveClient {
  ws: WebSocket;
  messages: LiveEvent[];
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  /** The first message (from index `from` on) that matches, within `timeoutMs`. */
  next(match: (e: LiveEvent) => boolean, timeoutMs?: number, from?: number): Promise<LiveEvent>;
  close(): Promise<void>;
}

export function openLive(base: string, ticket: string): LiveClient {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/live?ticket=${encodeURIComponent(ticket)}`);
  const messages: LiveEvent[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as LiveEvent);
    for (const w of [...waiters]) w();
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      for (const w of [...waiters]) w();
    });
  });
  return {
    ws,
    messages,
    closed,
    next(match, timeoutMs = 5000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.slice(from).find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          } else if (ws.readyState === WebSocket.CLOSED) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`socket closed before the expected message; got ${messages.length} messages: ${summary(messages)}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message within ${timeoutMs} ms; got ${messages.length} messages: ${summary(messages)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}

/** The last few messages, each cut short (a data.updated may list hundreds of days). */
function summary(messages: LiveEvent[]): string {
  return messages.slice(-5).map((m) => JSON.stringify(m).slice(0, 120)).join(' | ');
}

/** A ticket for the user with this bearer header. */
export async function liveTicket(app: FastifyInstance, auth: { authorization: string }): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/live/ticket', headers: auth });
  if (res.statusCode !== 201) throw new Error(`ticket: ${res.statusCode} ${res.body}`);
  return (res.json() as { ticket: string }).ticket;
}

/** Opens a socket and waits for its first heartbeat (the subscription is live from then on). */
export async function connectLive(app: FastifyInstance, base: string, auth: { authorization: string }): Promise<LiveClient> {
  const client = openLive(base, await liveTicket(app, auth));
  await client.next((e) => e.type === 'heartbeat');
  return client;
}

/**
 * The live-updates socket on a real listening server: tickets (single use,
 * expiry, stored hashed), a user's events reach only that user, ingestion
 * publishes the changed platforms and days, and a slow client is closed
 * without holding anyone else up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { connectLive, liveTicket, openLive } from './helpers/live-client.js';
import { at, makeAccount } from './helpers/fixtures.js';
import type { DataUpdatedEvent, LiveEvent } from '../src/realtime/events.js';
import { TOO_SLOW_REASON, serveLiveSocket } from '../src/realtime/live-socket.js';
import { inProcessBus } from '../src/realtime/bus.js';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';

const TTL_MS = 1000;
/** An id in the events' form (a UUID): these events are published by the test itself, so they need name no row. */
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const MAX_BUFFERED = 64 * 1024;
let h: TestApp;
let base: string;

beforeAll(async () => {
  h = await createTestApp({ LIVE_TICKET_TTL_MS: String(TTL_MS), LIVE_MAX_BUFFERED_BYTES: String(MAX_BUFFERED) }, { metrics: new Registry() });
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await h?.close();
});

const isData = (e: LiveEvent): e is DataUpdatedEvent => e.type === 'data.updated';

/** Every YYYY-MM-DD from `from` to `to`, computed with Date arithmetic (independent of the SQL). */
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

describe('tickets', () => {
  it('needs a bearer token, answers 201 with a ticket and its expiry, and stores only a hash', async () => {
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/live/ticket' })).statusCode).toBe(401);
    const user = await register(h.app);
    const before = Date.now();
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/live/ticket', headers: user.auth });
    expect(res.statusCode).toBe(201);
    const { ticket, expires_at } = res.json() as { ticket: string; expires_at: string };
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const expires = Date.parse(expires_at);
    expect(expires).toBeGreaterThanOrEqual(before + TTL_MS - 5);
    expect(expires).toBeLessThanOrEqual(Date.now() + TTL_MS + 5);
    const rows = await h.t.db.query<{ ticket_hash: string }>('SELECT ticket_hash FROM live_tickets WHERE user_id = $1', [user.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ticket_hash).not.toContain(ticket);
  });

  it('opens one socket once: a second use, an unknown and an expired ticket are closed with 1008 and the reason', async () => {
    const user = await register(h.app);
    const ticket = await liveTicket(h.app, user.auth);
    const first = openLive(base, ticket);
    await first.next((e) => e.type === 'heartbeat');
    const again = await openLive(base, ticket).closed;
    expect(again).toEqual({ code: 1008, reason: expect.stringContaining('already used') });
    // The first socket is unaffected by the refused second one.
    expect(first.ws.readyState).toBe(first.ws.OPEN);
    await first.close();

    expect(await openLive(base, 'x'.repeat(43)).closed).toEqual({ code: 1008, reason: expect.stringContaining('unknown ticket') });
    expect(await openLive(base, 'not a ticket').closed).toEqual({ code: 1008, reason: expect.stringContaining('unknown ticket') });

    const late = await liveTicket(h.app, user.auth);
    await sleep(TTL_MS + 100);
    expect(await openLive(base, late).closed).toEqual({ code: 1008, reason: expect.stringContaining('expired') });
  });

  it('answers a plain GET with 426 and a missing ticket with 400 naming it, without an upgrade', async () => {
    const user = await register(h.app);
    const ticket = await liveTicket(h.app, user.auth);
    const plain = await h.app.inject({ method: 'GET', url: `/api/v1/live?ticket=${ticket}` });
    expect(plain.statusCode).toBe(426);
    expect(plain.json()).toMatchObject({ error: { code: 'upgrade_required' } });
    // The plain GET did not use the ticket up.
    const socket = openLive(base, ticket);
    await socket.next((e) => e.type === 'heartbeat');
    await socket.close();
    const missing = await h.app.inject({ method: 'GET', url: '/api/v1/live' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: { details: { field: expect.stringContaining('ticket') } } });
  });
});

describe('events', () => {
  it('ingestion publishes data.updated with the changed platform and UTC days, after the commit, to that user only', async () => {
    const alice = await register(h.app);
    const bob = await register(h.app);
    const aliceAccount = await makeAccount(h.t.db, alice.id, 'youtube');
    const a = await connectLive(h.app, base, alice.auth);
    const b = await connectLive(h.app, base, bob.auth);

    await h.services.ingest({
      userId: alice.id, accountId: aliceAccount, source: 'test',
      posts: [{ platformPostId: 'v1', publishedAt: at('2026-03-01T10:00:00Z') }],
      postMetrics: [{ platformPostId: 'v1', metric: 'views', value: 1000, observedAt: at('2026-03-05T12:00:00Z') }],
    });
    const first = await a.next(isData);
    // A post's first-seen lifetime value counts on its publish day (design.md): that is the one day that changed.
    expect(first).toEqual({ type: 'data.updated', platforms: ['youtube'], days: ['2026-03-01'] });
    // After the commit: what the event announces is already readable.
    const [row] = await h.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM post_daily WHERE user_id = $1`, [alice.id]);
    expect(row!.n).toBeGreaterThan(0);

    const n = a.messages.length;
    await h.services.ingest({
      userId: alice.id, accountId: aliceAccount, source: 'test',
      postMetrics: [{ platformPostId: 'v1', metric: 'views', value: 1300, observedAt: at('2026-03-06T08:00:00Z') }],
    });
    expect(await a.next(isData, 5000, n)).toEqual({ type: 'data.updated', platforms: ['youtube'], days: ['2026-03-06'] });

    // A follower count observed on the 9th: the account's days from the 6th (its last data) through the 9th are rebuilt.
    const k = a.messages.length;
    await h.services.ingest({
      userId: alice.id, accountId: aliceAccount, source: 'test',
      accountMetrics: [{ metric: 'followers', value: 120, observedAt: at('2026-03-09T10:00:00Z') }],
    });
    const third = (await a.next(isData, 5000, k)) as DataUpdatedEvent;
    expect(third.platforms).toEqual(['youtube']);
    expect(third.days.at(-1)).toBe('2026-03-09');
    expect(third.days).toEqual(daysBetween(third.days[0]!, '2026-03-09'));

    // The same observation again changes nothing and announces nothing.
    const m = a.messages.length;
    await h.services.ingest({
      userId: alice.id, accountId: aliceAccount, source: 'test',
      postMetrics: [{ platformPostId: 'v1', metric: 'views', value: 1300, observedAt: at('2026-03-06T08:00:00Z') }],
    });
    // Bob's own marker event, published after Alice's ingests, is the first thing Bob sees: none of Alice's came before it.
    await h.services.events.publish(bob.id, { type: 'alert', alert_id: uuid(7), kind: 'spike', platform: 'tiktok', content_id: null });
    await h.services.events.publish(alice.id, { type: 'alert', alert_id: uuid(8), kind: 'drop', platform: 'youtube', content_id: uuid(1) });
    await b.next((e) => e.type === 'alert');
    await a.next((e) => e.type === 'alert', 5000, m);
    expect(b.messages.filter((e) => e.type !== 'heartbeat')).toEqual([{ type: 'alert', alert_id: uuid(7), kind: 'spike', platform: 'tiktok', content_id: null }]);
    expect(a.messages.slice(m).filter((e) => e.type !== 'heartbeat')).toEqual([{ type: 'alert', alert_id: uuid(8), kind: 'drop', platform: 'youtube', content_id: uuid(1) }]);
    await a.close();
    await b.close();
  });

  it('names the UTC days for a user in another zone (a local day spans two UTC days)', async () => {
    const user = await register(h.app, 'America/Los_Angeles');
    const account = await makeAccount(h.t.db, user.id, 'tiktok');
    await h.services.ingest({
      userId: user.id, accountId: account, source: 'test',
      posts: [{ platformPostId: 't1', publishedAt: at('2026-04-01T12:00:00Z') }],
      postMetrics: [{ platformPostId: 't1', metric: 'views', value: 10, observedAt: at('2026-04-01T13:00:00Z') }],
    });
    const c = await connectLive(h.app, base, user.auth);
    // 03:00 UTC on the 3rd is the evening of the 2nd in Los Angeles: the rebuilt local day 2 April runs
    // from 07:00 UTC on the 2nd to 07:00 UTC on the 3rd.
    await h.services.ingest({
      userId: user.id, accountId: account, source: 'test',
      postMetrics: [{ platformPostId: 't1', metric: 'views', value: 50, observedAt: at('2026-04-03T03:00:00Z') }],
    });
    expect(await c.next(isData)).toEqual({ type: 'data.updated', platforms: ['tiktok'], days: ['2026-04-02', '2026-04-03'] });
    await c.close();
  });

  it('every socket of a user gets the event; closing one leaves the others subscribed', async () => {
    const user = await register(h.app);
    const s1 = await connectLive(h.app, base, user.auth);
    const s2 = await connectLive(h.app, base, user.auth);
    const s3 = await connectLive(h.app, base, user.auth);
    await s2.close();
    await h.services.events.publish(user.id, { type: 'alert', alert_id: uuid(1), kind: 'viral', platform: 'instagram', content_id: uuid(5) });
    await s1.next((e) => e.type === 'alert');
    await s3.next((e) => e.type === 'alert');
    expect(s2.messages.some((e) => e.type === 'alert')).toBe(false);
    await s1.close();
    await s3.close();
  });
});

describe('slow clients', () => {
  /** A day list as long as two years: a big event, to fill the kernel's socket buffers quickly. */
  const bigDays = (offset: number) => daysBetween(`${2000 + 2 * offset}-01-01`, `${2001 + 2 * offset}-12-31`);

  it('coalesces data.updated while the socket is backed up: fewer messages, the union of their days', async () => {
    const user = await register(h.app);
    const c = await connectLive(h.app, base, user.auth);
    c.ws.pause();
    const published: DataUpdatedEvent[] = [];
    // ~8 KB each, 16 MB in all: far more than the loopback socket buffers hold; their union (3 × 600 days) stays under the bound.
    for (let i = 0; i < 2000; i++) {
      const event: DataUpdatedEvent = { type: 'data.updated', platforms: [i % 2 ? 'youtube' : 'twitter'], days: bigDays(i % 3).slice(0, 600) };
      published.push(event);
      await h.services.events.publish(user.id, event);
    }
    // A last small one with a day no other event has.
    const last: DataUpdatedEvent = { type: 'data.updated', platforms: ['instagram'], days: ['2099-01-01'] };
    await h.services.events.publish(user.id, last);
    c.ws.resume();
    await c.next((e) => isData(e) && e.days.includes('2099-01-01'), 20_000);
    const got = c.messages.filter(isData);
    expect(got.length).toBeLessThan(published.length + 1);
    const unionOf = (events: DataUpdatedEvent[]) => ({
      platforms: [...new Set(events.flatMap((e) => e.platforms))].sort(),
      days: [...new Set(events.flatMap((e) => e.days))].sort(),
    });
    expect(unionOf(got)).toEqual(unionOf([...published, last]));
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    await c.close();
  });

  it('closes a socket that never reads with 1013 and the reason once past the bound, and keeps serving the others', async () => {
    const slowUser = await register(h.app);
    const other = await register(h.app);
    const slow = await connectLive(h.app, base, slowUser.auth);
    const fine = await connectLive(h.app, base, other.auth);
    slow.ws.pause();
    for (let i = 0; i < 2000; i++) {
      await h.services.events.publish(slowUser.id, { type: 'data.updated', platforms: ['youtube'], days: bigDays(i % 3).slice(0, 600) });
    }
    // Alerts are never merged: they pile up past the bound.
    for (let i = 0; i < 2 * (MAX_BUFFERED / 80); i++) {
      await h.services.events.publish(slowUser.id, { type: 'alert', alert_id: uuid(i), kind: 'spike', platform: 'youtube', content_id: uuid(i) });
    }
    // Meanwhile everyone else is served at once.
    await h.services.events.publish(other.id, { type: 'alert', alert_id: uuid(1), kind: 'drop', platform: 'twitter', content_id: null });
    await fine.next((e) => e.type === 'alert', 2000);
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBeLessThan(500);

    slow.ws.resume();
    expect(await slow.closed).toEqual({ code: 1013, reason: TOO_SLOW_REASON });
    // Fewer alerts arrived than were published: the rest were dropped with the socket, not queued without end.
    expect(slow.messages.filter((e) => e.type === 'alert').length).toBeLessThan(2 * (MAX_BUFFERED / 80));
    expect(fine.ws.readyState).toBe(fine.ws.OPEN);
    await fine.close();
  });
});

describe('heartbeat', () => {
  it('sends a heartbeat every period and terminates a client that stops answering pings', async () => {
    // The socket logic alone on a bare ws server: no app or database needed for timing.
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    const bus = inProcessBus();
    server.on('connection', (socket) => void serveLiveSocket(socket, 1, bus, { heartbeatMs: 100, maxBufferedBytes: MAX_BUFFERED }));
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const open = async () => {
      const c = openLive(`http://127.0.0.1:${port}`, 'unused');
      await c.next((e) => e.type === 'heartbeat');
      return c;
    };
    try {
      const live = await open();
      await sleep(650);
      const beats = live.messages.filter((e) => e.type === 'heartbeat');
      // The first on subscribing, then one per 100 ms.
      expect(beats.length).toBeGreaterThanOrEqual(3);
      expect(Date.parse((beats.at(-1) as { at: string }).at)).toBeGreaterThan(Date.now() - 1000);
      expect(live.ws.readyState).toBe(live.ws.OPEN);

      const dead = await open();
      dead.ws.pause();
      await sleep(500);
      dead.ws.resume();
      // Terminated without a close frame: 1006 on the client side.
      expect((await dead.closed).code).toBe(1006);
      expect(live.ws.readyState).toBe(live.ws.OPEN);
      await live.close();
    } finally {
      await bus.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

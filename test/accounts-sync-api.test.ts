/** The accounts and sync endpoints through HTTP, against the simulator. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inProcessQueue } from '../src/queue/in-process.js';
import { register } from './helpers/app.js';
import { publicIdOf, UNKNOWN_ID } from './helpers/ids.js';
import { startSyncHarness, type SyncHarness } from './helpers/sync.js';
import { syncJobHandlers } from '../src/jobs/handlers/sync.js';

let s: SyncHarness;

beforeAll(async () => {
  // A queue that runs jobs: POST /analytics/sync enqueues and waits for the results.
  const queue = inProcessQueue();
  s = await startSyncHarness({ queue, env: { SYNC_WAIT_MS: '8000' } });
  await queue.start(syncJobHandlers(s.engine), 2);
});
afterAll(async () => {
  await s?.close();
});
beforeEach(() => s.sim.clearFaults());

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, auth = s.user.auth) =>
  s.h.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });

describe('accounts API', () => {
  let tiktokId: string;

  it('connects an account with a token the platform accepts: 201, tokens encrypted at rest, backfill queued', async () => {
    const tokens = s.sim.tokens('tiktok', 0);
    const res = await call('POST', '/api/v1/accounts', { platform: 'tiktok', access_token: tokens.accessToken, refresh_token: tokens.refreshToken });
    expect(res.statusCode, res.body).toBe(201);
    const { account } = res.json();
    expect(account).toMatchObject({ platform: 'tiktok', external_id: s.sim.accounts('tiktok')[0]!.externalId, handle: s.sim.accounts('tiktok')[0]!.handle, needs_reauth: false });
    expect(res.body).not.toContain(tokens.accessToken);
    tiktokId = account.id;
    const [row] = await s.h.t.db.query<{ access_token_enc: string }>('SELECT access_token_enc FROM platform_accounts WHERE public_id = $1', [tiktokId]);
    expect(row!.access_token_enc).not.toContain(tokens.accessToken);
    expect(row!.access_token_enc).toMatch(/^v1\./);
    await s.queue.idle();
    const list = (await call('GET', '/api/v1/accounts')).json();
    expect(list.accounts.find((a: { id: string }) => a.id === tiktokId).last_sync_status).toBe('success');
  });

  it('refuses a token the platform rejects with 422 and the reason, storing nothing', async () => {
    const before = await s.h.t.db.query('SELECT id FROM platform_accounts');
    const res = await call('POST', '/api/v1/accounts', { platform: 'twitter', access_token: 'not-a-real-token' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('token_rejected');
    expect(res.json().error.message).toMatch(/twitter/);
    expect(await s.h.t.db.query('SELECT id FROM platform_accounts')).toEqual(before);
    const bad = await call('POST', '/api/v1/accounts', { platform: 'myspace', access_token: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('platform');
  });

  it("another user can't see, sync or delete the account: 404, the same answer as an id that does not exist", async () => {
    const mallory = await register(s.h.app);
    expect((await call('GET', '/api/v1/accounts', undefined, mallory.auth)).json().accounts).toEqual([]);
    const unknown = UNKNOWN_ID;
    const del = await call('DELETE', `/api/v1/accounts/${tiktokId}`, undefined, mallory.auth);
    const delUnknown = await call('DELETE', `/api/v1/accounts/${unknown}`, undefined, mallory.auth);
    expect(del.statusCode).toBe(404);
    expect(del.body).toBe(delUnknown.body);
    const sync = await call('POST', '/api/v1/analytics/sync', { account_ids: [tiktokId] }, mallory.auth);
    const syncUnknown = await call('POST', '/api/v1/analytics/sync', { account_ids: [unknown] }, mallory.auth);
    expect(sync.statusCode).toBe(404);
    // The message names the field, not the id: both answers are the same.
    expect(sync.body).toBe(syncUnknown.body);
    // Still there, still syncable by its owner.
    expect((await call('GET', '/api/v1/accounts')).json().accounts.some((a: { id: string }) => a.id === tiktokId)).toBe(true);
  });

  it('disconnecting keeps the history; purging removes it', async () => {
    const dash = async () => (await call('GET', '/api/v1/analytics/performance?from=2024-01-01&to=2026-12-31&platforms=tiktok&limit=500')).json();
    const posts = (await dash()).items.length;
    expect(posts).toBeGreaterThan(0);
    expect((await call('DELETE', `/api/v1/accounts/${tiktokId}`)).statusCode).toBe(204);
    expect((await dash()).items.length).toBe(posts);
    const [row] = await s.h.t.db.query<{ access_token_enc: string | null; disconnected_at: Date | null }>('SELECT access_token_enc, disconnected_at FROM platform_accounts WHERE public_id = $1', [tiktokId]);
    expect(row!.access_token_enc).toBeNull();
    expect(row!.disconnected_at).not.toBeNull();
    expect((await call('DELETE', `/api/v1/accounts/${tiktokId}?purge=true`)).statusCode).toBe(204);
    expect((await dash()).items.length).toBe(0);
    const left = await s.h.t.db.query('SELECT 1 FROM post_snapshots WHERE user_id = $1', [s.user.id]);
    expect(left).toHaveLength(0);
  });
});

describe('POST /analytics/sync', () => {
  let ytId: string;
  beforeAll(async () => {
    ytId = await publicIdOf(s.h.t.db, 'account', await s.connect('youtube', 1));
  });

  it('syncs now and answers 200 with per-account results', async () => {
    const res = await call('POST', '/api/v1/analytics/sync', { platforms: ['youtube'] });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.results).toEqual([expect.objectContaining({ account_id: ytId, platform: 'youtube', status: 'success' })]);
    expect(body.results[0].observations).toBeGreaterThan(0);
  });

  it('answers 503 with Retry-After when the platform is down, and loses nothing', async () => {
    const before = (await call('GET', '/api/v1/analytics/dashboard?from=2024-01-01&to=2026-12-31&platforms=youtube')).json().totals;
    s.sim.addFault({ kind: 'server_error', platform: 'youtube', status: 503 });
    const res = await call('POST', '/api/v1/analytics/sync', { account_ids: [ytId] });
    expect(res.statusCode, res.body).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json().error.details.retry_plan[0]).toMatchObject({ account_id: ytId, platform: 'youtube' });
    const after = (await call('GET', '/api/v1/analytics/dashboard?from=2024-01-01&to=2026-12-31&platforms=youtube')).json().totals;
    expect(after).toEqual(before);
  });

  it('answers 500 with the retry plan when a sync fails for another reason', async () => {
    s.sim.addFault({ kind: 'server_error', platform: 'youtube', status: 400 });
    const res = await call('POST', '/api/v1/analytics/sync', { account_ids: [ytId] });
    expect(res.statusCode, res.body).toBe(500);
    expect(res.json().error.code).toBe('sync_failed');
    expect(res.json().error.details.retry_plan).toHaveLength(1);
  });

  it('answers the one 500 error body, without internals, when something other than a sync breaks', async () => {
    const engine = s.h.services.sync!.engine;
    const enqueue = engine.enqueue;
    engine.enqueue = async () => {
      throw new Error('queue connection lost at 10.0.0.7');
    };
    try {
      const res = await call('POST', '/api/v1/analytics/sync', { account_ids: [ytId] });
      expect(res.statusCode, res.body).toBe(500);
      expect(res.json()).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
      expect(res.body).not.toContain('10.0.0.7');
    } finally {
      engine.enqueue = enqueue;
    }
  });

  it('answers 202 with a status URL when the sync outlasts the wait', async () => {
    s.h.services.sync!.waitMs = 300;
    s.sim.addFault({ kind: 'slow', platform: 'youtube', delayMs: 1500, times: 1 });
    const res = await call('POST', '/api/v1/analytics/sync', { account_ids: [ytId] });
    s.h.services.sync!.waitMs = 8000;
    expect(res.statusCode, res.body).toBe(202);
    const status = await call('GET', res.json().status_url);
    expect(status.statusCode).toBe(200);
    expect(status.json().accounts.map((a: { id: string }) => a.id)).toContain(ytId);
    await s.queue.idle();
  });

  it('reports per-platform success rate, latency and budget use', async () => {
    const status = (await call('GET', '/api/v1/analytics/sync/status')).json();
    const yt = status.platforms.find((p: { platform: string }) => p.platform === 'youtube');
    expect(yt.runs).toBeGreaterThanOrEqual(3);
    expect(yt.success_rate).toBeGreaterThan(0);
    expect(yt.success_rate).toBeLessThan(100);
    expect(yt.requests).toBeGreaterThan(0);
    const budget = status.budgets.find((b: { api: string }) => b.api === 'youtube-data');
    expect(budget).toMatchObject({ scope: 'app', limit: 10_000 });
    expect(budget.used).toBeGreaterThan(0);
  });
});

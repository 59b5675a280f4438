/**
 * Live events from a real sync (sync.status as the engine records it, and
 * data.updated for what it stored), and the feature-usage counter on /metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { startSyncHarness, type SyncHarness } from './helpers/sync.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { publicIdOf } from './helpers/ids.js';
import { connectLive } from './helpers/live-client.js';
import type { LiveEvent, SyncStatusEvent } from '../src/realtime/events.js';

describe('sync.status over the live socket', () => {
  let s: SyncHarness;
  let base: string;
  beforeAll(async () => {
    s = await startSyncHarness();
    base = await s.h.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await s?.close();
  });

  const statusOf = (messages: LiveEvent[]) => messages.filter((e): e is SyncStatusEvent => e.type === 'sync.status');

  it('announces running, then the outcome with last_synced_at; the stored data arrives as data.updated', async () => {
    const accountId = await s.connect('youtube');
    const live = await connectLive(s.h.app, base, s.user.auth);
    const result = await s.engine.syncAccount(s.user.id, accountId, 'manual');
    expect(result.status, result.error ?? '').toBe('success');
    await live.next((e) => e.type === 'sync.status' && e.status === 'success');
    const [row] = await s.h.t.db.query<{ last_synced_at: Date }>('SELECT last_synced_at FROM platform_accounts WHERE id = $1', [accountId]);
    // Events carry the account's API id, as GET /analytics/sync/status shows it.
    const publicId = await publicIdOf(s.h.t.db, 'account', accountId);
    expect(statusOf(live.messages)).toEqual([
      { type: 'sync.status', account_id: publicId, platform: 'youtube', status: 'running', last_synced_at: null, error: null },
      { type: 'sync.status', account_id: publicId, platform: 'youtube', status: 'success', last_synced_at: new Date(row!.last_synced_at).toISOString(), error: null },
    ]);
    const data = live.messages.filter((e) => e.type === 'data.updated');
    expect(data.length).toBeGreaterThan(0);
    for (const e of data) expect(e).toMatchObject({ platforms: ['youtube'] });
    await live.close();
  });

  it('says in plain words when the account must be reconnected', async () => {
    const accountId = await s.connect('instagram');
    expect((await s.engine.syncAccount(s.user.id, accountId, 'manual')).status).toBe('success');
    s.sim.revokeToken('instagram', 0);
    const live = await connectLive(s.h.app, base, s.user.auth);
    expect((await s.engine.syncAccount(s.user.id, accountId, 'manual')).status).toBe('needs_reauth');
    const last = await live.next((e) => e.type === 'sync.status' && e.status === 'needs_reauth');
    expect(last).toMatchObject({ account_id: await publicIdOf(s.h.t.db, 'account', accountId), platform: 'instagram', error: expect.stringContaining('reconnect the account') });
    // The last successful sync is still reported.
    expect((last as SyncStatusEvent).last_synced_at).not.toBeNull();
    await live.close();
  });
});

describe('feature usage', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await createTestApp({}, { metrics: new Registry() });
  });
  afterAll(async () => {
    await h?.close();
  });

  const sample = (text: string, event: string, detail: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`pulseboard_feature_usage_total{event="${event}",detail="${detail}"}`));
    return line === undefined ? undefined : Number(line.split(' ').at(-1));
  };

  it('counts each use per event and detail on /metrics, with nothing about the user', async () => {
    const user = await register(h.app);
    const post = (payload: object, auth = user.auth) => h.app.inject({ method: 'POST', url: '/api/v1/usage', headers: auth, payload });
    const before = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    // Every series exists from the start, at 0.
    expect(sample(before, 'range_chosen', 'this_year')).toBe(0);
    expect(sample(before, 'view_opened', 'overview')).toBe(0);

    expect((await post({ event: 'view_opened', detail: 'overview' })).statusCode).toBe(204);
    expect((await post({ event: 'view_opened', detail: 'overview' })).statusCode).toBe(204);
    expect((await post({ event: 'report_downloaded', detail: 'pdf' })).statusCode).toBe(204);
    expect((await post({ event: 'range_chosen', detail: '28d' })).statusCode).toBe(204);

    const after = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(sample(after, 'view_opened', 'overview')).toBe(2);
    expect(sample(after, 'report_downloaded', 'pdf')).toBe(1);
    expect(sample(after, 'range_chosen', '28d')).toBe(1);
    expect(sample(after, 'view_opened', 'compare')).toBe(0);
    const usageLines = after.split('\n').filter((l) => l.startsWith('pulseboard_feature_usage_total{'));
    // 11 views + 3 formats + 9 presets, and no label but event and detail.
    expect(usageLines).toHaveLength(23);
    for (const l of usageLines) expect(l).toMatch(/^pulseboard_feature_usage_total\{event="[a-z_]+",detail="[a-z0-9_]+"\} \d+$/);
    expect(after).not.toContain(String(user.id) + '"');
    expect(after).not.toContain(user.publicId);
  });

  it('refuses a detail of another event, an unknown event and extra fields with 400 naming the field; needs a token', async () => {
    const user = await register(h.app);
    const post = (payload: object) => h.app.inject({ method: 'POST', url: '/api/v1/usage', headers: user.auth, payload });
    const wrongPair = await post({ event: 'report_downloaded', detail: 'overview' });
    expect(wrongPair.statusCode).toBe(400);
    expect(wrongPair.json()).toMatchObject({ error: { details: { field: 'detail' } } });
    const unknown = await post({ event: 'clicked', detail: 'pdf' });
    expect(unknown.statusCode).toBe(400);
    expect(JSON.stringify(unknown.json())).toContain('event');
    const extra = await post({ event: 'view_opened', detail: 'overview', user: 'someone@example.test' });
    expect(extra.statusCode).toBe(400);
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/usage', payload: { event: 'view_opened', detail: 'overview' } })).statusCode).toBe(401);
    const metrics = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).not.toContain('someone@example.test');
    expect(metrics).not.toContain('clicked');
  });
});

/**
 * PATCH /api/v1/me: changing the time zone. The new zone's daily figures must
 * be there at once (built before the answer), the user row everyone reads
 * (session cache included) must say the new zone, and a bad zone is a 400
 * naming `timezone`. Expectations come from the independent reference
 * computation of test/helpers/dataset.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { expectedFor, makeDataset, type Dataset } from './helpers/dataset.js';

let h: TestApp;
let user: Awaited<ReturnType<typeof register>>;
let data: Dataset;
const END = new Date('2026-05-31T18:00:00Z');
const FROM = '2026-04-01';
const TO = '2026-05-31';

beforeAll(async () => {
  h = await createTestApp();
  user = await register(h.app, 'America/Los_Angeles');
  data = makeDataset(7, END, 75);
  for (const [platform, batch] of data.batches) {
    const account = await upsertAccount(h.t.db, user.id, { platform, externalId: `tz-${platform}`, handle: `@tz_${platform}` });
    await h.services.ingest({ ...batch, userId: user.id, accountId: account.id });
  }
});
afterAll(async () => {
  await h?.close();
});

const patch = (payload: unknown, auth = user.auth) => h.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: auth, payload: payload as object });
const dashboard = () => h.app.inject({ method: 'GET', url: `/api/v1/analytics/dashboard?from=${FROM}&to=${TO}`, headers: user.auth });

function expectedViews(tz: string): number {
  return [...data.batches].reduce((sum, [platform, batch]) => sum + (expectedFor(batch, platform, FROM, TO, tz).activity.views ?? 0), 0);
}

describe('PATCH /api/v1/me', () => {
  it('moves day boundaries to the new zone at once, without ?tz=', async () => {
    const before = await dashboard();
    expect(before.statusCode).toBe(200);
    expect(before.json().totals.views).toBe(expectedViews('America/Los_Angeles'));
    // The two zones must count these days differently, or this test could not fail.
    expect(expectedViews('Pacific/Auckland')).not.toBe(expectedViews('America/Los_Angeles'));

    const res = await patch({ timezone: 'Pacific/Auckland' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user.timezone).toBe('Pacific/Auckland');

    const me = await h.app.inject({ method: 'GET', url: '/api/v1/me', headers: user.auth });
    expect(me.json().user.timezone).toBe('Pacific/Auckland');
    const after = await dashboard();
    expect(after.json().totals.views).toBe(expectedViews('Pacific/Auckland'));

    // Ingestion keeps the new zone up to date: 321 more views, observed after the post's last reading,
    // at an instant that is 31 May in both zones (07:00–12:00 UTC), land in it.
    const [platform, batch] = [...data.batches][0]!;
    const at = new Date('2026-05-31T11:00:00Z');
    const readings = (id: string) => batch.postMetrics!.filter((m) => m.platformPostId === id && m.metric === 'views');
    const post = batch.posts!.find((p) => readings(p.platformPostId).length > 0 && readings(p.platformPostId).at(-1)!.observedAt < at)!;
    const last = readings(post.platformPostId).at(-1)!;
    const account = await upsertAccount(h.t.db, user.id, { platform, externalId: `tz-${platform}` });
    await h.services.ingest({ userId: user.id, accountId: account.id, source: 'test', postMetrics: [{ platformPostId: post.platformPostId, metric: 'views', value: last.value + 321, observedAt: at }] });
    expect((await dashboard()).json().totals.views).toBe(expectedViews('Pacific/Auckland') + 321);
  });

  it('going back to a previous zone rebuilds it from the stored observations', async () => {
    const res = await patch({ timezone: 'America/Los_Angeles' });
    expect(res.statusCode).toBe(200);
    expect((await dashboard()).json().totals.views).toBe(expectedViews('America/Los_Angeles') + 321);
  });

  it('refuses a zone that is not an IANA name, naming the field, and changes nothing', async () => {
    for (const timezone of ['Mars/Olympus', '', 'UTC+2']) {
      const res = await patch({ timezone });
      expect(res.statusCode, timezone).toBe(400);
      expect(res.json().error.details.field).toBe('timezone');
    }
    const extra = await patch({ timezone: 'UTC', email: 'x@example.test' });
    expect(extra.statusCode).toBe(400);
    const me = await h.app.inject({ method: 'GET', url: '/api/v1/me', headers: user.auth });
    expect(me.json().user.timezone).toBe('America/Los_Angeles');
  });

  it('needs a sign-in', async () => {
    const res = await h.app.inject({ method: 'PATCH', url: '/api/v1/me', payload: { timezone: 'UTC' } });
    expect(res.statusCode).toBe(401);
  });
});

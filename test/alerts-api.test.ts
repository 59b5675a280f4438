/**
 * Alerts end to end on constructed data ingested like a sync's: a planted
 * spike (YouTube), a planted drop (TikTok), a planted weekly pattern
 * (Instagram: no alert) and a planted viral post (X), found by the detection
 * job, listed, acknowledged and dismissed through the API; one alert per
 * episode; isolation; bad input; and delivery to a real local SMTP server and
 * a local HTTP receiver that checks the webhook signature itself.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAlertDetection } from '../src/alerts/run.js';
import { addDays, todayIn } from '../src/analytics/period.js';
import type { Platform } from '../src/analytics/catalog.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { listAlertDeliveries } from '../src/db/repositories/alerts.js';
import { alertsDetectHandler, alertsJobId } from '../src/jobs/handlers/alerts-detect.js';
import { inProcessQueue } from '../src/queue/in-process.js';
import type { LiveEvent } from '../src/realtime/events.js';
import { appIngest, enqueueAfterCommit } from '../src/services.js';
import type { DailyValue } from '../src/alerts/series.js';
import { med, reference, weeklySeries } from './alerts-reference.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { keyOf, publicIdOf, UNKNOWN_ID } from './helpers/ids.js';
import { expect400 } from './reports-api-helpers.js';

let h: TestApp;
let alice: Awaited<ReturnType<typeof register>>;
let bob: Awaited<ReturnType<typeof register>>;
let smtp: SMTPServer;
let receiver: Server;
let receiverUrl = '';
const mails: ParsedMail[] = [];
const hooks: { body: string; signature: string | undefined }[] = [];
// One clock for the planted data and the detection runs: a run that crosses midnight UTC must not move "today".
const NOW = new Date();
const today = todayIn('UTC', NOW);
const noon = (day: string) => new Date(`${day}T12:00:00Z`);

/** One long-running post whose daily views are `series` (a snapshot of its lifetime views at noon each day). */
async function plantSeries(userId: number, platform: Platform, series: DailyValue[], followers?: number[]) {
  const account = await upsertAccount(h.t.db, userId, { platform, externalId: `${platform}-${userId}`, handle: `@${platform}` });
  let total = 0;
  const postMetrics = series.map((p) => ({ platformPostId: 'evergreen', metric: 'views' as const, value: (total += p.value!), observedAt: noon(p.day) }));
  await h.services.ingest({
    userId, accountId: account.id, source: 'test',
    posts: [{ platformPostId: 'evergreen', publishedAt: new Date(`${series[0]!.day}T06:00:00Z`), title: 'Evergreen' }],
    postMetrics,
    accountMetrics: (followers ?? []).map((value, i) => ({ metric: 'followers' as const, value, observedAt: noon(series[i]!.day) })),
  });
  return account.id;
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => void simpleParser(Buffer.concat(chunks)).then((m) => { mails.push(m); callback(); }, callback));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hooks.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-pulseboard-signature-256'] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/pulseboard`;
  h = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, SMTP_FROM: 'Pulseboard <alerts@pulseboard.test>' });
  alice = await register(h.app);
  bob = await register(h.app);
});
afterAll(async () => {
  await h?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(resolve) : resolve()));
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

const get = (url: string, who = alice) => h.app.inject({ method: 'GET', url, headers: who.auth });
const post = (url: string, who = alice) => h.app.inject({ method: 'POST', url, headers: who.auth });
const put = (payload: object, who = alice) => h.app.inject({ method: 'PUT', url: '/api/v1/me/alert-settings', headers: who.auth, payload });
interface AlertItem { id: string; kind: string; platform: string; content_id: string | null; metric: string; observed: number; expected: number; score: number; day: string; last_day: string; status: string; detected_at: string }
const all = async (query = '', who = alice): Promise<AlertItem[]> => {
  const res = await get(`/api/v1/analytics/alerts?range=all${query}`, who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as AlertItem[];
};
/** The API ids of alerts a detection run created (it reports their database keys). */
const publicIds = (keys: number[]) => Promise.all(keys.map((key) => publicIdOf(h.t.db, 'alert', key)));

// Planted data (all days in UTC, the users' zone).
const spike = weeklySeries(addDays(today, -1), 90, 21, { weekend: 1.5 });
const spikeStart = spike.length - 2; // two days: the day before yesterday and yesterday
spike[spikeStart]!.value = 5200;
spike[spikeStart + 1]!.value = 4800;
const followers = spike.map((_, i) => 10_000 + 20 * i + ((i * 7) % 5));
const drop = weeklySeries(addDays(today, -1), 90, 22, { level: 3000, weekend: 0.7 });
drop[drop.length - 1]!.value = 300;
const pattern = weeklySeries(addDays(today, -1), 90, 23, { weekend: 3, noise: 0.05 });

describe('detection on planted data', () => {
  let secret = '';
  const events: LiveEvent[] = [];

  it('delivery is configured: e-mail on, a webhook whose secret is shown once', async () => {
    const res = await put({ email: true, webhook_url: receiverUrl, thresholds: { spike: 3.5 } });
    expect(res.statusCode, res.body).toBe(200);
    secret = res.json().webhook_secret;
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const again = await get('/api/v1/me/alert-settings');
    expect(again.json()).toEqual({
      thresholds: { spike: 3.5, drop: 3.5, viral: 3 }, cooldown_days: 7, email: true, email_available: true, webhook_url: receiverUrl, webhook_secret_set: true,
    });
    expect(again.body).not.toContain(secret);
    // A change that does not touch the webhook keeps the secret and does not show it.
    const other = await put({ cooldown_days: 5 });
    expect(other.json()).toMatchObject({ cooldown_days: 5, webhook_secret: null, webhook_secret_set: true });
    expect((await put({ cooldown_days: 7 })).statusCode).toBe(200);
  });

  it('finds the planted spike and drop, and nothing in the weekly pattern or the steady follower growth', async () => {
    const yt = await plantSeries(alice.id, 'youtube', spike, followers);
    await plantSeries(alice.id, 'tiktok', drop);
    await plantSeries(alice.id, 'instagram', pattern);
    expect(yt).toBeGreaterThan(0);
    const stop = h.services.events.subscribe(alice.id, (e) => void events.push(e));
    const run = await runAlertDetection(h.services, alice.id, NOW);
    stop();
    const items = await all();
    const created = await publicIds(run.created);
    expect(created.sort()).toEqual(items.map((i) => i.id).sort());

    // YouTube: one account-level views spike for the two days, plus the same on the post (its only source of views).
    const ref = reference(spike, spikeStart);
    const account = items.filter((i) => i.platform === 'youtube' && i.content_id === null);
    expect(account.map((i) => [i.kind, i.metric])).toEqual([['spike', 'views']]);
    expect(account[0]).toMatchObject({ day: spike[spikeStart]!.day, last_day: spike[spikeStart + 1]!.day, observed: 5200, status: 'new' });
    expect(account[0]!.expected).toBeCloseTo(ref.expected, 6);
    expect(account[0]!.score).toBeCloseTo(ref.z, 6);
    const onPost = items.filter((i) => i.platform === 'youtube' && i.content_id !== null);
    expect(onPost.map((i) => [i.kind, i.metric, i.day])).toEqual([['spike', 'views', spike[spikeStart]!.day]]);

    // TikTok: the drop yesterday, on the account (posts are not checked for drops).
    const refDrop = reference(drop, drop.length - 1);
    const tiktok = items.filter((i) => i.platform === 'tiktok');
    expect(tiktok.map((i) => [i.kind, i.metric, i.content_id, i.day, i.observed])).toEqual([['drop', 'views', null, addDays(today, -1), 300]]);
    expect(tiktok[0]!.expected).toBeCloseTo(refDrop.expected, 6);
    expect(tiktok[0]!.score).toBeCloseTo(refDrop.z, 6);

    // Instagram's weekends at three times the weekdays: no alert.
    expect(items.filter((i) => i.platform === 'instagram')).toEqual([]);
    expect(items.filter((i) => i.metric === 'followers')).toEqual([]);

    // Each new alert went to the live channel.
    expect(events.filter((e) => e.type === 'alert').map((e) => (e.type === 'alert' ? e.alert_id : '')).sort()).toEqual(created);
  });

  it('delivered each alert by e-mail and to the webhook, signed with the secret', async () => {
    const items = await all();
    expect(mails).toHaveLength(items.length);
    const drop = items.find((i) => i.kind === 'drop')!;
    const mail = mails.find((m) => m.subject === 'Pulseboard alert: views dropped on your TikTok account')!;
    expect(mail.text).toContain(`Observed: 300 views on ${drop.day}`);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toMatch(/@example\.test$/);
    expect(hooks).toHaveLength(items.length);
    for (const hook of hooks) {
      // Verified here with node:crypto, apart from the app's own signature code.
      expect(hook.signature).toBe(`sha256=${createHmac('sha256', secret).update(hook.body).digest('hex')}`);
    }
    const bodies = hooks.map((x) => JSON.parse(x.body) as { type: string; alert: AlertItem });
    const sent = bodies.find((b) => b.alert.id === drop.id)!;
    expect(sent.type).toBe('alert');
    expect(sent.alert).toMatchObject({ kind: 'drop', platform: 'tiktok', content_id: null, metric: 'views', observed: 300, day: drop.day });
    const deliveries = await listAlertDeliveries(h.t.db, alice.id, await keyOf(h.t.db, 'alert', drop.id));
    expect(deliveries.map((d) => [d.channel, d.status])).toEqual([['live', 'delivered'], ['email', 'delivered'], ['webhook', 'delivered']]);
    expect(deliveries.find((d) => d.channel === 'webhook')!.http_status).toBe(204);
  });

  it('one alert per episode: running again, or the spike going on today, adds none', async () => {
    const before = await all();
    expect((await runAlertDetection(h.services, alice.id, NOW)).created).toEqual([]);
    // Today, so far, far above the usual again: the same episode, now one day longer.
    const yt = (await h.t.db.query<{ id: number }>("SELECT id FROM platform_accounts WHERE user_id = $1 AND platform = 'youtube'", [alice.id]))[0]!.id;
    const lifetime = spike.reduce((s, p) => s + p.value!, 0);
    await h.services.ingest({ userId: alice.id, accountId: yt, source: 'test', postMetrics: [{ platformPostId: 'evergreen', metric: 'views', value: lifetime + 6000, observedAt: new Date(Date.now() - 60_000) }] });
    const run = await runAlertDetection(h.services, alice.id, NOW);
    expect(run.created).toEqual([]);
    expect(run.extended).toBeGreaterThanOrEqual(1);
    const after = await all();
    expect(after.map((i) => i.id)).toEqual(before.map((i) => i.id));
    expect(after.find((i) => i.platform === 'youtube' && i.content_id === null)!.last_day).toBe(today);
  });

  it('finds a planted viral post against the account\'s posts at the same age', async () => {
    const account = await upsertAccount(h.t.db, alice.id, { platform: 'twitter', externalId: 'x-alice', handle: '@x' });
    const posts = [];
    const postMetrics = [];
    const atAge3: number[] = [];
    for (let k = 0; k < 15; k++) {
      const publish = addDays(today, -(40 + 2 * k));
      const scale = 400 + 97 * ((k * 7) % 15);
      posts.push({ platformPostId: `old${k}`, publishedAt: new Date(`${publish}T06:00:00Z`) });
      for (let age = 0; age <= 6; age++) postMetrics.push({ platformPostId: `old${k}`, metric: 'views' as const, value: scale * (age + 1), observedAt: noon(addDays(publish, age)) });
      atAge3.push(scale * 4);
    }
    const young = addDays(today, -3);
    const usual = med(atAge3);
    posts.push({ platformPostId: 'rocket', publishedAt: new Date(`${young}T06:00:00Z`) });
    for (let age = 0; age <= 2; age++) postMetrics.push({ platformPostId: 'rocket', metric: 'views' as const, value: 15 * usual * (age + 1), observedAt: noon(addDays(young, age)) });
    await h.services.ingest({ userId: alice.id, accountId: account.id, source: 'test', posts, postMetrics });
    await runAlertDetection(h.services, alice.id, NOW);
    const viral = await all('&kind=viral');
    const rocket = (await h.t.db.query<{ content_id: number }>("SELECT content_id FROM platform_posts WHERE user_id = $1 AND platform_post_id = 'rocket'", [alice.id]))[0]!;
    expect(viral).toHaveLength(1);
    // At age 3 (today) its views so far are its age-2 count; the usual is the median of the others' at age 3.
    expect(viral[0]).toMatchObject({ kind: 'viral', platform: 'twitter', content_id: await publicIdOf(h.t.db, 'content', rocket.content_id), metric: 'views', observed: 45 * usual, day: today });
    expect(viral[0]!.expected).toBeCloseTo(usual, 6);
    const logs = atAge3.map((v) => Math.log1p(v));
    const m = med(logs);
    expect(viral[0]!.score).toBeCloseTo((Math.log1p(45 * usual) - m) / Math.max(1.4826 * med(logs.map((x) => Math.abs(x - m))), 0.1), 6);
    // A post goes viral once.
    await runAlertDetection(h.services, alice.id, NOW);
    expect(await all('&kind=viral')).toHaveLength(1);
  });
});

describe('listing, acknowledging, dismissing', () => {
  it('filters by status, kind and platform, and pages with a cursor', async () => {
    const items = await all();
    expect(items.length).toBeGreaterThanOrEqual(4);
    // Newest first: by database key, descending (the UUIDs carry no order).
    const keys = await Promise.all(items.map((i) => keyOf(h.t.db, 'alert', i.id)));
    expect(keys).toEqual([...keys].sort((a, b) => b - a));
    const [first, second] = items;
    const ack = await post(`/api/v1/analytics/alerts/${first!.id}/acknowledge`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ id: first!.id, status: 'acknowledged' });
    expect((await post(`/api/v1/analytics/alerts/${second!.id}/dismiss`)).json().status).toBe('dismissed');
    expect((await all('&status=acknowledged')).map((i) => i.id)).toEqual([first!.id]);
    expect((await all('&status=dismissed')).map((i) => i.id)).toEqual([second!.id]);
    expect((await all('&status=new')).map((i) => i.id)).toEqual(items.slice(2).map((i) => i.id));
    expect((await all('&kind=drop')).every((i) => i.kind === 'drop')).toBe(true);
    expect((await all('&platforms=tiktok')).map((i) => i.platform)).toEqual(['tiktok']);
    // The day filter: only yesterday's first days.
    const yesterday = addDays(today, -1);
    expect((await get(`/api/v1/analytics/alerts?from=${yesterday}&to=${yesterday}`)).json().items.map((i: AlertItem) => i.day)).toEqual(items.filter((i) => i.day === yesterday).map((i) => i.day));

    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const res = await get(`/api/v1/analytics/alerts?range=all&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items.map((i: AlertItem) => i.id));
      cursor = res.json().next_cursor;
    }
    expect(seen).toEqual(items.map((i) => i.id));
  });

  it("another user's alert is not found; each user sees their own", async () => {
    const mine = (await all())[0]!;
    expect((await post(`/api/v1/analytics/alerts/${mine.id}/acknowledge`, bob)).statusCode).toBe(404);
    expect((await post(`/api/v1/analytics/alerts/${mine.id}/dismiss`, bob)).statusCode).toBe(404);
    expect((await post(`/api/v1/analytics/alerts/${UNKNOWN_ID}/dismiss`)).statusCode).toBe(404);
    expect(await all('', bob)).toEqual([]);
    expect((await get('/api/v1/me/alert-settings', bob)).json()).toMatchObject({ email: false, webhook_url: null, webhook_secret_set: false });
  });

  it('refuses bad input, naming the field', async () => {
    const q = (s: string) => get(`/api/v1/analytics/alerts?${s}`);
    expect400(await q('status=open'), 'status');
    expect400(await q('kind=surge'), 'kind');
    expect400(await q('platforms=myspace'), 'platforms');
    expect400(await q('from=2026-02-30'), 'from');
    expect400(await q('to=yesterday'), 'to');
    expect400(await q('range=forever'), 'range');
    expect400(await q('range=all&from=2026-01-01'), 'range');
    expect400(await q('limit=0'), 'limit');
    expect400(await q('limit=1000'), 'limit');
    expect400(await q('cursor=abc'), 'cursor');
    expect400(await post('/api/v1/analytics/alerts/abc/acknowledge'), 'id');
    expect400(await post('/api/v1/analytics/alerts/0/dismiss'), 'id');
    // An integer id (the old form) is malformed too.
    expect400(await post('/api/v1/analytics/alerts/987654321/dismiss'), 'id');
    expect400(await put({ thresholds: { spike: 0.5 } }), 'thresholds.spike');
    expect400(await put({ thresholds: { drop: 'high' } }), 'thresholds.drop');
    expect400(await put({ thresholds: { viral: 21 } }), 'thresholds.viral');
    expect400(await put({ thresholds: { surge: 3 } }), 'thresholds.surge');
    expect400(await put({ cooldown_days: -1 }), 'cooldown_days');
    expect400(await put({ cooldown_days: 1.5 }), 'cooldown_days');
    expect400(await put({ email: 'yes' }), 'email');
    expect400(await put({ webhook_url: 'ftp://example.test/x' }), 'webhook_url');
    expect400(await put({ webhook_url: 'https://user:pw@example.test/x' }), 'webhook_url');
    expect400(await put({ rotate_webhook_secret: 'please' }), 'rotate_webhook_secret');
    expect400(await put({ rotate_webhook_secret: true }, bob), 'rotate_webhook_secret');
    expect400(await put({ colour: 'red' }), 'colour');
    // Nothing was changed by the refusals.
    expect((await get('/api/v1/me/alert-settings')).json()).toMatchObject({ thresholds: { spike: 3.5, drop: 3.5, viral: 3 }, cooldown_days: 7 });
  });

  it('rotating shows a new secret once; removing the webhook forgets it', async () => {
    const res = await put({ rotate_webhook_secret: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().webhook_secret).toMatch(/^whsec_/);
    const off = await put({ webhook_url: null, email: false });
    expect(off.json()).toMatchObject({ webhook_url: null, webhook_secret_set: false, webhook_secret: null, email: false });
  });
});

describe('delivery failures and the job after ingest', () => {
  it('a webhook that cannot be reached is a recorded failure; the alert stays', async () => {
    const set = await put({ webhook_url: 'http://127.0.0.1:9/unreachable' }, bob);
    expect(set.statusCode).toBe(200);
    // The secret never appears in an error answer.
    const bad = await put({ webhook_url: 'nope' }, bob);
    expect(bad.body).not.toContain(set.json().webhook_secret);
    await plantSeries(bob.id, 'youtube', spike);
    const run = await runAlertDetection(h.services, bob.id, NOW);
    expect(run.created.length).toBe(2);
    const items = await all('', bob);
    expect(items.map((i) => i.id).sort()).toEqual((await publicIds(run.created)).sort());
    const deliveries = await listAlertDeliveries(h.t.db, bob.id, await keyOf(h.t.db, 'alert', items[0]!.id));
    expect(deliveries.map((d) => [d.channel, d.status])).toEqual([['live', 'delivered'], ['webhook', 'failed']]);
    expect(deliveries[1]!.error).toBeTruthy();
  });

  it('an ingest that stores new data queues alerts-detect for its user, once while one waits', async () => {
    const carol = await register(h.app);
    const queue = inProcessQueue();
    const added: number[] = [];
    const enqueue = async (userId: number) => {
      added.push(userId);
      await queue.add('alerts-detect', { userId }, { jobId: alertsJobId(userId) });
    };
    const ingest = appIngest(h.t.db, h.services.cache, h.services.events, [enqueueAfterCommit(enqueue)]);
    const account = await upsertAccount(h.t.db, carol.id, { platform: 'youtube', externalId: 'carol', handle: '@carol' });
    let total = 0;
    const batch = {
      userId: carol.id, accountId: account.id, source: 'test',
      posts: [{ platformPostId: 'evergreen', publishedAt: new Date(`${spike[0]!.day}T06:00:00Z`) }],
      postMetrics: spike.map((p) => ({ platformPostId: 'evergreen', metric: 'views' as const, value: (total += p.value!), observedAt: noon(p.day) })),
    };
    await ingest(batch);
    // The same batch again changes nothing stored: no second detection queued.
    await ingest(batch);
    expect(added).toEqual([carol.id]);
    const log = { info: () => undefined, error: (o: object) => { throw new Error(JSON.stringify(o)); } };
    await queue.start({ 'alerts-detect': alertsDetectHandler(h.services, log) }, 1);
    await queue.idle();
    await queue.close();
    expect((await all('', carol)).map((i) => [i.kind, i.platform, i.day])).toEqual([
      ['spike', 'youtube', spike[spikeStart]!.day],
      ['spike', 'youtube', spike[spikeStart]!.day],
    ]);
  });
});

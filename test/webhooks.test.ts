/** Platform webhooks: signatures, verification handshakes, and which accounts they sync. */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Platform } from '../src/analytics/catalog.js';
import { loadConfig } from '../src/config.js';
import { disconnectAccount, upsertAccount } from '../src/db/repositories/accounts.js';
import { inProcessQueue } from '../src/queue/in-process.js';
import type { JobPayloads, JobQueue } from '../src/queue/types.js';
import { parseMetaNotification } from '../src/webhooks/meta.js';
import { channelOfTopic, parseYouTubeNotification } from '../src/webhooks/youtube.js';
import { register } from './helpers/app.js';
import { startSyncHarness, type SyncHarness } from './helpers/sync.js';
import { syncJobHandlers } from '../src/jobs/handlers/sync.js';

const ENV = { META_WEBHOOK_SECRET: 'meta-app-secret', META_WEBHOOK_VERIFY_TOKEN: 'verify-me-please', YOUTUBE_WEBHOOK_SECRET: 'hub-secret' };

type SyncJob = JobPayloads['sync-account'];
let s: SyncHarness;
let added: SyncJob[] = [];
let other: Awaited<ReturnType<typeof register>>;
const ids: Record<string, number> = {};

function spyQueue(): JobQueue {
  const q = inProcessQueue();
  return { ...q, kind: q.kind, add: async (name, payload, options) => {
    if (name === 'sync-account') added.push(payload as SyncJob);
    return q.add(name, payload, options);
  } };
}

/** Connects simulator account `index` to another user (the same platform account can belong to several users). */
async function connectOther(platform: Platform, index: number): Promise<number> {
  const info = s.sim.accounts(platform)[index]!;
  const tokens = s.sim.tokens(platform, index);
  const box = s.h.services.sync!.box;
  const row = await upsertAccount(s.h.t.db, other.id, {
    platform, externalId: info.externalId, handle: info.handle,
    accessTokenEnc: box.seal(tokens.accessToken), refreshTokenEnc: box.seal(tokens.refreshToken), tokenExpiresAt: tokens.expiresAt,
  });
  return row.id;
}

beforeAll(async () => {
  s = await startSyncHarness({ env: ENV, queue: spyQueue() });
  s.h.services.config.platforms = loadConfig({ APP_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/pulseboard-test-unused', ...ENV }).platforms;
  other = await register(s.h.app);
  ids.ig0 = await s.connect('instagram', 0);
  ids.ig0other = await connectOther('instagram', 0);
  ids.ig1other = await connectOther('instagram', 1);
  ids.yt0 = await s.connect('youtube', 0);
  ids.yt1 = await s.connect('youtube', 1);
  ids.tt0 = await s.connect('tiktok', 0);
});
afterAll(async () => {
  await s?.close();
});
beforeEach(() => {
  added = [];
});

const igId = (i: number) => s.sim.accounts('instagram')[i]!.externalId;
const channel = (i: number) => s.sim.accounts('youtube')[i]!.externalId;
const sign = (body: string | Buffer, secret: string, alg: 'sha256' | 'sha1') => `${alg}=${createHmac(alg, secret).update(body).digest('hex')}`;

function metaBody(...accountIds: string[]): string {
  return JSON.stringify({ object: 'instagram', entry: accountIds.map((id) => ({ id, time: 1760000000, changes: [{ field: 'comments', value: { id: '1', text: 'nice' } }] })) });
}

function postMeta(body: string | Buffer, signature?: string) {
  return s.h.app.inject({
    method: 'POST', url: '/api/v1/webhooks/instagram', payload: body,
    headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }) },
  });
}

function atom(channelId: string, videoId = 'dQw4w9WgXcQ'): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns="http://www.w3.org/2005/Atom">
  <link rel="hub" href="https://pubsubhubbub.appspot.com"/>
  <link rel="self" href="https://www.youtube.com/xml/feeds/videos.xml?channel_id=${channelId}"/>
  <title>YouTube video feed</title>
  <updated>2026-06-15T12:00:00.552394234+00:00</updated>
  <entry>
    <id>yt:video:${videoId}</id>
    <yt:videoId>${videoId}</yt:videoId>
    <yt:channelId>${channelId}</yt:channelId>
    <title>A new video</title>
    <link rel="alternate" href="https://www.youtube.com/watch?v=${videoId}"/>
    <author><name>Channel</name><uri>https://www.youtube.com/channel/${channelId}</uri></author>
    <published>2026-06-15T11:00:00+00:00</published>
    <updated>2026-06-15T12:00:00.552394234+00:00</updated>
  </entry>
</feed>`;
}

function postYouTube(body: string | Buffer, signature?: string) {
  return s.h.app.inject({
    method: 'POST', url: '/api/v1/webhooks/youtube', payload: body,
    headers: { 'content-type': 'application/atom+xml', ...(signature === undefined ? {} : { 'x-hub-signature': signature }) },
  });
}

describe('Meta (Instagram) webhooks', () => {
  it('verification echoes hub.challenge only for the configured verify token', async () => {
    const get = (q: string) => s.h.app.inject({ method: 'GET', url: `/api/v1/webhooks/instagram?${q}` });
    const ok = await get('hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444');
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    expect(ok.headers['content-type']).toContain('text/plain');
    expect((await get('hub.mode=subscribe&hub.verify_token=verify-me-pleasE&hub.challenge=1')).statusCode).toBe(403);
    expect((await get('hub.mode=subscribe&hub.verify_token=short&hub.challenge=1')).statusCode).toBe(403);
    expect((await get('hub.mode=unsubscribe&hub.verify_token=verify-me-please&hub.challenge=1')).statusCode).toBe(403);
    expect((await get('hub.mode=subscribe&hub.challenge=1')).statusCode).toBe(403);
  });

  it('a signed notification enqueues a webhook sync of every connected account with that id, across users, and nothing else', async () => {
    const body = metaBody(igId(0));
    const res = await postMeta(body, sign(body, 'meta-app-secret', 'sha256'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ enqueued: 2 });
    expect(added).toHaveLength(2);
    expect(added).toEqual(expect.arrayContaining([
      { userId: s.user.id, accountId: ids.ig0, reason: 'webhook' },
      { userId: other.id, accountId: ids.ig0other, reason: 'webhook' },
    ]));
  });

  it('one delivery naming several accounts enqueues each once', async () => {
    const body = metaBody(igId(1), igId(0), igId(1));
    const res = await postMeta(body, sign(body, 'meta-app-secret', 'sha256'));
    expect(res.json()).toEqual({ enqueued: 3 });
    expect(added.map((j) => j.accountId).sort()).toEqual([ids.ig0, ids.ig0other, ids.ig1other].sort());
  });

  it('a missing, wrong or mismatched signature is refused and nothing is enqueued', async () => {
    const body = metaBody(igId(0));
    const missing = await postMeta(body);
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('signature_missing');
    for (const signature of [
      sign(body, 'another-secret', 'sha256'),
      sign(body + ' ', 'meta-app-secret', 'sha256'),
      sign(body, 'meta-app-secret', 'sha1'),
      sign(body, 'meta-app-secret', 'sha256').slice(0, -2),
      'sha256=' + 'z'.repeat(64),
      'garbage',
    ]) {
      const res = await postMeta(body, signature);
      expect(res.statusCode, signature).toBe(403);
      expect(res.json().error.code).toBe('signature_invalid');
    }
    // The signature covers the bytes sent, not a re-serialization of the same JSON.
    const spaced = JSON.stringify(JSON.parse(body), null, 2);
    expect((await postMeta(spaced, sign(body, 'meta-app-secret', 'sha256'))).statusCode).toBe(403);
    expect(added).toEqual([]);
  });

  it('an unknown account, another object type, or a disconnected account → 200 with nothing enqueued', async () => {
    const unknown = metaBody('17841400000000000');
    expect((await postMeta(unknown, sign(unknown, 'meta-app-secret', 'sha256'))).json()).toEqual({ enqueued: 0 });
    const page = JSON.stringify({ object: 'page', entry: [{ id: igId(0), changes: [] }] });
    expect((await postMeta(page, sign(page, 'meta-app-secret', 'sha256'))).json()).toEqual({ enqueued: 0 });
    expect(added).toEqual([]);

    const gone = await upsertAccount(s.h.t.db, other.id, { platform: 'instagram', externalId: '17841499999999999', handle: 'gone' });
    await disconnectAccount(s.h.t.db, other.id, gone.id);
    const body = metaBody('17841499999999999');
    expect((await postMeta(body, sign(body, 'meta-app-secret', 'sha256'))).json()).toEqual({ enqueued: 0 });
    expect(added).toEqual([]);
  });

  it('a signed body that is not a Meta notification → 400, nothing enqueued', async () => {
    for (const body of ['not json', '[1,2]', '{"object":"instagram"}']) {
      const res = await postMeta(body, sign(body, 'meta-app-secret', 'sha256'));
      expect(res.statusCode, body).toBe(400);
    }
    expect(added).toEqual([]);
  });

  it('with no Meta secret configured the webhook does not exist', async () => {
    const platforms = s.h.services.config.platforms;
    const saved = platforms.metaWebhookSecret;
    platforms.metaWebhookSecret = null;
    try {
      const body = metaBody(igId(0));
      expect((await postMeta(body, sign(body, 'meta-app-secret', 'sha256'))).statusCode).toBe(404);
      expect((await s.h.app.inject({ method: 'GET', url: '/api/v1/webhooks/instagram?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1' })).statusCode).toBe(404);
    } finally {
      platforms.metaWebhookSecret = saved;
    }
    expect(added).toEqual([]);
  });
});

describe('YouTube PubSubHubbub', () => {
  const topic = (c: string) => encodeURIComponent(`https://www.youtube.com/xml/feeds/videos.xml?channel_id=${c}`);
  const get = (q: string) => s.h.app.inject({ method: 'GET', url: `/api/v1/webhooks/youtube?${q}` });

  it('confirms subscriptions to connected channels, refuses others, and always accepts unsubscribe', async () => {
    const ok = await get(`hub.mode=subscribe&hub.topic=${topic(channel(0))}&hub.challenge=abc123&hub.lease_seconds=432000`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('abc123');
    expect((await get(`hub.mode=subscribe&hub.topic=${topic('UCnotconnected000000000')}&hub.challenge=x`)).statusCode).toBe(404);
    const bye = await get(`hub.mode=unsubscribe&hub.topic=${topic('UCnotconnected000000000')}&hub.challenge=bye`);
    expect(bye.statusCode).toBe(200);
    expect(bye.body).toBe('bye');
    expect((await get(`hub.mode=subscribe&hub.topic=${encodeURIComponent('https://evil.example/feed?channel_id=x')}&hub.challenge=x`)).statusCode).toBe(400);
    expect((await get(`hub.mode=denied&hub.topic=${topic(channel(0))}&hub.challenge=x`)).statusCode).toBe(400);
  });

  it('a signed notification enqueues a webhook sync of that channel only', async () => {
    const body = atom(channel(1));
    const res = await postYouTube(body, sign(body, 'hub-secret', 'sha1'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ enqueued: 1 });
    expect(added).toEqual([{ userId: s.user.id, accountId: ids.yt1, reason: 'webhook' }]);
  });

  it('a deleted video names its channel through the tombstone', async () => {
    const body = `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:at="http://purl.org/atompub/tombstones/1.0" xmlns="http://www.w3.org/2005/Atom">
  <at:deleted-entry ref="yt:video:dQw4w9WgXcQ" when="2026-06-15T12:00:00+00:00">
    <link href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"/>
    <at:by><name>Channel</name><uri>https://www.youtube.com/channel/${channel(0)}</uri></at:by>
  </at:deleted-entry>
</feed>`;
    const res = await postYouTube(body, sign(body, 'hub-secret', 'sha1'));
    expect(res.json()).toEqual({ enqueued: 1 });
    expect(added).toEqual([{ userId: s.user.id, accountId: ids.yt0, reason: 'webhook' }]);
  });

  it('a bad or missing signature is refused and nothing is enqueued', async () => {
    const body = atom(channel(0));
    expect((await postYouTube(body)).statusCode).toBe(401);
    expect((await postYouTube(body, sign(body, 'wrong', 'sha1'))).statusCode).toBe(403);
    expect((await postYouTube(body, sign(body, 'hub-secret', 'sha256'))).statusCode).toBe(403);
    expect((await postYouTube(atom(channel(1)), sign(body, 'hub-secret', 'sha1'))).statusCode).toBe(403);
    expect(added).toEqual([]);
  });

  it('an unknown channel → 200 with nothing enqueued; a body over 1 MB or with a DTD is refused', async () => {
    const unknown = atom('UCnotconnected000000000');
    const res = await postYouTube(unknown, sign(unknown, 'hub-secret', 'sha1'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ enqueued: 0 });
    const big = atom(channel(0)).replace('<title>A new video</title>', `<title>${'x'.repeat(1024 * 1024)}</title>`);
    expect((await postYouTube(big, sign(big, 'hub-secret', 'sha1'))).statusCode).toBe(413);
    const dtd = `<!DOCTYPE feed [<!ENTITY c "${channel(0)}">]>` + atom('&c;');
    expect((await postYouTube(dtd, sign(dtd, 'hub-secret', 'sha1'))).statusCode).toBe(400);
    expect(added).toEqual([]);
  });

  it('with no YouTube secret configured the webhook does not exist', async () => {
    const platforms = s.h.services.config.platforms;
    const saved = platforms.youtubeWebhookSecret;
    platforms.youtubeWebhookSecret = null;
    try {
      const body = atom(channel(0));
      expect((await postYouTube(body, sign(body, 'hub-secret', 'sha1'))).statusCode).toBe(404);
      expect((await get(`hub.mode=subscribe&hub.topic=${topic(channel(0))}&hub.challenge=x`)).statusCode).toBe(404);
    } finally {
      platforms.youtubeWebhookSecret = saved;
    }
    expect(added).toEqual([]);
  });
});

describe('webhook syncs and the rest of the API', () => {
  it('the queued webhook jobs run as syncs recorded with reason "webhook"', async () => {
    const yt = atom(channel(0));
    const ig = metaBody(igId(0));
    expect((await postYouTube(yt, sign(yt, 'hub-secret', 'sha1'))).json()).toEqual({ enqueued: 1 });
    expect((await postMeta(ig, sign(ig, 'meta-app-secret', 'sha256'))).json()).toEqual({ enqueued: 2 });
    // One at a time: on PostgreSQL two first syncs racing to create the same yearly snapshot partition fail today (reported, not ours to fix here).
    await s.queue.start(syncJobHandlers(s.engine), 1);
    await s.queue.idle();
    const runs = await s.h.t.db.query<{ account_id: number; status: string }>(
      "SELECT account_id, status FROM sync_runs WHERE reason = 'webhook' ORDER BY account_id, id");
    const synced = new Map(runs.map((r) => [r.account_id, r.status]));
    // Exactly the accounts webhooks named in this file (the TikTok account never was), each synced once per waiting job.
    expect([...synced.keys()].sort((a, b) => a - b)).toEqual([ids.ig0, ids.ig0other, ids.ig1other, ids.yt0, ids.yt1].sort((a, b) => a! - b!));
    expect(synced.get(ids.yt0!)).toBe('success');
    expect(synced.get(ids.yt1!)).toBe('success');
    // Two users hold the same Instagram account: their syncs share that account's platform limits, so one may be deferred, never failed.
    for (const id of [ids.ig0, ids.ig0other, ids.ig1other]) expect(['success', 'deferred'], `account ${id}`).toContain(synced.get(id!));
    expect(runs.filter((r) => r.status === 'success').length).toBeGreaterThanOrEqual(3);
  });

  it("other routes keep their JSON parsing (the raw-body parser is the webhooks' own)", async () => {
    const res = await s.h.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: s.user.auth, payload: { platform: 'tiktok' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('access_token');
  });
});

describe('payload parsing', () => {
  it('reads channel and video ids from the Atom feed, not from comments or attributes', () => {
    const xml = atom('UCabc_DEF-123') + '<!-- <yt:channelId>UChidden</yt:channelId> -->';
    expect(parseYouTubeNotification(Buffer.from(xml))).toEqual({ channelIds: ['UCabc_DEF-123'], videoIds: ['dQw4w9WgXcQ'] });
    expect(() => parseYouTubeNotification(Buffer.from('{"json": true}'))).toThrow();
    expect(parseYouTubeNotification(Buffer.from('<feed><entry><yt:channelId>bad id"&lt;</yt:channelId></entry></feed>')).channelIds).toEqual([]);
  });

  it('reads the channel of a feed topic', () => {
    expect(channelOfTopic('https://www.youtube.com/xml/feeds/videos.xml?channel_id=UC123')).toBe('UC123');
    expect(channelOfTopic('https://www.youtube.com/xml/feeds/videos.xml?playlist_id=PL1')).toBeNull();
    expect(channelOfTopic('http://evil.example/xml/feeds/videos.xml?channel_id=UC1')).toBeNull();
  });

  it('keeps Meta ids as strings and drops unsafe numbers', () => {
    const raw = Buffer.from('{"object":"instagram","entry":[{"id":"17841405822304914"},{"id":17841405822304914},{"id":42},{"nope":1}]}');
    expect(parseMetaNotification(raw)).toEqual({ object: 'instagram', accountIds: ['17841405822304914', '42'] });
  });
});

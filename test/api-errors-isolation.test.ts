/** Auth, every 400/401/404 path, isolation between users, export and deletion. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { insertAlert } from '../src/db/repositories/alerts.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { publicIdOf, UNKNOWN_ID } from './helpers/ids.js';

let h: TestApp;
let alice: Awaited<ReturnType<typeof register>>;
let bob: Awaited<ReturnType<typeof register>>;
/** Alice's rows, by their API ids. */
let aliceContentId: string;
let aliceAccountId: string;
let aliceAlertId: string;

beforeAll(async () => {
  h = await createTestApp();
  alice = await register(h.app);
  bob = await register(h.app);
  const account = await upsertAccount(h.t.db, alice.id, { platform: 'youtube', externalId: 'UCalice', handle: '@alice' });
  await h.services.ingest({
    userId: alice.id, accountId: account.id, source: 'test',
    posts: [{ platformPostId: 'vid1', publishedAt: new Date('2026-03-01T10:00:00Z'), title: 'Alice secret video' }],
    postMetrics: [{ platformPostId: 'vid1', metric: 'views', value: 777, observedAt: new Date('2026-03-02T10:00:00Z') }],
    accountMetrics: [{ metric: 'followers', value: 4242, observedAt: new Date('2026-03-02T10:00:00Z') }],
  });
  const contentKey = (await h.t.db.query<{ content_id: number }>('SELECT content_id FROM platform_posts WHERE user_id = $1', [alice.id]))[0]!.content_id;
  aliceContentId = await publicIdOf(h.t.db, 'content', contentKey);
  aliceAccountId = await publicIdOf(h.t.db, 'account', account.id);
  // Alerts are only made by detection: planted here.
  const alert = await insertAlert(h.t.db, alice.id, {
    accountId: account.id, postId: null, platform: 'youtube', kind: 'spike', metric: 'views', seriesKey: `a:${account.id}:views:spike`,
    episodeKey: `a:${account.id}:views:spike:2026-03-02`, day: '2026-03-02', lastDay: '2026-03-02', observed: 900, expected: 100, score: 6,
  });
  aliceAlertId = alert!.public_id;
});
afterAll(async () => {
  await h?.close();
});

const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, headers?: Record<string, string>, payload?: object) =>
  h.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

describe('auth', () => {
  it('logs in with the right password and refuses a wrong one', async () => {
    await inject('POST', '/api/v1/auth/register', {}, { email: 'carol@example.test', password: 'carols long password' });
    const ok = await inject('POST', '/api/v1/auth/login', {}, { email: 'CAROL@example.test', password: 'carols long password' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().token).toMatch(/^ey/);
    const bad = await inject('POST', '/api/v1/auth/login', {}, { email: 'carol@example.test', password: 'wrong password!!' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('unauthorized');
  });

  it('rejects bad registrations naming the field', async () => {
    const cases: [object, string][] = [
      [{ email: 'not-an-email', password: 'long enough password' }, 'email'],
      [{ email: 'x@example.test', password: 'short' }, 'password'],
      [{ email: 'x@example.test' }, 'password'],
      [{ email: 'x@example.test', password: 'long enough password', timezone: 'Mars/Olympus' }, 'timezone'],
    ];
    for (const [payload, field] of cases) {
      const res = await inject('POST', '/api/v1/auth/register', {}, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.details.field).toBe(field);
    }
    const dup = await inject('POST', '/api/v1/auth/register', {}, { email: 'carol@example.test', password: 'another long password' });
    expect(dup.statusCode).toBe(409);
  });

  it('rate-limits login attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await inject('POST', '/api/v1/auth/login', {}, { email: 'victim@example.test', password: `guess number ${i}` })).statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('answers 401 for missing, malformed, forged and foreign-secret tokens', async () => {
    const forged = alice.auth.authorization.slice(0, -4) + 'AAAA';
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer' }, { authorization: 'Basic abc' }, { authorization: forged }]) {
      const res = await inject('GET', '/api/v1/analytics/dashboard', headers);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
  });
});

describe('bad input → 400 naming the field', () => {
  const cases: [string, string][] = [
    ['/api/v1/analytics/dashboard?from=2026-02-30', 'from'],
    ['/api/v1/analytics/dashboard?from=yesterday', 'from'],
    ['/api/v1/analytics/dashboard?from=2026-05-02&to=2026-05-01', 'from'],
    ['/api/v1/analytics/dashboard?from=2004-12-31&to=2026-01-01', 'from'],
    ['/api/v1/analytics/dashboard?platforms=youtube,myspace', 'platforms'],
    ['/api/v1/analytics/dashboard?tz=Not/AZone', 'tz'],
    ['/api/v1/analytics/performance?limit=0', 'limit'],
    ['/api/v1/analytics/performance?limit=abc', 'limit'],
    ['/api/v1/analytics/performance?limit=100000', 'limit'],
    ['/api/v1/analytics/performance?sort=password', 'sort'],
    ['/api/v1/analytics/performance?cursor=garbage', 'cursor'],
    ['/api/v1/analytics/growth?granularity=hour', 'granularity'],
    ['/api/v1/analytics/platform/myspace', 'platform'],
    ['/api/v1/analytics/content/abc', 'id'],
  ];
  it.each(cases)('%s → %s', async (url, field) => {
    const res = await inject('GET', url, alice.auth);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.details.field).toBe(field);
    expect(body.error.message).toContain(field);
  });

  // Query text is coerced to the schema's types ("5" → 5); a JSON body is taken as sent.
  const bodies: [string, string, object, string][] = [
    ['POST', '/api/v1/analytics/reports', { report_name: 123, report_type: 'growth', date_range_start: '2026-01-01', date_range_end: '2026-01-31', export_format: 'json' }, 'report_name'],
    ['POST', '/api/v1/analytics/sync', { account_ids: [7] }, 'account_ids[0]'],
    ['PATCH', '/api/v1/me/brand', { name: 42 }, 'name'],
  ];
  it.each(bodies)('%s %s with a number for a string (or the reverse) → 400 naming %s, nothing stored', async (method, url, payload, field) => {
    const res = await h.app.inject({ method: method as 'POST' | 'PATCH', url, headers: alice.auth, payload });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details.field).toBe(field);
    expect((await inject('GET', '/api/v1/analytics/reports', alice.auth)).json().items).toEqual([]);
    expect((await inject('GET', '/api/v1/me/brand', alice.auth)).json().name).not.toBe('42');
  });
});

describe('isolation', () => {
  it("another user's content is 404 without its data, the same answer as an unknown id", async () => {
    const res = await inject('GET', `/api/v1/analytics/content/${aliceContentId}`, bob.auth);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Alice');
    expect(res.body).not.toContain('777');
    const unknown = await inject('GET', `/api/v1/analytics/content/${UNKNOWN_ID}`, bob.auth);
    expect(unknown.statusCode).toBe(404);
    expect(res.body).toBe(unknown.body);
    expect((await inject('GET', `/api/v1/analytics/content/${aliceContentId}`, alice.auth)).statusCode).toBe(200);
  });

  it("a second user's dashboard, lists and export hold nothing of the first", async () => {
    const range = '?from=2026-01-01&to=2026-12-31';
    for (const url of ['/api/v1/analytics/dashboard', '/api/v1/analytics/performance', '/api/v1/analytics/growth', '/api/v1/analytics/compare', '/api/v1/analytics/platform/youtube']) {
      const res = await inject('GET', url + range, bob.auth);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('777');
      expect(res.body, url).not.toContain('4242');
      expect(res.body, url).not.toContain('Alice');
    }
    const aliceDash = (await inject('GET', '/api/v1/analytics/dashboard' + range, alice.auth)).json();
    expect(aliceDash.totals.views).toBe(777);
    const exp = await inject('GET', '/api/v1/me/export', bob.auth);
    expect(exp.statusCode).toBe(200);
    expect(exp.json().posts).toEqual([]);
    expect(exp.body).not.toContain('UCalice');
  });

  describe("an id in a path: malformed → 400 naming id; unknown → 404; another user's → the same 404", () => {
    /** Alice's real ids, by kind. */
    const real: Record<string, string> = {};
    beforeAll(async () => {
      const made = async (url: string, payload: object): Promise<string> => {
        const res = await inject('POST', url, alice.auth, payload);
        expect(res.statusCode, res.body).toBe(201);
        return res.json().id;
      };
      real.account = aliceAccountId;
      real.content = aliceContentId;
      real.alert = aliceAlertId;
      real.report = await made('/api/v1/analytics/reports', { report_name: 'Alice Q1', report_type: 'performance', date_range_start: '2026-03-01', date_range_end: '2026-03-31', export_format: 'json' });
      real.schedule = await made('/api/v1/analytics/report-schedules', { report_name: 'Alice weekly', report_type: 'performance', export_format: 'json', frequency: 'weekly', recipients: [{ webhook_url: 'https://example.test/alice' }] });
      real.ledger_entry = await made('/api/v1/ledger', { kind: 'cost', amount: '12.50', currency: 'EUR', date: '2026-03-01', category: 'production' });
    });

    // ID stands for the id tried.
    const routes: [string, 'GET' | 'POST' | 'DELETE', string][] = [
      ['account', 'DELETE', '/api/v1/accounts/ID'],
      ['content', 'GET', '/api/v1/content/ID'],
      ['content', 'GET', '/api/v1/analytics/content/ID'],
      ['report', 'GET', '/api/v1/analytics/reports/ID'],
      ['schedule', 'GET', '/api/v1/analytics/report-schedules/ID'],
      ['alert', 'POST', '/api/v1/analytics/alerts/ID/acknowledge'],
      ['ledger_entry', 'GET', '/api/v1/ledger/ID'],
    ];
    it.each(routes)('%s: %s %s', async (kind, method, path) => {
      const url = (id: string) => path.replace('ID', id);
      for (const malformed of ['12', 'not-a-uuid']) {
        const res = await inject(method, url(malformed), bob.auth);
        expect(res.statusCode, `${url(malformed)}: ${res.body}`).toBe(400);
        expect(res.json().error).toMatchObject({ code: 'invalid_request', details: { field: 'id' } });
        expect(res.json().error.message).toContain('id');
      }
      const unknown = await inject(method, url(UNKNOWN_ID), bob.auth);
      expect(unknown.statusCode, unknown.body).toBe(404);
      expect(unknown.json().error).toMatchObject({ code: 'not_found', details: { field: 'id' } });
      const foreign = await inject(method, url(real[kind]!), bob.auth);
      expect(foreign.statusCode, foreign.body).toBe(404);
      expect(foreign.body).toBe(unknown.body);
      // The id is real: its owner reaches it (the two that change something are checked unchanged instead).
      if (method === 'GET') expect((await inject('GET', url(real[kind]!), alice.auth)).statusCode).toBe(200);
    });

    it("nothing of Alice's changed: her account is connected, her alert still new", async () => {
      const [account] = await h.t.db.query<{ disconnected_at: Date | null }>('SELECT disconnected_at FROM platform_accounts WHERE public_id = $1', [aliceAccountId]);
      expect(account!.disconnected_at).toBeNull();
      const [alert] = await h.t.db.query<{ status: string }>('SELECT status FROM alerts WHERE public_id = $1', [aliceAlertId]);
      expect(alert!.status).toBe('new');
    });
  });

  it('unknown routes are 404 with the error body', async () => {
    const res = await inject('GET', '/api/v1/nope', alice.auth);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});

describe('privacy', () => {
  it('GET /me is the signed-in user, in the zone they registered with', async () => {
    const erin = await register(h.app, 'Asia/Tokyo');
    const res = await inject('GET', '/api/v1/me', erin.auth);
    expect(res.statusCode).toBe(200);
    const { user } = res.json() as { user: { id: string; email: string; timezone: string; created_at: string } };
    expect(user.id).toBe(erin.publicId);
    expect(user.timezone).toBe('Asia/Tokyo');
    expect(user.email).toMatch(/@example\.test$/);
    expect(Date.parse(user.created_at)).not.toBeNaN();
    expect((await inject('GET', '/api/v1/me', bob.auth)).json().user.id).toBe(bob.publicId);
  });

  it('exports everything of the user, without tokens', async () => {
    const res = await inject('GET', '/api/v1/me/export', alice.auth);
    const body = res.json();
    expect(body.posts).toHaveLength(1);
    expect(body.post_snapshots).toEqual([expect.objectContaining({ metric: 'views', value: 777 })]);
    expect(body.account_snapshots).toEqual([expect.objectContaining({ metric: 'followers', value: 4242 })]);
    expect(JSON.stringify(body.accounts)).not.toMatch(/token/);
  });

  it('DELETE /me removes every row of the user and nothing of others', async () => {
    const dave = await register(h.app);
    const account = await upsertAccount(h.t.db, dave.id, { platform: 'tiktok', externalId: 'dave' });
    await h.services.ingest({
      userId: dave.id, accountId: account.id, source: 'test',
      posts: [{ platformPostId: 't1', publishedAt: new Date('2026-03-01T10:00:00Z') }],
      postMetrics: [{ platformPostId: 't1', metric: 'views', value: 5, observedAt: new Date('2026-03-02T10:00:00Z') }],
      accountDaily: [],
      accountMetrics: [{ metric: 'followers', value: 9, observedAt: new Date('2026-03-02T10:00:00Z') }],
    });
    const tables = (await h.t.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE column_name = 'user_id' AND table_schema = 'public'
         AND table_name NOT LIKE 'post_snapshots_%'`,
    )).map((r) => r.table_name);
    const countRows = async (userId: number) => {
      let total = 0;
      for (const t of tables) total += (await h.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t} WHERE user_id = $1`, [userId]))[0]!.n;
      return total + (await h.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE id = $1', [userId]))[0]!.n;
    };
    expect(await countRows(dave.id)).toBeGreaterThan(5);
    const aliceBefore = await countRows(alice.id);
    const res = await inject('DELETE', '/api/v1/me', dave.auth);
    expect(res.statusCode).toBe(204);
    expect(await countRows(dave.id)).toBe(0);
    expect(await countRows(alice.id)).toBe(aliceBefore);
    // The token of a deleted user no longer opens anything.
    expect((await inject('GET', '/api/v1/analytics/dashboard', dave.auth)).statusCode).toBe(401);
  });
});

describe('operations', () => {
  it('serves health, readiness and the OpenAPI document with the analytics paths', async () => {
    expect((await inject('GET', '/healthz')).statusCode).toBe(200);
    expect((await inject('GET', '/readyz')).json().status).toBe('ready');
    const doc = (await inject('GET', '/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/analytics/dashboard', '/api/v1/analytics/performance', '/api/v1/auth/login']));
    expect((await inject('GET', '/api/docs/')).statusCode).toBe(200);
  });
});

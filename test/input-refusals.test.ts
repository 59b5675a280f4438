/**
 * Issue 10 (items 2 and 6): no input answers 500, and validation refuses
 * rather than coerces. Each case was a 500 with a stack trace (NUL in a
 * stored string, an id past bigint, a cut-off upload), a misleading 503 (NUL
 * in a platform token), a silent coercion (platforms: [] stored as all four,
 * recipients: [] accepted) or a framework error outside the one error body.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from './helpers/app.js';
import { UNKNOWN_ID } from './helpers/ids.js';
import { startSyncHarness, type SyncHarness } from './helpers/sync.js';

let s: SyncHarness;
let reportId: string;

beforeAll(async () => {
  // The sync stack is there so POST /accounts and /analytics/sync reach their handlers (no queue runs: nothing syncs).
  s = await startSyncHarness({ env: { SYNC_WAIT_MS: '100' } });
  await s.connect('youtube');
  const res = await call('POST', '/api/v1/analytics/reports', { report_name: 'Base', report_type: 'performance', date_range_start: '2026-05-01', date_range_end: '2026-05-31', export_format: 'json' });
  expect(res.statusCode, res.body).toBe(201);
  reportId = res.json().id;
});
afterAll(async () => {
  await s?.close();
});

function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = s.user.auth) {
  return s.h.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** Rows of the test user in the tables these requests could write. */
async function stored() {
  const count = async (sql: string) => Number((await s.h.t.db.query<{ n: number }>(sql, [s.user.id]))[0]!.n);
  return {
    reports: await count('SELECT count(*)::int AS n FROM analytics_reports WHERE user_id = $1'),
    schedules: await count('SELECT count(*)::int AS n FROM report_schedules WHERE user_id = $1'),
    accounts: await count('SELECT count(*)::int AS n FROM platform_accounts WHERE user_id = $1'),
    posts: await count('SELECT count(*)::int AS n FROM platform_posts WHERE user_id = $1'),
    shares: await count('SELECT count(*)::int AS n FROM report_shares WHERE user_id = $1'),
    users: Number((await s.h.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users'))[0]!.n),
    brand: JSON.stringify(await s.h.t.db.query('SELECT brand_name, brand_color FROM users WHERE id = $1', [s.user.id])),
  };
}

function expect400(res: { statusCode: number; body: string; json(): unknown }, field: string) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json()).toEqual({ error: { code: 'invalid_request', message: expect.any(String), details: { field, reason: expect.any(String) } } });
}

const schedule = { report_name: 'Weekly', report_type: 'performance', export_format: 'json', frequency: 'weekly' };
const report = { report_name: 'R', report_type: 'performance', date_range_start: '2026-05-01', date_range_end: '2026-05-31', export_format: 'json' };

describe('a NUL character (PostgreSQL cannot store it) is a 400 naming the field, wherever it is', () => {
  it('in JSON bodies of the five endpoints that store strings, and nothing is stored', async () => {
    const before = await stored();
    const cases: [string, string, object, string, Record<string, string>?][] = [
      ['POST', '/api/v1/auth/register', { email: `nul\u0000${randomBytes(3).toString('hex')}@example.test`, password: 'a long enough password' }, 'email', {}],
      ['POST', '/api/v1/auth/login', { email: 'someone@example.test', password: 'pass\u0000word long' }, 'password', {}],
      ['POST', '/api/v1/analytics/reports', { ...report, report_name: 'Q\u00002' }, 'report_name'],
      ['PATCH', '/api/v1/me/brand', { name: 'Acme\u0000' }, 'name'],
      ['POST', '/api/v1/analytics/report-schedules', { ...schedule, recipients: [{ webhook_url: 'https://example.test/\u0000' }] }, 'recipients[0].webhook_url'],
      // Keys are stored too (filters is jsonb).
      ['POST', '/api/v1/analytics/reports', { ...report, report_type: 'custom', filters: { 'x\u0000': 1 } }, 'filters.x\u0000'],
    ];
    for (const [method, url, body, field, headers] of cases) expect400(await call(method as 'POST', url, body, headers), field);
    expect(await stored()).toEqual(before);
  });

  it('a lone surrogate (not storable as UTF-8 text or jsonb) likewise', async () => {
    expect400(await call('POST', '/api/v1/analytics/reports', { ...report, report_name: 'broken \ud800 name' }), 'report_name');
  });

  it('in a platform token it is a 400 on access_token, not a 503 from the platform call', async () => {
    expect400(await call('POST', '/api/v1/accounts', { platform: 'youtube', access_token: 'tok\u0000en' }), 'access_token');
    // Any character a header cannot carry, likewise (was a 503 "Cannot convert argument to a ByteString").
    expect400(await call('POST', '/api/v1/accounts', { platform: 'youtube', access_token: 'tökén' }), 'access_token');
  });

  it('in the query string and in path parameters', async () => {
    expect400(await call('GET', '/api/v1/analytics/dashboard?tz=Europe%2FBerlin%00'), 'tz');
    expect400(await call('GET', '/api/v1/analytics/reports?cursor=%00'), 'cursor');
    expect400(await call('GET', '/api/v1/shared/abc%00def', undefined, {}), 'token');
  });
});

/** Texts that are no UUID: numbers (the ids of before, past bigint too), and near misses. */
const NOT_UUIDS = ['9223372036854775807', '100000000000000000000', '9007199254740992', '0', '-1', '1.5', '1e3', '12', 'not-a-uuid', `${UNKNOWN_ID}0`, UNKNOWN_ID.replaceAll('-', '')];

function expect404(res: { statusCode: number; body: string; json(): unknown }, field: string) {
  expect(res.statusCode, res.body).toBe(404);
  expect(res.json()).toEqual({ error: { code: 'not_found', message: expect.stringContaining(field), details: { field } } });
}

describe('ids are UUIDs: anything else is a 400 naming the field, a well-formed UUID naming nothing a 404 naming it', () => {
  it('account_ids items in POST /analytics/sync', async () => {
    expect400(await call('POST', '/api/v1/analytics/sync', { account_ids: [100000000000000000000] }), 'account_ids[0]');
    // Sent as a JSON number it parses to 2^63: a number either way, not a UUID.
    const res = await s.h.app.inject({ method: 'POST', url: '/api/v1/analytics/sync', headers: { ...s.user.auth, 'content-type': 'application/json' }, payload: '{"account_ids": [9223372036854775807]}' });
    expect400(res, 'account_ids[0]');
    for (const id of NOT_UUIDS) expect400(await call('POST', '/api/v1/analytics/sync', { account_ids: [id] }), 'account_ids[0]');
    expect404(await call('POST', '/api/v1/analytics/sync', { account_ids: [UNKNOWN_ID] }), 'account_ids[0]');
  });

  it('query and path numbers are read only when written as one (no hex, blanks or fractions)', async () => {
    for (const text of ['0x10', ' 12', '12 ', '1.0', '1e1']) expect400(await call('GET', `/api/v1/analytics/reports?limit=${encodeURIComponent(text)}`), 'limit');
    expect((await call('GET', '/api/v1/analytics/reports?limit=12')).statusCode).toBe(200);
  });

  it('path ids', async () => {
    for (const id of NOT_UUIDS) {
      expect400(await call('GET', `/api/v1/analytics/reports/${id}`), 'id');
      expect400(await call('GET', `/api/v1/analytics/content/${id}`), 'id');
    }
    expect404(await call('GET', `/api/v1/analytics/reports/${UNKNOWN_ID}`), 'id');
    expect404(await call('GET', `/api/v1/analytics/content/${UNKNOWN_ID}`), 'id');
    // A UUID is read in any case.
    expect((await call('GET', `/api/v1/analytics/reports/${reportId.toUpperCase()}`)).statusCode).toBe(200);
  });

  it('every integer input has a maximum in the document (none is open-ended)', async () => {
    const doc = (await s.h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const open: string[] = [];
    const walk = (schema: unknown, where: string) => {
      if (typeof schema !== 'object' || schema === null) return;
      const o = schema as Record<string, unknown>;
      const types = Array.isArray(o.type) ? o.type : [o.type];
      if (types.includes('integer') && typeof o.maximum !== 'number') open.push(where);
      for (const [k, v] of Object.entries(o)) walk(v, `${where}/${k}`);
    };
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { parameters?: unknown; requestBody?: unknown }>>)) {
      for (const [method, op] of Object.entries(item)) {
        walk(op.parameters, `${method} ${path} parameters`);
        walk(op.requestBody, `${method} ${path} body`);
      }
    }
    expect(open).toEqual([]);
  });
});

describe('a multipart upload cut off part-way', () => {
  it('is a 400 on file, and nothing is stored', async () => {
    const before = await stored();
    const csv = readFileSync(new URL('./fixtures/exports/youtube/Table data.csv', import.meta.url));
    const boundary = `----pulseboard${randomBytes(8).toString('hex')}`;
    const whole = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="export.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      csv,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    for (const cut of [whole.length - 10, 120, 60]) {
      const res = await call('POST', '/api/v1/analytics/import', whole.subarray(0, cut), { ...s.user.auth, 'content-type': `multipart/form-data; boundary=${boundary}` });
      expect400(res, 'file');
      expect(res.json().error.details.reason).toMatch(/ended before/);
    }
    expect(await stored()).toEqual(before);
  });
});

describe('an empty list where one item is needed is a 400, not "all" or "none"', () => {
  it('platforms of a report and of a schedule, recipients of a schedule', async () => {
    const before = await stored();
    expect400(await call('POST', '/api/v1/analytics/reports', { ...report, platforms: [] }), 'platforms');
    expect400(await call('POST', '/api/v1/analytics/report-schedules', { ...schedule, platforms: [] }), 'platforms');
    expect400(await call('POST', '/api/v1/analytics/report-schedules', { ...schedule, recipients: [] }), 'recipients');
    expect(await stored()).toEqual(before);
  });

  it('platforms and account_ids of a sync', async () => {
    expect400(await call('POST', '/api/v1/analytics/sync', { platforms: [] }), 'platforms');
    expect400(await call('POST', '/api/v1/analytics/sync', { account_ids: [] }), 'account_ids');
  });

  it('POST /analytics/sync and POST /reports/:id/share take a missing body the same way', async () => {
    // Both bodies are optional: no body and {} mean the defaults; a JSON null or a list is no object.
    const sync = (payload: unknown, headers: Record<string, string> = {}) =>
      s.h.app.inject({ method: 'POST', url: '/api/v1/analytics/sync', headers: { ...s.user.auth, ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });
    const share = (payload: unknown, headers: Record<string, string> = {}) =>
      s.h.app.inject({ method: 'POST', url: `/api/v1/analytics/reports/${reportId}/share`, headers: { ...s.user.auth, ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });
    const json = { 'content-type': 'application/json' };
    // No queue runs here, so a sync that is taken is still running when the (short) wait ends: 202.
    const taken = [[undefined, {}], ['{}', json], ['null', json]] as const;
    for (const [payload, headers] of taken) {
      expect((await sync(payload, headers)).statusCode, `sync ${String(payload)}`).toBe(202);
      expect((await share(payload, headers)).statusCode, `share ${String(payload)}`).toBe(201);
    }
    const refused = [['', json], ['[]', json], ['{"x": 1}', json]] as const;
    for (const [payload, headers] of refused) {
      const a = await sync(payload, headers);
      const b = await share(payload, headers);
      expect([a.statusCode, b.statusCode], `${payload}: ${a.body} ${b.body}`).toEqual([400, 400]);
      expect(a.json().error.details.field).toBe(b.json().error.details.field);
    }
  });
});

describe('framework errors have the one error body', () => {
  it('malformed JSON is a 400 on body', async () => {
    const res = await s.h.app.inject({ method: 'POST', url: '/api/v1/analytics/reports', headers: { ...s.user.auth, 'content-type': 'application/json' }, payload: '{"report_name": ' });
    expect400(res, 'body');
  });

  it('a media type the route does not read is a 415 on content-type', async () => {
    const res = await s.h.app.inject({ method: 'POST', url: '/api/v1/analytics/reports', headers: { ...s.user.auth, 'content-type': 'application/xml' }, payload: '<report/>' });
    expect(res.statusCode, res.body).toBe(415);
    expect(res.json()).toEqual({ error: { code: 'unsupported_media_type', message: expect.any(String), details: { field: 'content-type', reason: expect.any(String) } } });
  });

  it('a body over the limit is a 413 on body', async () => {
    const res = await s.h.app.inject({
      method: 'PATCH',
      url: '/api/v1/me/brand',
      headers: { ...s.user.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(11 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: { code: 'payload_too_large', message: expect.any(String), details: { field: 'body', reason: expect.any(String) } } });
  });

  it('too many requests is a 429 rate_limited with Retry-After', async () => {
    const email = `limited-${randomBytes(3).toString('hex')}@example.test`;
    let last;
    for (let i = 0; i < 12; i++) last = await call('POST', '/api/v1/auth/login', { email, password: `guess number ${i}` }, {});
    expect(last!.statusCode).toBe(429);
    expect(last!.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });
});

// Registered users are counted above; keep a second user around so `users` is not trivially 1.
it('a second user exists (the counts above are not of an empty table)', async () => {
  await register(s.h.app);
});

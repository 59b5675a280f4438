/**
 * Tighter auth (issue 10, item 5): login and register limits per address beside
 * the per-account one, small bodies on the public auth routes, sign-out and
 * revocation of every session, and no OAuth codes or tokens in the request log.
 * Runs on PGlite or PostgreSQL, and with TEST_REDIS_URL the revocation check is
 * cached in Redis (so its invalidation is tested there).
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loggerOptions } from '../src/logger.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';

let h: TestApp;
beforeAll(async () => {
  h = await createTestApp();
});
afterAll(async () => {
  await h?.close();
});

let ip = 0;
/** A fresh client address per test, so the per-address limits of one test do not spill into another. */
const nextIp = () => `10.0.${Math.floor(++ip / 250)}.${(ip % 250) + 1}`;

const login = (email: string, password: string, remoteAddress: string) =>
  h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

async function signUp(remoteAddress = nextIp()) {
  const email = `s${Math.random().toString(36).slice(2)}@example.test`;
  const password = 'a long enough password';
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password }, remoteAddress });
  expect(res.statusCode, res.body).toBe(201);
  return { email, password, auth: { authorization: `Bearer ${res.json().token as string}` } };
}

async function token(email: string, password: string) {
  const res = await login(email, password, nextIp());
  expect(res.statusCode, res.body).toBe(200);
  return { authorization: `Bearer ${res.json().token as string}` };
}

const me = (auth: { authorization: string }) => h.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth });

describe('login and register limits', () => {
  it('one address cannot try a password against many accounts: a per-address limit beside the per-account one, with Retry-After', async () => {
    const from = nextIp();
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof login>> | null = null;
    for (let i = 0; i < 60; i++) {
      const res = await login(`victim${i}@example.test`, 'password123!', from);
      statuses.push(res.statusCode);
      if (res.statusCode === 429 && !limited) limited = res;
    }
    // Each account was tried once, so only the per-address limit can stop this.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(30);
    expect(statuses.at(-1)).toBe(429);
    expect(limited).not.toBeNull();
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited!.json().error.code).toBe('rate_limited');
    // Another address is not affected.
    expect((await login('victim0@example.test', 'password123!', nextIp())).statusCode).toBe(401);
  });

  it('the per-account limit still holds from one address, and the real user can still sign in from another', async () => {
    const user = await signUp();
    const from = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await login(user.email, `wrong guess ${i}`, from)).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const limited = await login(user.email, 'wrong guess x', from);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(user.email, user.password, nextIp())).statusCode).toBe(200);
  });

  it('register is limited per address before the body is parsed or validated, with Retry-After', async () => {
    // Bodies the schema refuses: a limit that ran only after validation would never count them.
    const from = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'x', password: 'x', unknown_field: 1 }, remoteAddress: from });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('body limits on the public auth routes', () => {
  it.each(['register', 'login'])('a 5 MB body to %s is refused with 413, not parsed', async (route) => {
    const payload = JSON.stringify({ email: 'big@example.test', password: 'x'.repeat(5 * 1024 * 1024) });
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/auth/${route}`, headers: { 'content-type': 'application/json' }, payload, remoteAddress: nextIp() });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('an ordinary body still passes', async () => {
    await signUp();
  });
});

describe('sign-out and revocation', () => {
  it('POST /auth/logout revokes the presented token only: it is 401 everywhere afterwards, other sessions stay valid', async () => {
    const user = await signUp();
    const other = await token(user.email, user.password);
    // Used once before, so the check is cached when it is revoked.
    expect((await me(user.auth)).statusCode).toBe(200);
    const out = await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: user.auth });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    for (const url of ['/api/v1/me', '/api/v1/accounts', '/api/v1/analytics/reports', '/api/v1/analytics/dashboard']) {
      const res = await h.app.inject({ method: 'GET', url, headers: user.auth });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('unauthorized');
    }
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: user.auth })).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(200);
  });

  it('DELETE /me/sessions revokes every token of the user (not of others); signing in again works', async () => {
    const user = await signUp();
    const second = await token(user.email, user.password);
    const stranger = await signUp();
    expect((await me(user.auth)).statusCode).toBe(200);
    expect((await me(second)).statusCode).toBe(200);
    const res = await h.app.inject({ method: 'DELETE', url: '/api/v1/me/sessions', headers: second });
    expect(res.statusCode).toBe(204);
    expect((await me(user.auth)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/analytics/reports', headers: user.auth })).statusCode).toBe(401);
    expect((await me(stranger.auth)).statusCode).toBe(200);
    const fresh = await token(user.email, user.password);
    expect((await me(fresh)).statusCode).toBe(200);
  });

  it('logout and revoke-all need a valid token', async () => {
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'DELETE', url: '/api/v1/me/sessions' })).statusCode).toBe(401);
  });

  it('a verified session costs at most one database read, and none when cached', async () => {
    const user = await register(h.app);
    const db = h.services.db;
    const original = db.query.bind(db);
    let reads = 0;
    db.query = ((...args: Parameters<typeof db.query>) => {
      // The answer's user id shown as its UUID is a read of its own (src/http/public-ids.ts), not the session's.
      if (!String(args[0]).includes('public_id')) reads += 1;
      return original(...args);
    }) as typeof db.query;
    try {
      expect((await me(user.auth)).statusCode).toBe(200);
      expect(reads).toBeLessThanOrEqual(1);
      reads = 0;
      expect((await me(user.auth)).statusCode).toBe(200);
      expect(reads).toBe(0);
    } finally {
      db.query = original;
    }
  });
});

describe('request log', () => {
  it('redacts code, state, ticket and token in the logged URL of an OAuth callback', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const logged = await buildApp(h.services, { logger: { ...loggerOptions('info'), stream } });
    try {
      const secrets = { code: 'SECRETCODE4711', state: 'SECRETSTATE0815', ticket: 'SECRETTICKET42', token: 'SECRETTOKEN99', scope: 'read' };
      const res = await logged.inject({ method: 'GET', url: `/api/v1/accounts/oauth/youtube/callback?${new URLSearchParams(secrets)}` });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      await logged.inject({ method: 'GET', url: `/api/v1/shared/${'S'.repeat(43)}?token=SECRETTOKEN99` });
    } finally {
      await logged.close();
    }
    const text = lines.join('\n');
    expect(text).toContain('/api/v1/accounts/oauth/youtube/callback?');
    for (const secret of ['SECRETCODE4711', 'SECRETSTATE0815', 'SECRETTICKET42', 'SECRETTOKEN99', 'S'.repeat(43)]) expect(text).not.toContain(secret);
    // What is not secret stays readable.
    expect(text).toContain('scope=read');
  });
});

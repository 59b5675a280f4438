import { afterEach, describe, expect, it } from 'vitest';
import { AuthExpired, AuthRevoked, PermanentError, QuotaExceeded, RateLimited, Unavailable, classifyRetry, isRetryable } from '../../src/platforms/errors.js';
import { hashtagsFrom } from '../../src/analytics/hashtags.js';
import { createConnector, simulatorOrigins } from '../../src/platforms/index.js';
import { id, optCount } from '../../src/platforms/json.js';
import { pkceChallenge, pkcePair } from '../../src/platforms/oauth.js';
import { readRateLimitHeaders } from '../../src/platforms/rate-limit-headers.js';
import { refreshStep, runSteps } from '../../src/platforms/sync-steps.js';
import { dateInZone, nextMidnightPacific, startOfDayInZone } from '../../src/platforms/time.js';
import { caught, collect } from './sim-harness.js';
import { serveFixtures } from './fixture-server.js';

const base = { platform: 'youtube' as const, endpoint: 'GET /x', reason: 'r' };

describe('hashtags', () => {
  it('lower-cased, without #, deduplicated, unicode letters kept, punctuation ends a tag', () => {
    expect(hashtagsFrom('Trip #Japan #japan #東京, #café! #no-dash #snake_case #2024')).toEqual(['japan', '東京', 'café', 'no', 'snake_case', '2024']);
    expect(hashtagsFrom(undefined)).toEqual([]);
    expect(hashtagsFrom('no tags # here')).toEqual([]);
  });
});

describe('Pacific time', () => {
  it('next midnight Pacific in summer (PDT, 07:00 UTC) and winter (PST, 08:00 UTC)', () => {
    expect(nextMidnightPacific(new Date('2024-07-01T06:59:00Z')).toISOString()).toBe('2024-07-01T07:00:00.000Z');
    expect(nextMidnightPacific(new Date('2024-07-01T07:00:00Z')).toISOString()).toBe('2024-07-02T07:00:00.000Z');
    expect(nextMidnightPacific(new Date('2024-12-01T12:00:00Z')).toISOString()).toBe('2024-12-02T08:00:00.000Z');
    // The night DST ends: midnight PDT on Nov 3 is 07:00 UTC; the next is PST.
    expect(nextMidnightPacific(new Date('2024-11-03T10:00:00Z')).toISOString()).toBe('2024-11-04T08:00:00.000Z');
  });

  it('day boundaries', () => {
    expect(dateInZone(new Date('2024-05-01T06:59:59Z'), 'America/Los_Angeles')).toBe('2024-04-30');
    expect(startOfDayInZone('2024-03-10', 'America/Los_Angeles').toISOString()).toBe('2024-03-10T08:00:00.000Z');
    expect(startOfDayInZone('2024-03-11', 'America/Los_Angeles').toISOString()).toBe('2024-03-11T07:00:00.000Z');
  });
});

describe('rate-limit headers', () => {
  const now = new Date('2024-05-03T20:00:00Z');
  it('X: reset in epoch seconds', () => {
    const info = readRateLimitHeaders(new Headers({ 'x-rate-limit-limit': '900', 'x-rate-limit-remaining': '12', 'x-rate-limit-reset': '1714766400' }), now);
    expect(info).toEqual({ limit: 900, remaining: 12, resetAt: new Date(1714766400 * 1000) });
  });
  it('Instagram: highest usage percentage; regain time in minutes', () => {
    const info = readRateLimitHeaders(
      new Headers({
        'x-app-usage': '{"call_count":28,"total_cputime":25,"total_time":25}',
        'x-business-use-case-usage': '{"1784":[{"type":"instagram","call_count":95,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":3}]}',
      }),
      now,
    );
    expect(info).toEqual({ usagePercent: 95, regainAccessAt: new Date(now.getTime() + 3 * 60_000) });
  });
  it('Retry-After as seconds or HTTP date; garbage ignored', () => {
    expect(readRateLimitHeaders(new Headers({ 'retry-after': '30' }), now)).toEqual({ retryAfterMs: 30_000 });
    expect(readRateLimitHeaders(new Headers({ 'retry-after': 'Fri, 03 May 2024 20:01:00 GMT' }), now)).toEqual({ retryAfterMs: 60_000 });
    expect(readRateLimitHeaders(new Headers({ 'x-app-usage': 'not json', 'x-rate-limit-reset': 'soon' }), now)).toEqual({});
  });
});

describe('JSON readers', () => {
  it('ids: strings kept exactly, unsafe numbers refused', () => {
    expect(id('1790000000000000001', 'x')).toBe('1790000000000000001');
    expect(id(42, 'x')).toBe('42');
    expect(() => id(2 ** 60, 'x')).toThrow(/id string/);
  });
  it('counts: numbers or decimal strings; missing stays undefined', () => {
    expect(optCount('12345', 'x')).toBe(12345);
    expect(optCount(7, 'x')).toBe(7);
    expect(optCount(undefined, 'x')).toBeUndefined();
    expect(() => optCount('12k', 'x')).toThrow(/count/);
  });
  it('a malformed platform response becomes a PermanentError naming the path', async () => {
    const server = await serveFixtures({ 'GET /v2/user/info/': { raw: '' } });
    try {
      const c = createConnector('tiktok', { clientId: 'k', clientSecret: 's', origin: server.origin });
      // An empty 200 is not the TikTok envelope: it is not treated as success.
      await expect(c.verify('t')).rejects.toBeInstanceOf(PermanentError);
    } finally {
      await server.close();
    }
  });
});

describe('retry classification', () => {
  it('says which failures a retry can fix', () => {
    const at = new Date('2024-05-04T07:00:00Z');
    expect(classifyRetry(new RateLimited(base, at))).toEqual({ retryable: true, notBefore: at });
    expect(classifyRetry(new QuotaExceeded(base, at))).toEqual({ retryable: true, notBefore: at });
    expect(classifyRetry(new QuotaExceeded(base, null))).toEqual({ retryable: false, action: 'give_up' });
    expect(classifyRetry(new Unavailable(base))).toEqual({ retryable: true, notBefore: null });
    expect(classifyRetry(new AuthExpired(base))).toEqual({ retryable: false, action: 'refresh_token' });
    expect(classifyRetry(new AuthRevoked(base))).toEqual({ retryable: false, action: 'reauthorize' });
    expect(isRetryable(new PermanentError(base))).toBe(false);
    expect(isRetryable(new Error('bug'))).toBe(false);
  });
});

describe('transport', () => {
  let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('connection refused -> Unavailable with the system code', async () => {
    const closed = await serveFixtures({});
    await closed.close(); // a port nobody listens on any more
    const c = createConnector('twitter', { clientId: 'c', clientSecret: '', origin: closed.origin });
    const error = await caught(() => c.verify('t'));
    expect(error).toBeInstanceOf(Unavailable);
    expect((error as Unavailable).reason).toBe('ECONNREFUSED');
  });

  it("the caller's abort passes through unchanged, not as a platform failure", async () => {
    server = await serveFixtures({ 'GET /2/users/me': { fixture: 'twitter.user.json' } });
    const controller = new AbortController();
    controller.abort();
    const error = await caught(() => createConnector('twitter', { clientId: 'c', clientSecret: '', origin: server!.origin }).verify('t', { signal: controller.signal }));
    expect(error).not.toBeInstanceOf(Unavailable);
    expect((error as Error).name).toBe('AbortError');
  });

  it('simulatorOrigins points every connector at one origin', () => {
    const o = simulatorOrigins('http://127.0.0.1:4010');
    expect(o.youtube.analyticsOrigin).toBe('http://127.0.0.1:4010');
    expect(o.instagram.oauthOrigin).toBe('http://127.0.0.1:4010');
  });
});

describe('PKCE and sync steps', () => {
  it('S256 challenge per RFC 7636 appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    const { verifier, challenge } = pkcePair();
    expect(verifier.length).toBeGreaterThanOrEqual(43);
    expect(pkceChallenge(verifier)).toBe(challenge);
  });

  it('checkpoints point at the next page, then the next step, then null', async () => {
    const steps = [
      {
        name: 'a',
        async *run(cursor: string | undefined) {
          if (cursor === undefined) yield { body: {}, more: 'p2' };
          yield { body: {}, more: null };
        },
      },
      {
        name: 'b',
        async *run() {
          yield { body: { warnings: ['w'] }, more: null };
        },
      },
    ];
    const all = await collect(runSteps('test', steps));
    expect(all.map((c) => c.next)).toEqual([{ step: 'a', cursor: 'p2' }, { step: 'b' }, null]);
    expect(all[2]!.warnings).toEqual(['w']);
    expect(all[0]!.source).toBe('test');
    const resumed = await collect(runSteps('test', steps, { step: 'a', cursor: 'p2' }));
    expect(resumed.map((c) => c.next)).toEqual([{ step: 'b' }, null]);
    await expect(collect(runSteps('test', steps, { step: 'zzz' }))).rejects.toThrow(/unknown sync checkpoint/);
  });

  it('an empty step (a refresh with no ids) is never what a chunk says comes next, and resuming at it goes on after it', async () => {
    const page = (name: string) => ({ name, async *run(cursor: string | undefined) { yield { body: { warnings: [`${name}:${cursor ?? '-'}`] }, more: null }; } });
    const refresh = refreshStep([], 20, async () => ({}));
    const all = await collect(runSteps('test', [page('a'), refresh, page('c')]));
    expect(all.map((c) => c.next)).toEqual([{ step: 'c' }, null]);
    const last = await collect(runSteps('test', [page('a'), refresh]));
    expect(last.map((c) => c.next)).toEqual([null]);
    // A checkpoint at the empty step (written when it still had ids) resumes at the next step, without the empty step's cursor.
    const resumed = await collect(runSteps('test', [page('a'), refresh, page('c')], { step: 'refresh', cursor: 'id9' }));
    expect(resumed.map((c) => c.warnings)).toEqual([['c:-']]);
    expect(await collect(runSteps('test', [page('a'), refresh], { step: 'refresh', cursor: 'id9' }))).toEqual([]);
    // With ids it runs, in batches, the last one saying nothing comes after.
    const withIds = refreshStep(['x1', 'x2', 'x3'], 2, async (ids) => ({ warnings: ids }));
    expect((await collect(runSteps('test', [page('a'), withIds]))).map((c) => [c.warnings, c.next])).toEqual([
      [['a:-'], { step: 'refresh' }],
      [['x1', 'x2'], { step: 'refresh', cursor: 'x2' }],
      [['x3'], null],
    ]);
  });
});

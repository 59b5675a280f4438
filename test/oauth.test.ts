/** Connecting accounts through the OAuth authorization-code flow, against the simulator. */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PLATFORMS, type Platform } from '../src/analytics/catalog.js';
import { loadConfig } from '../src/config.js';
import type { JobPayloads, JobQueue } from '../src/queue/types.js';
import { inProcessQueue } from '../src/queue/in-process.js';
import { pkceChallenge } from '../src/platforms/oauth.js';
import { register } from './helpers/app.js';
import { keyOf } from './helpers/ids.js';
import { startSyncHarness, type SyncHarness } from './helpers/sync.js';

/** The simulator accepts any non-empty client; these make every platform "configured". */
const CREDENTIALS_ENV = {
  YOUTUBE_CLIENT_ID: 'pb-youtube', YOUTUBE_CLIENT_SECRET: 'yt-secret',
  TIKTOK_CLIENT_KEY: 'pb-tiktok', TIKTOK_CLIENT_SECRET: 'tt-secret',
  INSTAGRAM_APP_ID: 'pb-instagram', INSTAGRAM_APP_SECRET: 'ig-secret',
  X_CLIENT_ID: 'pb-x', X_CLIENT_SECRET: 'x-secret',
};

type SyncJob = JobPayloads['sync-account'];
let s: SyncHarness;
let added: SyncJob[] = [];

function spyQueue(): JobQueue {
  const q = inProcessQueue();
  return { ...q, kind: q.kind, add: async (name, payload, options) => {
    if (name === 'sync-account') added.push(payload as SyncJob);
    return q.add(name, payload, options);
  } };
}

beforeAll(async () => {
  s = await startSyncHarness({ env: CREDENTIALS_ENV, queue: spyQueue() });
  // The routes read the app's configuration; give it the same platform settings the harness built its connectors from.
  s.h.services.config.platforms = loadConfig({ APP_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/pulseboard-test-unused', ...CREDENTIALS_ENV }).platforms;
});
afterAll(async () => {
  await s?.close();
});
beforeEach(() => {
  added = [];
});

interface Started { authorize_url: string; state: string; expires_at: string }

async function start(platform: string, auth = s.user.auth, payload?: object) {
  return s.h.app.inject({ method: 'POST', url: `/api/v1/accounts/oauth/${platform}/start`, headers: auth, ...(payload ? { payload } : {}) });
}

async function started(platform: string, auth = s.user.auth, payload?: object): Promise<Started & { params: URLSearchParams }> {
  const res = await start(platform, auth, payload);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as Started;
  return { ...body, params: new URL(body.authorize_url).searchParams };
}

/** What the platform's consent screen hands back for simulator account `index`. */
function consent(platform: Platform, index: number, params: URLSearchParams): string {
  const challenge = params.get('code_challenge');
  return s.sim.authorizationCode(platform, index, { redirectUri: params.get('redirect_uri')!, ...(challenge ? { codeChallenge: challenge } : {}) });
}

function callback(platform: string, query: Record<string, string>, headers: Record<string, string> = {}) {
  return s.h.app.inject({ method: 'GET', url: `/api/v1/accounts/oauth/${platform}/callback?${new URLSearchParams(query)}`, headers });
}

async function stateRow(state: string) {
  const [row] = await s.h.t.db.query<{ user_id: number; platform: string; code_verifier: string | null; redirect_uri: string }>(
    'SELECT user_id, platform, code_verifier, redirect_uri FROM oauth_states WHERE state = $1', [state]);
  return row ?? null;
}

async function accountsOf(userId: number, platform: Platform) {
  return s.h.t.db.query<{ id: number; external_id: string; access_token_enc: string | null; refresh_token_enc: string | null; token_expires_at: Date | null }>(
    'SELECT id, external_id, access_token_enc, refresh_token_enc, token_expires_at FROM platform_accounts WHERE user_id = $1 AND platform = $2 ORDER BY id', [userId, platform]);
}

describe('OAuth authorization-code flow', () => {
  it.each(PLATFORMS)('%s: start → consent → callback connects the account with encrypted tokens, and it syncs', async (platform) => {
    const { authorize_url, state, expires_at, params } = await started(platform);
    // The consent URL points at the platform (here the simulator) with our state and default callback.
    expect(new URL(authorize_url).port).toBe(String((s.sim.server.address() as AddressInfo).port));
    expect(params.get('state')).toBe(state);
    expect(params.get('redirect_uri')).toBe(`http://localhost:80/api/v1/accounts/oauth/${platform}/callback`);
    const ttl = new Date(expires_at).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);

    // PKCE where the connector uses it (Google, X): the verifier stays server-side and matches the challenge.
    const row = (await stateRow(state))!;
    expect(row).toMatchObject({ user_id: s.user.id, platform, redirect_uri: params.get('redirect_uri') });
    if (platform === 'youtube' || platform === 'twitter') {
      expect(row.code_verifier).not.toBeNull();
      expect(params.get('code_challenge')).toBe(pkceChallenge(row.code_verifier!));
      expect(params.get('code_challenge_method')).toBe('S256');
      expect(authorize_url).not.toContain(row.code_verifier!);
    } else {
      expect(row.code_verifier).toBeNull();
    }

    const code = consent(platform, 0, params);
    const res = await callback(platform, { code, state });
    expect(res.statusCode, res.body).toBe(201);
    const account = res.json().account;
    const info = s.sim.accounts(platform)[0]!;
    expect(account).toMatchObject({ platform, external_id: info.externalId, handle: info.handle, needs_reauth: false });
    expect(await stateRow(state)).toBeNull();

    // Tokens at rest are sealed: what the platform issued never appears in the row.
    const [stored] = await accountsOf(s.user.id, platform);
    const issued = s.sim.tokens(platform, 0);
    expect(stored!.access_token_enc).toMatch(/^v1\./);
    expect(stored!.access_token_enc).not.toContain(issued.accessToken);
    expect(s.h.services.sync!.box.open(stored!.access_token_enc!)).toBe(issued.accessToken);
    expect(stored!.refresh_token_enc).not.toBeNull();
    expect(stored!.refresh_token_enc).not.toContain(s.h.services.sync!.box.open(stored!.refresh_token_enc!));
    expect(stored!.token_expires_at).not.toBeNull();
    expect(new Date(stored!.token_expires_at!).getTime()).toBeGreaterThan(s.clock.now().getTime());

    // The job names the account by its database key, the answer by its UUID.
    const accountKey = await keyOf(s.h.t.db, 'account', account.id);
    expect(added).toEqual([{ userId: s.user.id, accountId: accountKey, reason: 'connect' }]);
    const result = await s.engine.syncAccount(s.user.id, accountKey, 'connect');
    expect(result.status, result.error ?? '').toBe('success');
    expect(result.observations).toBeGreaterThan(0);
  });

  it('a state works once: replaying the callback is refused and changes nothing', async () => {
    const { state, params } = await started('tiktok');
    const query = { code: consent('tiktok', 1, params), state };
    expect((await callback('tiktok', query)).statusCode).toBe(201);
    added = [];
    const replay = await callback('tiktok', query);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error).toMatchObject({ code: 'invalid_state', details: { reason: 'unknown' } });
    expect(added).toEqual([]);
  });

  it('an expired state is refused, and so is an unknown one', async () => {
    const { state, params } = await started('youtube');
    await s.h.t.db.query("UPDATE oauth_states SET expires_at = now() - interval '1 second' WHERE state = $1", [state]);
    const expired = await callback('youtube', { code: consent('youtube', 1, params), state });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error).toMatchObject({ code: 'invalid_state', details: { reason: 'expired' } });

    const unknown = await callback('youtube', { code: 'anything', state: randomBytes(24).toString('base64url') });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.reason).toBe('unknown');
    expect((await callback('youtube', { code: 'anything' })).statusCode).toBe(400);
    expect(await accountsOf(s.user.id, 'youtube')).toHaveLength(1);
    expect(added).toEqual([]);
  });

  it("a state issued for one platform is refused on another's callback, and is spent", async () => {
    const { state, params } = await started('instagram');
    const code = consent('instagram', 1, params);
    const wrong = await callback('youtube', { code, state });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.reason).toBe('platform_mismatch');
    expect((await callback('instagram', { code, state })).json().error.details.reason).toBe('unknown');
  });

  it("the state binds the user who started: another user's bearer token at the callback changes nothing", async () => {
    const other = await register(s.h.app);
    const { state, params } = await started('x', other.auth);
    const res = await callback('x', { code: consent('twitter', 1, params), state }, s.user.auth);
    expect(res.statusCode, res.body).toBe(201);
    const externalId = s.sim.accounts('twitter')[1]!.externalId;
    expect((await accountsOf(other.id, 'twitter')).map((a) => a.external_id)).toEqual([externalId]);
    expect((await accountsOf(s.user.id, 'twitter')).map((a) => a.external_id)).not.toContain(externalId);
    expect(added).toEqual([{ userId: other.id, accountId: await keyOf(s.h.t.db, 'account', res.json().account.id), reason: 'connect' }]);
  });

  it('the platform refusing consent (error=access_denied) → 400 with its reason, nothing stored', async () => {
    const other = await register(s.h.app);
    const { state } = await started('instagram', other.auth);
    const res = await callback('instagram', { error: 'access_denied', error_reason: 'user_denied', error_description: 'Permissions error', state });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'authorization_denied', details: { platform: 'instagram', error: 'access_denied', reason: 'Permissions error' } });
    expect(res.json().error.message).toContain('Permissions error');
    expect(await accountsOf(other.id, 'instagram')).toEqual([]);
    expect(await stateRow(state)).toBeNull();
    expect(added).toEqual([]);
  });

  it('a code the platform refuses → 400 with its reason, nothing stored', async () => {
    const other = await register(s.h.app);
    const { state, params } = await started('youtube', other.auth);
    // A code issued for another redirect URI: the token endpoint answers invalid_grant.
    const code = s.sim.authorizationCode('youtube', 1, { redirectUri: 'https://elsewhere.example/cb', codeChallenge: params.get('code_challenge')! });
    const res = await callback('youtube', { code, state });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'authorization_failed', details: { platform: 'youtube' } });
    expect(res.json().error.details.reason).toContain('invalid_grant');
    expect(await accountsOf(other.id, 'youtube')).toEqual([]);
    expect(added).toEqual([]);
  });

  it('a redirect_uri given at start is sent to the platform and used for the exchange', async () => {
    const other = await register(s.h.app);
    const redirectUri = 'https://app.example.test/connected?from=settings';
    const { state, params } = await started('tiktok', other.auth, { redirect_uri: redirectUri });
    expect(params.get('redirect_uri')).toBe(redirectUri);
    expect((await stateRow(state))!.redirect_uri).toBe(redirectUri);
    const res = await callback('tiktok', { code: consent('tiktok', 0, params), state });
    expect(res.statusCode, res.body).toBe(201);
    expect((await accountsOf(other.id, 'tiktok')).map((a) => a.external_id)).toEqual([s.sim.accounts('tiktok')[0]!.externalId]);
  });

  it('start validates its input and needs a signed-in user', async () => {
    expect((await s.h.app.inject({ method: 'POST', url: '/api/v1/accounts/oauth/youtube/start' })).statusCode).toBe(401);
    const unknown = await start('myspace');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.field).toBe('platform');
    for (const redirect_uri of ['javascript:alert(1)', 'not a url', 'https://app.example.test/cb#frag']) {
      const res = await start('youtube', s.user.auth, { redirect_uri });
      expect(res.statusCode, redirect_uri).toBe(400);
      expect(res.json().error.details.field).toBe('redirect_uri');
    }
    expect((await start('youtube', s.user.auth, { redirect_uri: 'https://a.example/cb', extra: 1 })).statusCode).toBe(400);
  });

  it('the OpenAPI document lists the flow; the callback needs no bearer token', async () => {
    const doc = (await s.h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/accounts/oauth/{platform}/start'].post).toBeDefined();
    expect(doc.paths['/api/v1/accounts/oauth/{platform}/callback'].get.security).toEqual([]);
    expect(doc.paths['/api/v1/webhooks/instagram'].post).toBeDefined();
    expect(doc.paths['/api/v1/webhooks/youtube'].get).toBeDefined();
  });

  it('a platform without configured credentials → 400 naming the missing variables, no state stored', async () => {
    const credentials = s.h.services.config.platforms.credentials;
    const saved = credentials.twitter;
    credentials.twitter = null;
    try {
      const before = await s.h.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM oauth_states');
      const res = await start('twitter');
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'platform_not_configured', details: { platform: 'twitter', missing: ['X_CLIENT_ID', 'X_CLIENT_SECRET'] } });
      expect(res.json().error.message).toContain('X_CLIENT_ID');
      expect(await s.h.t.db.query('SELECT count(*)::int AS n FROM oauth_states')).toEqual(before);
    } finally {
      credentials.twitter = saved;
    }
    expect((await start('twitter')).statusCode).toBe(200);
  });
});

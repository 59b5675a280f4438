/**
 * The simulator's consent screens, where the connectors' authorize URLs send
 * the browser: the page names the platform, the client and the accounts to
 * choose from; Allow returns a code the app's callback redeems (PKCE
 * challenge kept), Deny returns access_denied, which the app reports; a bad
 * query gets an error page and never a redirect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMS, type Platform } from '../src/analytics/catalog.js';
import { loadConfig } from '../src/config.js';
import { startSyncHarness, type SyncHarness } from './helpers/sync.js';

const CREDENTIALS_ENV = {
  YOUTUBE_CLIENT_ID: 'pb-youtube', YOUTUBE_CLIENT_SECRET: 'yt-secret',
  TIKTOK_CLIENT_KEY: 'pb-tiktok', TIKTOK_CLIENT_SECRET: 'tt-secret',
  INSTAGRAM_APP_ID: 'pb-instagram', INSTAGRAM_APP_SECRET: 'ig-secret',
  X_CLIENT_ID: 'pb-x', X_CLIENT_SECRET: 'x-secret',
};
const CLIENT: Record<Platform, string> = { youtube: 'pb-youtube', tiktok: 'pb-tiktok', instagram: 'pb-instagram', twitter: 'pb-x' };
const NAME: Record<Platform, string> = { youtube: 'YouTube', tiktok: 'TikTok', instagram: 'Instagram', twitter: 'X' };
const PATH: Record<Platform, string> = { youtube: '/o/oauth2/v2/auth', tiktok: '/v2/auth/authorize/', instagram: '/oauth/authorize', twitter: '/i/oauth2/authorize' };
const APP_RETURN = 'https://app.example/accounts/connected';

let s: SyncHarness;

beforeAll(async () => {
  s = await startSyncHarness({ env: CREDENTIALS_ENV, sim: { oauthClients: Object.values(CLIENT) } });
  s.h.services.config.platforms = loadConfig({ APP_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/pulseboard-test-unused', ...CREDENTIALS_ENV }).platforms;
});
afterAll(async () => {
  await s?.close();
});

async function start(platform: Platform, redirectUri?: string): Promise<{ url: URL; state: string }> {
  const res = await s.h.app.inject({ method: 'POST', url: `/api/v1/accounts/oauth/${platform}/start`, headers: s.user.auth, ...(redirectUri ? { payload: { redirect_uri: redirectUri } } : {}) });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { authorize_url: string; state: string };
  return { url: new URL(body.authorize_url), state: body.state };
}

/** What the browser does with the page's form: POST to the same address with the chosen account and button. */
function decide(url: URL, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

function callback(platform: Platform, location: URL) {
  return s.h.app.inject({ method: 'GET', url: `/api/v1/accounts/oauth/${platform}/callback?${location.searchParams}` });
}

describe('consent screen', () => {
  it.each(PLATFORMS)('%s: the page, then Allow → code → the app connects the chosen account', async (platform) => {
    const { url, state } = await start(platform);
    expect(url.pathname).toBe(PATH[platform]);
    const page = await fetch(url, { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain(`<title>Simulated ${NAME[platform]}: allow ${CLIENT[platform]} to read an account?</title>`);
    expect(html).toMatch(/<html lang="en">/);
    // Every simulator account of the platform is offered, each a labelled radio button.
    const accounts = s.sim.accounts(platform);
    expect(accounts.length).toBe(2);
    for (const a of accounts) expect(html).toContain(`<input type="radio" name="account" value="${a.index}"`);
    for (const a of accounts) expect(html).toContain(`@${a.handle}`);
    expect(html).toContain('<button class="allow" type="submit" name="decision" value="allow">Allow</button>');

    // The second account, not the default first one.
    const allowed = await decide(url, { account: '1', decision: 'allow' });
    expect(allowed.status).toBe(302);
    const location = new URL(allowed.headers.get('location')!);
    // The app's default callback (normalised as a URL: "localhost:80" is "localhost").
    const redirect = new URL(url.searchParams.get('redirect_uri')!);
    expect(redirect.pathname).toBe(`/api/v1/accounts/oauth/${platform}/callback`);
    expect(`${location.origin}${location.pathname}`).toBe(`${redirect.origin}${redirect.pathname}`);
    expect(location.searchParams.get('state')).toBe(state);
    expect(location.searchParams.get('code')).toMatch(/^code_/);

    const res = await callback(platform, location);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().account).toMatchObject({ platform, external_id: accounts[1]!.externalId, handle: accounts[1]!.handle });
  });

  it.each(['youtube', 'twitter'] as const)('%s: the code is bound to the PKCE challenge (a wrong verifier is refused)', async (platform) => {
    const { url } = await start(platform);
    const location = new URL((await decide(url, { account: '0', decision: 'allow' })).headers.get('location')!);
    const token = platform === 'youtube' ? '/token' : '/2/oauth2/token';
    const form = { grant_type: 'authorization_code', code: location.searchParams.get('code')!, redirect_uri: url.searchParams.get('redirect_uri')!, code_verifier: 'not-the-verifier-'.repeat(4), client_id: CLIENT[platform], client_secret: 'x' };
    const res = await fetch(`${s.origin}${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    expect(res.status).toBe(400);
  });

  it.each(PLATFORMS)('%s: Deny → access_denied with the state, and the app reports the refusal', async (platform) => {
    const { url, state } = await start(platform, `${APP_RETURN}/${platform}?from=accounts`);
    const denied = await decide(url, { account: '0', decision: 'deny' });
    expect(denied.status).toBe(302);
    const location = new URL(denied.headers.get('location')!);
    // The redirect URI as the app gave it, its own query kept.
    expect(`${location.origin}${location.pathname}`).toBe(`${APP_RETURN}/${platform}`);
    expect(location.searchParams.get('from')).toBe('accounts');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe(state);
    expect(location.searchParams.has('code')).toBe(false);

    const res = await callback(platform, location);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'authorization_denied', details: { platform, error: 'access_denied' } });
  });

  it('an unknown or missing client, or a missing or bad redirect URI, gets an error page and no redirect', async () => {
    const { url } = await start('youtube');
    const variants: Array<[string, (q: URLSearchParams) => void, number, RegExp]> = [
      ['unknown client', (q) => q.set('client_id', 'someone-else'), 401, /invalid_client/],
      ['no client', (q) => q.delete('client_id'), 400, /Missing required parameter: client_id/],
      ['no redirect_uri', (q) => q.delete('redirect_uri'), 400, /Missing required parameter: redirect_uri/],
      ['relative redirect_uri', (q) => q.set('redirect_uri', '/callback'), 400, /redirect_uri/],
      ['javascript: redirect_uri', (q) => q.set('redirect_uri', 'javascript:alert(1)'), 400, /redirect_uri/],
      ['redirect_uri with a fragment', (q) => q.set('redirect_uri', 'https://evil.example/#x'), 400, /redirect_uri/],
    ];
    for (const [what, change, status, message] of variants) {
      const bad = new URL(url);
      change(bad.searchParams);
      for (const res of [await fetch(bad, { redirect: 'manual' }), await decide(bad, { account: '0', decision: 'allow' })]) {
        expect(res.status, what).toBe(status);
        expect(res.headers.get('location'), what).toBeNull();
        const html = await res.text();
        expect(html, what).toMatch(message);
        expect(html, what).toContain('role="alert"');
      }
    }
    // TikTok names its client `client_key`.
    const tiktok = (await start('tiktok')).url;
    tiktok.searchParams.set('client_key', 'someone-else');
    expect((await fetch(tiktok, { redirect: 'manual' })).status).toBe(401);
  });

  it('once the redirect URI is sound, request errors go back to it: X without PKCE, a wrong response_type', async () => {
    const { url, state } = await start('twitter');
    const noPkce = new URL(url);
    noPkce.searchParams.delete('code_challenge');
    const res = await fetch(noPkce, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('state')).toBe(state);

    const token = new URL(url);
    token.searchParams.set('response_type', 'token');
    const res2 = await fetch(token, { redirect: 'manual' });
    expect(new URL(res2.headers.get('location')!).searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('text from the query stays inert on the page; an unknown account or no decision re-asks', async () => {
    const { url } = await start('instagram');
    const hostile = new URL(url);
    hostile.searchParams.set('state', '"><script>alert(1)</script>');
    const html = await (await fetch(hostile)).text();
    expect(html).not.toMatch(/<script/i);
    // The form posts back to the same address, its query encoded and the attribute escaped.
    expect(html).toContain('state=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E"');
    expect(html).toContain('&#38;response_type=code');
    const noAccount = await decide(url, { account: '9', decision: 'allow' });
    expect(noAccount.status).toBe(400);
    expect(await noAccount.text()).toContain('Choose the account to share.');
    expect((await decide(url, { account: '0' })).status).toBe(400);
  });
});

/**
 * The platforms' consent screens, at the authorize paths the connectors build
 * (src/platforms/<platform>/tokens.ts authorizeUrl): GET shows "Simulated
 * <Platform>: allow <client> to read <account>?" with the simulator's accounts
 * of that platform; POST (the page's form) answers Allow with a 302 to the
 * redirect URI carrying `code` and `state` (the PKCE challenge is kept with the
 * code, checked when it is redeemed), Deny with a 302 carrying
 * `error=access_denied` and `state`, in each platform's own words.
 *
 * The query is checked as the platforms check it, before anything can
 * redirect: an unknown or missing client, or a missing or malformed
 * redirect URI, gets an error page, never a redirect to an unchecked URL.
 * Once the redirect URI is known to be sound, request errors (response_type,
 * PKCE) go back to it as OAuth errors, as RFC 6749 §4.1.2.1 says.
 */
import type { Platform } from '../analytics/catalog.js';
import type { Route, SimReply, SimRequest, SimState } from './types.js';

interface ConsentScreen {
  /** The platform's own name on its consent screen. */
  name: string;
  path: string;
  pattern: RegExp;
  /** TikTok calls the client id `client_key`. */
  clientParam: 'client_id' | 'client_key';
  /** X requires PKCE; Google takes it when sent; TikTok and Instagram (as the connectors use them) do not. */
  pkce: 'required' | 'optional' | 'none';
  /** What the platform adds to an access_denied redirect beside error and state. */
  denied: Record<string, string>;
  /** What the user is asked to let the client read. */
  reads: string;
}

const SCREENS: Record<Platform, ConsentScreen> = {
  youtube: { name: 'YouTube', path: '/o/oauth2/v2/auth', pattern: /^\/o\/oauth2\/v2\/auth$/, clientParam: 'client_id', pkce: 'optional', denied: {}, reads: 'your YouTube channel and its analytics' },
  tiktok: { name: 'TikTok', path: '/v2/auth/authorize/', pattern: /^\/v2\/auth\/authorize\/?$/, clientParam: 'client_key', pkce: 'none', denied: { error_description: 'The user denied the request.' }, reads: 'your TikTok profile and videos' },
  instagram: {
    name: 'Instagram',
    path: '/oauth/authorize',
    pattern: /^\/oauth\/authorize$/,
    clientParam: 'client_id',
    pkce: 'none',
    denied: { error_reason: 'user_denied', error_description: 'The user denied your request.' },
    reads: 'your Instagram profile, media and insights',
  },
  twitter: { name: 'X', path: '/i/oauth2/authorize', pattern: /^\/i\/oauth2\/authorize$/, clientParam: 'client_id', pkce: 'required', denied: {}, reads: 'your X profile and posts' },
};

export interface ConsentOptions {
  /** Client ids registered with the simulated platforms; undefined: any non-empty id (as the token endpoints accept). */
  clients?: readonly string[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // A consent screen is never framed (clickjacking) and runs no script.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
};

function htmlReply(status: number, html: string): SimReply {
  return { status, body: null, html, headers: HEADERS };
}

function redirect(to: URL): SimReply {
  return { status: 302, body: null, html: '', headers: { location: to.toString(), 'cache-control': 'no-store' } };
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:0 .75rem;background:#f4f5f7;color:#1c1e21}
main{max-width:30rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}
h1{font-size:1.35rem;margin:0 0 .5rem}fieldset{border:1px solid #8a8f98;border-radius:8px;margin:1rem 0;padding:.5rem 1rem}
label{display:flex;gap:.6rem;align-items:center;min-height:44px}input{width:1.2rem;height:1.2rem}
.actions{display:flex;gap:.75rem;flex-wrap:wrap}button{min-height:44px;min-width:6rem;font:inherit;border-radius:8px;border:1px solid #1a56c4;padding:0 1.2rem;cursor:pointer}
.allow{background:#1a56c4;color:#fff}.deny{background:#fff;color:#1a56c4}button:focus-visible,input:focus-visible{outline:3px solid #e07b00;outline-offset:2px}
.note{color:#4a4f57;font-size:.9rem}.error{border-left:4px solid #b3261e;padding-left:1rem}
@media (prefers-color-scheme:dark){body{background:#121316;color:#e8e9ec}main{background:#1e2024}.deny{background:#1e2024;color:#9ec1ff;border-color:#9ec1ff}.allow{background:#9ec1ff;color:#0b1a33;border-color:#9ec1ff}.note{color:#b8bcc4}}`;

function page(title: string, content: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${content}</main></body></html>`;
}

function errorPage(screen: ConsentScreen, status: number, error: string, description: string): SimReply {
  const title = `Simulated ${screen.name}: ${error}`;
  return htmlReply(
    status,
    page(title, `<h1>Simulated ${escapeHtml(screen.name)}: the request cannot be completed</h1><div class="error" role="alert"><p><strong>Error ${status}: ${escapeHtml(error)}</strong></p><p>${escapeHtml(description)}</p></div><p class="note">The app that sent you here made a malformed request; nothing was shared with it. Go back to the app and start again.</p>`),
  );
}

/** A redirect URI the platform may send the browser to: absolute http(s), no fragment (RFC 6749 §3.1.2). */
function soundRedirectUri(raw: string | null): URL | null {
  if (!raw || raw.includes('#')) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function withParams(base: URL, params: Record<string, string | null>): URL {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  return url;
}

type Checked = { ok: false; reply: SimReply } | { ok: true; clientId: string; redirectUri: URL; state: string | null; codeChallenge: string | undefined };

/** The authorize query, checked in the platforms' order: client, redirect URI, then what may go back to the redirect URI. */
function checkQuery(screen: ConsentScreen, options: ConsentOptions, query: URLSearchParams): Checked {
  const clientId = query.get(screen.clientParam);
  if (!clientId) return { ok: false, reply: errorPage(screen, 400, 'invalid_request', `Missing required parameter: ${screen.clientParam}`) };
  if (options.clients && !options.clients.includes(clientId)) return { ok: false, reply: errorPage(screen, 401, 'invalid_client', 'The OAuth client was not found.') };
  const rawRedirect = query.get('redirect_uri');
  if (!rawRedirect) return { ok: false, reply: errorPage(screen, 400, 'invalid_request', 'Missing required parameter: redirect_uri') };
  const redirectUri = soundRedirectUri(rawRedirect);
  if (!redirectUri) return { ok: false, reply: errorPage(screen, 400, 'invalid_request', 'Invalid parameter value for redirect_uri: it must be an absolute http or https URL without a fragment.') };
  const state = query.get('state');
  const back = (error: string, description: string): Checked => ({ ok: false, reply: redirect(withParams(redirectUri, { error, error_description: description, state })) });
  if (query.get('response_type') !== 'code') return back('unsupported_response_type', 'response_type must be code.');
  const challenge = query.get('code_challenge');
  if (screen.pkce === 'required' && !challenge) return back('invalid_request', 'Missing required parameter: code_challenge');
  if (challenge && screen.pkce !== 'none' && query.get('code_challenge_method') !== 'S256') return back('invalid_request', 'code_challenge_method must be S256.');
  return { ok: true, clientId, redirectUri, state, codeChallenge: screen.pkce === 'none' ? undefined : (challenge ?? undefined) };
}

function consentPage(screen: ConsentScreen, state: SimState, platform: Platform, req: SimRequest, clientId: string, problem?: string): SimReply {
  const accounts = state.world[platform];
  const client = escapeHtml(clientId);
  const choices = accounts
    .map((a, i) => `<label><input type="radio" name="account" value="${a.index}"${i === 0 ? ' checked' : ''}> <span>${escapeHtml(a.displayName)} <span class="note">@${escapeHtml(a.handle)}</span></span></label>`)
    .join('');
  const action = `${screen.path}?${req.query.toString()}`;
  const alert = problem ? `<p class="error" role="alert">${escapeHtml(problem)}</p>` : '';
  return htmlReply(
    problem ? 400 : 200,
    page(
      `Simulated ${screen.name}: allow ${clientId} to read an account?`,
      `<h1>Simulated ${escapeHtml(screen.name)}: allow ${client} to read your account?</h1>
<p><strong>${client}</strong> asks to read ${escapeHtml(screen.reads)}. It cannot post or change anything.</p>${alert}
<form method="post" action="${escapeHtml(action)}"><fieldset><legend>Account ${client} may read</legend>${choices}</fieldset>
<div class="actions"><button class="allow" type="submit" name="decision" value="allow">Allow</button><button class="deny" type="submit" name="decision" value="deny">Deny</button></div></form>
<p class="note">This is Pulseboard's platform simulator, standing in for ${escapeHtml(screen.name)}: no real account is involved.</p>`,
    ),
  );
}

export function consentRoutes(state: SimState, platform: Platform, options: ConsentOptions = {}): Route[] {
  const screen = SCREENS[platform];
  const show: Route = {
    method: 'GET',
    pattern: screen.pattern,
    endpoint: `GET ${screen.path}`,
    handle(req) {
      const checked = checkQuery(screen, options, req.query);
      return checked.ok ? consentPage(screen, state, platform, req, checked.clientId) : checked.reply;
    },
  };
  const decide: Route = {
    method: 'POST',
    pattern: screen.pattern,
    endpoint: `POST ${screen.path}`,
    handle(req) {
      const checked = checkQuery(screen, options, req.query);
      if (!checked.ok) return checked.reply;
      const decision = req.form.get('decision');
      if (decision === 'deny') return redirect(withParams(checked.redirectUri, { error: 'access_denied', ...screen.denied, state: checked.state }));
      if (decision !== 'allow') return consentPage(screen, state, platform, req, checked.clientId, 'Choose Allow or Deny.');
      const account = state.world[platform].find((a) => String(a.index) === req.form.get('account'));
      if (!account) return consentPage(screen, state, platform, req, checked.clientId, 'Choose the account to share.');
      const code = state.tokens.issueCode(platform, account.index, req.query.get('redirect_uri')!, checked.codeChallenge);
      return redirect(withParams(checked.redirectUri, { code, state: checked.state }));
    },
  };
  return [show, decide];
}

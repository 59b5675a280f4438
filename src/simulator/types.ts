/** Internal types shared by the simulator's platform modules. */
import type { IncomingHttpHeaders } from 'node:http';
import type { Platform } from '../analytics/catalog.js';
import type { Clock } from './clock.js';
import type { AccountSeries } from './counters.js';
import type { FaultKind } from './faults.js';
import type { Limiter, LimitDecision } from './limits.js';
import type { TokenStore } from './tokens.js';
import type { World } from './world.js';
import type { SimAccount, SimPost } from './world-types.js';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Form fields (application/x-www-form-urlencoded bodies). */
  form: URLSearchParams;
  /** Parsed JSON body, undefined when there was none. */
  json: unknown;
  /** "http://127.0.0.1:port", for absolute `next` links. */
  origin: string;
}

export interface SimReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** A page for the browser (the consent screens): written as text/html instead of the JSON body. */
  html?: string;
  /** Set when the platform's rate limit or quota refused the call. */
  limited?: boolean;
  /** The limit window the call was counted in, for the stats. */
  counted?: { limiter: string; key: string; decision: LimitDecision };
}

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** Endpoint template used in stats and fault matching, e.g. "GET /2/users/:id/tweets". */
  endpoint: string;
  /** Quota units the call costs (YouTube Data API list = 1); default 1. */
  units?: number;
  handle(req: SimRequest, params: string[]): SimReply;
}

export interface PlatformModule {
  platform: Platform;
  routes: Route[];
  limiters: Record<string, Limiter>;
  /** The platform's own shape for an injected fault. */
  faultReply(kind: Exclude<FaultKind, 'slow' | 'reset'>, route: Route, status: number, req: SimRequest, params: string[]): SimReply;
}

export interface SimLimits {
  /** YouTube Data API units per Pacific day per project. Default 10,000. */
  youtubeUnitsPerDay: number;
  /** YouTube Analytics calls per day; the real figure is unpublished. Default unlimited. */
  youtubeAnalyticsPerDay: number;
  /** TikTok requests per endpoint per sliding minute. Default 600. */
  tiktokPerMinute: number;
  /** Instagram calls per user per rolling hour. Default 200. */
  instagramPerHour: number;
  /** X per-user 15-minute limits. Defaults: /2/users/me 75, /2/users/:id 900, /2/users/:id/tweets 900. */
  xUsersMePer15Min: number;
  xUserLookupPer15Min: number;
  xTimelinePer15Min: number;
  /** GET /2/tweets (lookup by ids): 900 per 15 min per user. */
  xTweetLookupPer15Min: number;
}

/** What platform modules may read and change. */
export interface SimState {
  seed: number;
  now: Clock;
  world: World;
  tokens: TokenStore;
  limits: SimLimits;
  series(account: SimAccount): AccountSeries;
  /** Published posts (publishedAt <= now), newest first. */
  visiblePosts(account: SimAccount): SimPost[];
  account(platform: Platform, index: number): SimAccount;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): SimReply {
  return headers ? { status, body, headers } : { status, body };
}

export function bearer(req: SimRequest): string | undefined {
  const auth = req.headers.authorization;
  const match = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth) : null;
  return match?.[1];
}

export function requestedFields(value: string | null): string[] {
  return value ? value.split(',').map((f) => f.trim()).filter(Boolean) : [];
}

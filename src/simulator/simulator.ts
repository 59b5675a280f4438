/**
 * createSimulator(): one local server answering the four platforms' APIs and
 * token endpoints from a seeded synthetic world, with rate limits enforced
 * like the real ones, fault injection and request statistics.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Platform } from '../analytics/catalog.js';
import { systemClock, type Clock } from './clock.js';
import { AccountSeries, countersAt, type RawCounters } from './counters.js';
import { consentRoutes } from './consent.js';
import { Faults, type FaultRule } from './faults.js';
import { createSimServer } from './http-server.js';
import { StatsLog, type RequestRecord, type SimStats } from './stats.js';
import { TokenStore, type IssuedTokens } from './tokens.js';
import type { PlatformModule, Route, SimLimits, SimReply, SimRequest, SimState } from './types.js';
import { generateWorld } from './world.js';
import { audienceProfile, type AudienceProfile } from './demographics.js';
import type { SimAccount, SimPost } from './world-types.js';
import { createInstagramModule } from './instagram.js';
import { createTwitterModule } from './twitter.js';
import { createTikTokModule } from './tiktok.js';
import { createYouTubeModule } from './youtube.js';

export interface SimulatorOptions {
  seed: number;
  /** Injectable clock; default the system clock. The world is generated around its value at creation. */
  now?: Clock;
  /** Accounts per platform. Default 3. */
  accounts?: number;
  /** Posts per account over the history window. Default 1000. */
  postsPerAccount?: number;
  /** Default 730 (two years). */
  historyDays?: number;
  /** Posts also scheduled this many days after the start, appearing as the clock advances. Default 60. */
  futureDays?: number;
  faults?: FaultRule[];
  limits?: Partial<SimLimits>;
  /** Client ids registered with the simulated platforms, checked by the consent screens; default: any non-empty id. */
  oauthClients?: readonly string[];
}

export interface SimAccountInfo {
  index: number;
  externalId: string;
  handle: string;
  displayName: string;
}

export interface SimPostTruth {
  id: string;
  publishedAt: Date;
  title: string;
  caption: string;
  hashtags: string[];
  kind: SimPost['kind'];
  likesHidden: boolean;
  commentsHidden: boolean;
  insightsUnavailable: boolean;
  /** Counters at the simulator's now, in the simulator's own (platform-neutral) names. */
  counters: RawCounters;
}

export interface Simulator {
  readonly server: Server;
  /** Listens on 127.0.0.1 and resolves to the origin, e.g. "http://127.0.0.1:41234". */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
  now(): Date;
  accounts(platform: Platform): SimAccountInfo[];
  /** A valid token set for account `index` (issued fresh when the current one is dead). */
  tokens(platform: Platform, index: number): IssuedTokens;
  /** What the consent screen would return to the redirect URI (for exchangeCode tests). */
  authorizationCode(platform: Platform, index: number, input: { redirectUri: string; codeChallenge?: string }): string;
  expireToken(platform: Platform, index: number): void;
  revokeToken(platform: Platform, index: number): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** "A post taking off": `views` more views arriving from now with the given half-life. */
  boostPost(platform: Platform, postId: string, views: number, halfLifeHours?: number): void;
  /** The account as the simulator holds it at now: followers and every published post's counters. */
  truth(platform: Platform, index: number): { followers: number; posts: SimPostTruth[] };
  /** Posts the account will publish as the clock moves on, soonest first (what a test or benchmark waits for). */
  upcoming(platform: Platform, index: number): { id: string; publishedAt: Date }[];
  stats(): SimStats;
  /** Every request received since the last resetStats, in arrival order (a benchmark recomputes its own windows from them). */
  requestLog(): readonly RequestRecord[];
  resetStats(): void;
  /** The account's audience (shares per age group, gender, country, city): what the demographic reports are built from. */
  audience(platform: Platform, index: number): AudienceProfile;
  /** Moves the account's follower base so it has `followers` now (e.g. under Instagram's 100 for demographics). */
  setFollowers(platform: Platform, index: number, followers: number): void;
}

const DEFAULT_LIMITS: SimLimits = {
  youtubeUnitsPerDay: 10_000,
  youtubeAnalyticsPerDay: Infinity,
  tiktokPerMinute: 600,
  instagramPerHour: 200,
  xUsersMePer15Min: 75,
  xUserLookupPer15Min: 900,
  xTimelinePer15Min: 900,
  xTweetLookupPer15Min: 900,
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createSimulator(options: SimulatorOptions): Simulator {
  const now = options.now ?? systemClock;
  const seed = options.seed;
  const world = generateWorld({
    seed,
    start: now(),
    accountsPerPlatform: options.accounts ?? 3,
    postsPerAccount: options.postsPerAccount ?? 1000,
    historyDays: options.historyDays ?? 730,
    futureDays: options.futureDays ?? 60,
  });
  const tokens = new TokenStore(seed, now);
  const seriesCache = new Map<SimAccount, AccountSeries>();
  const state: SimState = {
    seed,
    now,
    world,
    tokens,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    series(account) {
      let series = seriesCache.get(account);
      if (!series) seriesCache.set(account, (series = new AccountSeries(seed, account)));
      return series;
    },
    visiblePosts(account) {
      const t = now().getTime();
      return account.posts.filter((p) => p.publishedAt.getTime() <= t);
    },
    account(platform, index) {
      const account = world[platform][index];
      if (!account) throw new Error(`no ${platform} account ${index}`);
      return account;
    },
  };
  for (const platform of Object.keys(world) as Platform[]) for (const a of world[platform]) tokens.issue(platform, a.index);

  const modules: PlatformModule[] = [createYouTubeModule(state), createTikTokModule(state), createInstagramModule(state), createTwitterModule(state)];
  // Each platform's consent screen, at the authorize path its connector builds.
  for (const m of modules) m.routes.push(...consentRoutes(state, m.platform, options.oauthClients ? { clients: options.oauthClients } : {}));
  const limiters = Object.fromEntries(modules.flatMap((m) => Object.entries(m.limiters).map(([name, limiter]) => [name, { platform: m.platform, limiter }])));
  const faults = new Faults(seed, options.faults);
  const log = new StatsLog();

  function route(req: SimRequest): { module: PlatformModule; route: Route; params: string[] } | undefined {
    for (const module of modules) {
      for (const r of module.routes) {
        const match = r.method === req.method ? r.pattern.exec(req.path) : null;
        if (match) return { module, route: r, params: match.slice(1) };
      }
    }
    return undefined;
  }

  async function dispatch(req: SimRequest): Promise<SimReply | 'reset'> {
    if (req.method === 'GET' && req.path === '/__sim/stats') return { status: 200, body: log.summary(limiters) };
    const found = route(req);
    if (!found) return { status: 404, body: { error: 'not_found', path: req.path } };
    const { module, route: r } = found;
    const { delayMs, fault } = faults.apply(module.platform, r.endpoint);
    if (delayMs > 0) await sleep(delayMs);
    const at = now().getTime();
    const units = r.units ?? 1;
    if (fault?.kind === 'reset') {
      log.record({ platform: module.platform, endpoint: r.endpoint, at, units, status: 0, limited: false });
      return 'reset';
    }
    const reply = fault && fault.kind !== 'slow' ? module.faultReply(fault.kind, r, fault.status ?? 503, req, found.params) : r.handle(req, found.params);
    const entry = { platform: module.platform, endpoint: r.endpoint, at, units, status: reply.status, limited: reply.limited ?? fault?.kind === 'rate_limit' };
    log.record(reply.counted ? { ...entry, limit: { limiter: reply.counted.limiter, key: reply.counted.key, windowStart: reply.counted.decision.windowStart } } : entry);
    return reply;
  }

  const server = createSimServer(dispatch);
  let origin: string | undefined;

  return {
    server,
    async listen(port = 0) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return origin;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    now,
    accounts: (platform) => world[platform].map((a) => ({ index: a.index, externalId: a.externalId, handle: a.handle, displayName: a.displayName })),
    tokens: (platform, index) => tokens.validTokens(platform, state.account(platform, index).index),
    authorizationCode: (platform, index, input) => tokens.issueCode(platform, state.account(platform, index).index, input.redirectUri, input.codeChallenge),
    expireToken: (platform, index) => tokens.expire(platform, index),
    revokeToken: (platform, index) => tokens.revoke(platform, index),
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    boostPost(platform, postId, views, halfLifeHours = 12) {
      const post = world[platform].flatMap((a) => a.posts).find((p) => p.id === postId);
      if (!post) throw new Error(`no ${platform} post ${postId}`);
      post.boosts.push({ at: now().getTime(), views, halfLifeHours });
    },
    truth(platform, index) {
      const account = state.account(platform, index);
      const at = now();
      return {
        followers: state.series(account).followersAt(at),
        posts: state.visiblePosts(account).map((p) => ({
          id: p.id,
          publishedAt: p.publishedAt,
          title: p.title,
          caption: p.caption,
          hashtags: p.hashtags,
          kind: p.kind,
          likesHidden: p.likesHidden,
          commentsHidden: p.commentsHidden,
          insightsUnavailable: p.insightsUnavailable,
          counters: countersAt(p, at)!,
        })),
      };
    },
    upcoming(platform, index) {
      const t = now().getTime();
      return state
        .account(platform, index)
        .posts.filter((p) => p.publishedAt.getTime() > t)
        .map((p) => ({ id: p.id, publishedAt: p.publishedAt }))
        .sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
    },
    stats: () => log.summary(limiters),
    requestLog: () => log.list(),
    resetStats: () => log.reset(),
    audience: (platform, index) => audienceProfile(state.account(platform, index)),
    setFollowers(platform, index, followers) {
      const account = state.account(platform, index);
      account.initialFollowers += followers - state.series(account).followersAt(now());
    },
  };
}

/**
 * The connector interface the sync engine programs against. One connector per
 * platform (src/platforms/<platform>/connector.ts); each is built from an HTTP
 * client, a token module and one mapper onto the common observation model.
 */
import type { Platform } from '../analytics/catalog.js';
import type { ObservationBatch } from '../ingest/observations.js';
import type { SyncCheckpoint } from '../db/repositories/sync.js';

/** Which platform budget a request draws from. YouTube Data and Analytics are counted separately. */
export type RequestApi = 'youtube-data' | 'youtube-analytics' | 'oauth' | 'tiktok' | 'instagram' | 'x';

export interface RequestInfo {
  platform: Platform;
  api: RequestApi;
  /** Endpoint template, e.g. "GET /youtube/v3/videos" or "GET /2/users/:id/tweets". */
  endpoint: string;
  /** Cost in the platform's units: YouTube Data API quota units (list = 1), otherwise 1 per call. */
  cost: number;
}

/** What the platform said about its limits in this response's headers (absent = not sent). */
export interface RateLimitInfo {
  /** X: x-rate-limit-limit. */
  limit?: number;
  /** X: x-rate-limit-remaining. */
  remaining?: number;
  /** X: x-rate-limit-reset (sent as epoch seconds). */
  resetAt?: Date;
  /** Retry-After (seconds or HTTP date), converted to milliseconds. */
  retryAfterMs?: number;
  /** Instagram: the highest of the percentages in x-app-usage / x-business-use-case-usage. */
  usagePercent?: number;
  /** Instagram: now + estimated_time_to_regain_access (sent in minutes), when non-zero. */
  regainAccessAt?: Date;
}

export interface ResponseInfo extends RequestInfo {
  status: number;
  latencyMs: number;
  rateLimit: RateLimitInfo;
}

/**
 * Caller hooks. `beforeRequest` is awaited before every HTTP request, so the
 * sync engine can hold the request until its budget allows it. `afterResponse`
 * sees every response that arrived (errors included), so budgets can follow
 * what the platform reports at run time.
 */
export interface RequestHooks {
  beforeRequest?: (info: RequestInfo) => void | Promise<void>;
  afterResponse?: (info: ResponseInfo) => void | Promise<void>;
}

export interface CallContext {
  hooks?: RequestHooks;
  /** Aborts the in-flight request (in addition to the per-request timeout). */
  signal?: AbortSignal;
}

export interface TokenSet {
  accessToken: string;
  /** Absent when the platform did not send one; keep the previous refresh token then. */
  refreshToken?: string;
  expiresAt: Date;
  scope?: string;
}

export interface AccountProfile {
  /** The platform's account id (channel id, open_id, IG user id, X user id), always a string. */
  externalId: string;
  handle: string;
  displayName: string;
}

export interface AuthorizationRequest {
  /** Opaque value the caller stores and compares on the callback (CSRF protection). */
  state: string;
  /** PKCE verifier to keep server-side until the code exchange; absent when not used. */
  codeVerifier?: string;
  redirectUri: string;
}

export interface AuthorizeUrlResult {
  url: string;
  /** Everything the caller must keep to finish the exchange. */
  pending: AuthorizationRequest;
}

export type SyncMode = 'backfill' | 'recent' | 'discover';

export interface SyncOptions {
  /**
   * 'backfill': every post the platform lists and all the daily history the
   * platform keeps (bounded per platform, see each connector).
   * 'recent': only posts younger than `postMaxAgeDays`, and the last
   * `dailyLookbackDays` of daily values (platforms revise recent days).
   * 'discover': one cheap listing call for posts newer than `newestKnown`
   * (the newest page; X: since_id), stored with the numbers that call (or,
   * for new posts only, one lookup) gives; no profile, no daily values.
   */
  mode: SyncMode;
  /** Discover mode: the newest post already stored (absent: none is). */
  newestKnown?: { platformPostId: string; publishedAt: Date };
  /**
   * Known posts older than the listing window whose counters to re-read as
   * well, youngest first (a manual sync: every post the budgets allow).
   * Batch platforms read them by id, 50 (YouTube), 20 (TikTok) or 100 (X)
   * per request; see refreshStep.
   */
  refreshPostIds?: string[];
  /** Recent mode: refresh posts published within this many days. Default 30. */
  postMaxAgeDays?: number;
  /** Daily values re-read this many days back. Default per platform (YouTube 7, Instagram 3 in recent mode). */
  dailyLookbackDays?: number;
  /** Also read audience demographics where the platform reports them (slow-moving: the daily full sync asks). */
  demographics?: boolean;
  /**
   * Recent mode: read the posts only (their listing and counters, and
   * `refreshPostIds`), not the profile, daily values, demographics or
   * revenue. The hot tier's runs, every few minutes, are about young posts;
   * the account's own figures come with the hourly light run. On Instagram
   * this makes a hot run 1 listing call plus 1 insights call per young post,
   * where the profile and a day's values had added 3 calls to every run.
   */
  postsOnly?: boolean;
}

/** Where a sync stopped; hand it back as `resumeFrom` to continue after an error. JSON-serializable. */
/** Defined by the store, which keeps it between runs. */
export type { SyncCheckpoint };

export interface SyncRequest extends CallContext {
  accessToken: string;
  /** The account's platform id as returned by verify(). */
  externalId: string;
  options: SyncOptions;
  resumeFrom?: SyncCheckpoint;
}

/**
 * One unit of sync output: what ObservationBatch needs minus user and account.
 * `next` is the checkpoint to resume from after this chunk is stored (null on
 * the last chunk). `warnings` carries partial errors the platform returned next
 * to data (X `errors` in a 200), which should be logged but not fail the sync.
 */
export type SyncChunk = Omit<ObservationBatch, 'userId' | 'accountId'> & {
  next: SyncCheckpoint | null;
  warnings: string[];
};

export interface PlatformConnector {
  readonly platform: Platform;
  /** Reads the account behind a token (used when an account is connected). */
  verify(accessToken: string, ctx?: CallContext): Promise<AccountProfile>;
  /** Trades a refresh token for new tokens. Throws AuthRevoked when the grant is gone. */
  refresh(refreshToken: string, ctx?: CallContext): Promise<TokenSet>;
  /** Builds the platform's consent URL with state (and PKCE where the platform requires it). */
  authorizeUrl(input: { redirectUri: string; state?: string }): AuthorizeUrlResult;
  /** Finishes the authorization-code flow. */
  exchangeCode(code: string, pending: AuthorizationRequest, ctx?: CallContext): Promise<TokenSet>;
  /** Streams observations page by page. Throws typed PlatformErrors; never retries. */
  sync(request: SyncRequest): AsyncGenerator<SyncChunk, void, undefined>;
}

/** Configuration common to every connector. */
export interface ConnectorBaseConfig {
  clientId: string;
  clientSecret: string;
  /** Per-request timeout. Default 15 s. */
  timeoutMs?: number;
  /** Clock for observedAt and windows; injectable so tests and the simulator agree. */
  now?: () => Date;
}

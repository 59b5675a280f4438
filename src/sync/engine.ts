/**
 * The sync engine: turns due accounts into jobs and runs one account's sync.
 *
 * One account's sync: take the account's lock (one worker at a time), choose
 * the cadence tier, refresh the token if it is about to expire, stream the
 * connector's chunks into ingestion (each chunk committed on its own, with a
 * checkpoint to resume from), then record the outcome on the account and in
 * sync_runs. Failures never touch stored data; they decide when to try again.
 */
import type { Platform } from '../analytics/catalog.js';
import type { SecretBox } from '../auth/secret-box.js';
import {
  accountForSync,
  closeInterruptedRuns,
  dueAccounts,
  finishRun,
  hasHotPosts,
  newestPost,
  postIdsPublishedBefore,
  recordOutcome,
  runningRuns,
  saveCheckpoint,
  saveTokens,
  startRun,
  type RunningRun,
  type SyncAccount,
  type SyncOutcome,
} from '../db/repositories/sync.js';
import type { JobQueue, Locks, SyncReason } from '../queue/types.js';
import { AuthExpired, AuthRevoked, PlatformError, QuotaExceeded, RateLimited, Unavailable } from '../platforms/errors.js';
import { DEFAULT_POST_MAX_AGE_DAYS } from '../platforms/sync-steps.js';
import type { SyncCheckpoint, SyncOptions } from '../platforms/types.js';
import type { Db } from '../db/client.js';
import type { Ingest } from '../ingest/create-ingest.js';
import { BudgetDeferred, newUsage, type BudgetGate } from './budget-gate.js';
import { HOT_POST_AGE_MS, MANUAL_TIER, dueTier, markRun, nextSyncAt, tierInterval, tierOptions, type Tier } from './cadence.js';
import { RefreshProgress } from './refresh-progress.js';
import type { Connectors } from './connectors.js';
import { MAX_ATTEMPTS, backoffDelay } from './retry-policy.js';


export interface AccountSyncResult {
  account_id: number;
  platform: Platform | null;
  status: 'success' | 'deferred' | 'failed' | 'needs_reauth' | 'skipped';
  tier: Tier | null;
  observations: number;
  requests: number;
  units: number;
  error: string | null;
  error_kind: string | null;
  /** When the engine will try again by itself (retry or deferral), if it will. */
  retry_at: string | null;
  next_sync_at: string | null;
  /** Known posts re-read by id (a manual sync), and those the budget left for the run's resumption at `retry_at`; null when none were asked for. */
  posts_refreshed: number | null;
  posts_deferred: number | null;
}

/**
 * An account's sync status as it changes: a run started ('running'), or its
 * outcome was recorded. Handed to `onStatus` (the runtime publishes it as a
 * live `sync.status` event); the engine knows nothing of who listens.
 */
export interface SyncStatusChange {
  userId: number;
  accountId: number;
  platform: Platform;
  status: 'running' | SyncOutcome['status'] | 'interrupted';
  lastSyncedAt: Date | null;
  /** In plain words, as recorded on the account; null when nothing went wrong. */
  error: string | null;
}

export interface EngineLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Exactly what the engine uses: it stores through `ingest` and keeps its own bookkeeping in `db`. */
export interface SyncEngineDeps {
  db: Db;
  ingest: Ingest;
  connectors: Connectors;
  gate: BudgetGate;
  locks: Locks;
  queue: JobQueue;
  box: SecretBox;
  now?: () => number;
  random?: () => number;
  log?: EngineLogger;
  /** Called after every finished run (metrics). */
  onRun?: (r: AccountSyncResult, latencyMsTotal: number) => void;
  /** Called when an account's sync status changes (live updates). Its failure never fails a sync. */
  onStatus?: (change: SyncStatusChange) => Promise<void> | void;
}

/** A sync holds its account's lock at most this long (a crashed worker's lock expires). */
export const LOCK_TTL_MS = 30 * 60_000;
/** Refresh tokens that expire within this margin before using them. */
const REFRESH_MARGIN_MS = 60_000;
export const PRIORITY: Record<SyncReason, number> = { manual: 1, webhook: 2, 'hot-posts': 3, connect: 4, schedule: 10 };
/** What an interrupted run says happened to it. */
export const INTERRUPTED_ERROR = 'the process running this sync stopped before it finished; the sync was queued again';

const silent: EngineLogger = { info() {}, warn() {}, error() {} };

export class SyncEngine {
  private readonly now: () => number;
  private readonly log: EngineLogger;

  constructor(private readonly d: SyncEngineDeps) {
    this.now = d.now ?? Date.now;
    this.log = d.log ?? silent;
  }

  /** The engine's clock (run records are stamped with it). */
  clock(): Date {
    return new Date(this.now());
  }

  /** Enqueues every account whose next sync is due. */
  async enqueueDue(limit = 1000): Promise<number> {
    const due = await dueAccounts(this.d.db, new Date(this.now()), limit);
    for (const a of due) await this.enqueue(a.user_id, a.id, 'schedule');
    return due.length;
  }

  async enqueue(userId: number, accountId: number, reason: SyncReason, delayMs = 0): Promise<void> {
    // One waiting job per account and reason; a retry or deferral has its own id so it is not swallowed.
    const jobId = delayMs > 0 ? `sync-${accountId}-later` : `sync-${accountId}-${reason}`;
    await this.d.queue.add('sync-account', { userId, accountId, reason }, { jobId, priority: PRIORITY[reason], delayMs });
  }

  /**
   * Closes runs left 'running' by a process that died, as 'interrupted', and
   * queues their accounts again. Called at start and on every scheduler pass
   * (job 'sync-due'; with Redis, one worker of the fleet per period).
   *
   * Whether a run's process is alive is told by the account's lock: a sync
   * holds it from before its run row is written until after its outcome is,
   * so whoever takes the lock while a row says 'running' knows no live sync
   * owns that row. A held lock is left alone (a live sync, or a dead worker's
   * lock that has not expired yet: a later pass decides). Returns how many
   * runs were closed.
   */
  async recoverInterrupted(): Promise<number> {
    const byAccount = new Map<number, RunningRun[]>();
    for (const r of await runningRuns(this.d.db)) byAccount.set(r.account_id, [...(byAccount.get(r.account_id) ?? []), r]);
    let closed = 0;
    for (const [accountId, runs] of byAccount) {
      const release = await this.d.locks.tryAcquire(`account-${accountId}`, LOCK_TTL_MS);
      if (!release) continue;
      let n: number;
      const userId = runs[0]!.user_id;
      try {
        n = await closeInterruptedRuns(this.d.db, userId, accountId, runs.map((r) => r.id), new Date(this.now()), INTERRUPTED_ERROR);
      } finally {
        await release();
      }
      if (n === 0) continue;
      closed += n;
      const account = await accountForSync(this.d.db, userId, accountId);
      if (account) await this.status(account, 'interrupted', INTERRUPTED_ERROR);
      // Queued after the lock is released: an in-process queue may start the job at once, and it needs that lock.
      const last = runs[runs.length - 1]!.reason;
      await this.enqueue(userId, accountId, isSyncReason(last) ? last : 'schedule');
      this.log.warn({ accountId, runs: n }, 'closed sync runs a stopped process left running; the account is queued again');
    }
    return closed;
  }

  async syncAccount(userId: number, accountId: number, reason: SyncReason): Promise<AccountSyncResult> {
    const release = await this.d.locks.tryAcquire(`account-${accountId}`, LOCK_TTL_MS);
    if (!release) return skipped(accountId, null, 'another worker is syncing this account');
    try {
      const account = await accountForSync(this.d.db, userId, accountId);
      if (!account || account.disconnected_at) return skipped(accountId, null, 'account not connected');
      if (account.needs_reauth) return { ...skipped(accountId, account.platform, 'the account must be re-authorized'), status: 'needs_reauth' };
      return await this.run(account, reason);
    } finally {
      await release();
    }
  }

  private async cadenceInput(account: SyncAccount, runs = account.sync_tiers) {
    const now = this.now();
    return {
      platform: account.platform,
      runs,
      now,
      hasHotPosts: await hasHotPosts(this.d.db, account.user_id, account.id, new Date(now - HOT_POST_AGE_MS)),
      headroom: await this.d.gate.headroom(account.platform, account.id),
      pacedHeadroom: await this.d.gate.pacedHeadroom(account.platform, account.id),
    };
  }

  private async chooseTier(account: SyncAccount, reason: SyncReason): Promise<Tier | null> {
    // An interrupted sync continues the work it was doing.
    if (account.sync_checkpoint) return account.sync_checkpoint.tier as Tier;
    if (!account.sync_tiers.full) return 'full';
    if (reason === 'schedule') return dueTier(await this.cadenceInput(account));
    if (reason === 'hot-posts') return 'hot';
    if (reason === 'manual') return MANUAL_TIER;
    return 'regular';
  }

  /**
   * The connector's options for a run of `tier`. Discover is told the newest
   * stored post; a run that refreshes (a manual sync, or the resumption of
   * one) is given every stored post older than its listing window, youngest first.
   */
  private async optionsFor(account: SyncAccount, tier: Tier, refresh: boolean): Promise<SyncOptions> {
    const options = tierOptions(tier);
    if (options.mode === 'discover') {
      const newest = await newestPost(this.d.db, account.user_id, account.id);
      return newest ? { ...options, newestKnown: { platformPostId: newest.platform_post_id, publishedAt: new Date(newest.published_at) } } : options;
    }
    if (!refresh || options.mode !== 'recent') return options;
    const windowStart = new Date(this.now() - (options.postMaxAgeDays ?? DEFAULT_POST_MAX_AGE_DAYS) * 86_400_000);
    return { ...options, refreshPostIds: await postIdsPublishedBefore(this.d.db, account.user_id, account.id, windowStart) };
  }

  private async run(account: SyncAccount, reason: SyncReason): Promise<AccountSyncResult> {
    const db = this.d.db;
    const { user_id: userId, id: accountId, platform } = account;
    const tier = await this.chooseTier(account, reason);
    if (!tier) {
      // Nothing due (e.g. the hot tier stopped applying): just move the next sync time.
      const next = nextSyncAt(await this.cadenceInput(account));
      await recordOutcome(db, userId, accountId, { status: 'success', error: null, nextSyncAt: new Date(next), retryAttempt: account.retry_attempt });
      await this.status(account, 'success', null);
      return { ...skipped(accountId, platform, null), next_sync_at: new Date(next).toISOString() };
    }
    const startedAt = this.now();
    const refresh = reason === 'manual' || account.sync_checkpoint?.refresh === true;
    const options = await this.optionsFor(account, tier, refresh);
    const progress = new RefreshProgress(options.refreshPostIds, account.sync_checkpoint?.checkpoint);
    const runId = await startRun(db, { userId, accountId, platform, tier, reason, startedAt: new Date(startedAt) });
    await this.status(account, 'running', null);
    const usage = newUsage();
    let observations = 0;
    let outcome: SyncOutcome;
    let errorKind: string | null = null;
    let retryAt: number | null = null;
    try {
      observations = await this.stream(account, tier, options, progress, usage);
      progress.finished();
      const runs = markRun(account.sync_tiers, tier, startedAt);
      outcome = {
        status: 'success',
        error: null,
        nextSyncAt: new Date(nextSyncAt(await this.cadenceInput(account, runs))),
        tiers: runs,
        syncedAt: new Date(this.now()),
        retryAttempt: 0,
      };
    } catch (err) {
      const plan = await this.planAfterFailure(account, err);
      outcome = plan.outcome;
      errorKind = plan.kind;
      retryAt = plan.retryAt;
      if (plan.retryAt !== null) await this.enqueue(userId, accountId, reason === 'schedule' ? 'schedule' : reason, Math.max(1000, plan.retryAt - this.now()));
      const logged = { accountId, platform, tier, kind: plan.kind, error: outcome.error, retryAt: plan.retryAt ? new Date(plan.retryAt).toISOString() : null };
      if (plan.kind === 'internal') this.log.error({ ...logged, err }, 'sync failed');
      else this.log.warn(logged, 'sync did not complete');
    }
    await recordOutcome(db, userId, accountId, outcome);
    await this.status(account, outcome.status, outcome.error, outcome.syncedAt);
    await finishRun(db, userId, runId, {
      status: outcome.status,
      requests: usage.requests,
      units: usage.units,
      latencyMsTotal: usage.latencyMsTotal,
      observations,
      error: outcome.error,
      errorKind,
      retryAt: retryAt === null ? null : new Date(retryAt),
      finishedAt: new Date(this.now()),
      postsRefreshed: progress.refreshed(),
      postsDeferred: progress.deferred(),
    });
    const result: AccountSyncResult = {
      account_id: accountId,
      platform,
      status: outcome.status === 'partial' ? 'failed' : outcome.status,
      tier,
      observations,
      requests: usage.requests,
      units: usage.units,
      error: outcome.error,
      error_kind: errorKind,
      retry_at: retryAt === null ? null : new Date(retryAt).toISOString(),
      next_sync_at: outcome.nextSyncAt.toISOString(),
      posts_refreshed: progress.refreshed(),
      posts_deferred: progress.deferred(),
    };
    this.d.onRun?.(result, usage.latencyMsTotal);
    return result;
  }

  /** Tells `onStatus` (if any) about a status change; a listener's failure is logged, never thrown. */
  private async status(account: SyncAccount, status: SyncStatusChange['status'], error: string | null, syncedAt?: Date): Promise<void> {
    if (!this.d.onStatus) return;
    const change: SyncStatusChange = {
      userId: account.user_id,
      accountId: account.id,
      platform: account.platform,
      status,
      lastSyncedAt: syncedAt ?? account.last_synced_at,
      error,
    };
    try {
      await this.d.onStatus(change);
    } catch (err) {
      this.log.warn({ accountId: account.id, err }, 'could not announce the sync status');
    }
  }

  /** Streams the connector's chunks into ingestion; returns how many observations were stored. */
  private async stream(account: SyncAccount, tier: Tier, options: SyncOptions, progress: RefreshProgress, usage: ReturnType<typeof newUsage>): Promise<number> {
    const db = this.d.db;
    const connector = this.d.connectors[account.platform];
    const hooks = this.d.gate.hooksFor(account.id, usage);
    let token = await this.freshAccessToken(account, false);
    let resumeFrom: SyncCheckpoint | undefined = account.sync_checkpoint?.checkpoint;
    let refreshed = false;
    let observations = 0;
    for (;;) {
      try {
        for await (const chunk of connector.sync({ accessToken: token, externalId: account.external_id, options, ...(resumeFrom ? { resumeFrom } : {}), hooks })) {
          const { next, warnings, ...observationsOf } = chunk;
          await this.d.ingest({ ...observationsOf, userId: account.user_id, accountId: account.id });
          observations += (chunk.postMetrics?.length ?? 0) + (chunk.accountMetrics?.length ?? 0) + (chunk.accountDaily?.length ?? 0);
          resumeFrom = next ?? undefined;
          progress.stored(chunk.postMetrics ?? []);
          const refresh = options.refreshPostIds !== undefined;
          await saveCheckpoint(db, account.user_id, account.id, next ? { tier, checkpoint: next, ...(refresh ? { refresh } : {}) } : null);
          if (warnings.length > 0) this.log.warn({ accountId: account.id, warnings: warnings.slice(0, 5) }, 'platform returned partial errors');
        }
        return observations;
      } catch (err) {
        // An expired token is refreshed once; a second rejection means the grant is gone.
        if (err instanceof AuthExpired && !refreshed && account.refresh_token_enc) {
          token = await this.freshAccessToken(account, true);
          refreshed = true;
          continue;
        }
        throw err;
      }
    }
  }

  private async freshAccessToken(account: SyncAccount, force: boolean): Promise<string> {
    if (!account.access_token_enc) throw new AuthRevoked({ platform: account.platform, endpoint: 'token', reason: 'no access token stored' });
    const expiring = account.token_expires_at !== null && new Date(account.token_expires_at).getTime() < this.now() + REFRESH_MARGIN_MS;
    if (!force && !expiring) return this.d.box.open(account.access_token_enc);
    if (!account.refresh_token_enc) {
      if (force) throw new AuthRevoked({ platform: account.platform, endpoint: 'token', reason: 'token expired and no refresh token is stored' });
      return this.d.box.open(account.access_token_enc);
    }
    const tokens = await this.d.connectors[account.platform].refresh(this.d.box.open(account.refresh_token_enc));
    await saveTokens(
      this.d.db,
      account.user_id,
      account.id,
      this.d.box.seal(tokens.accessToken),
      tokens.refreshToken ? this.d.box.seal(tokens.refreshToken) : null,
      tokens.expiresAt,
    );
    account.access_token_enc = this.d.box.seal(tokens.accessToken);
    account.token_expires_at = tokens.expiresAt;
    return tokens.accessToken;
  }

  /** What a failure means for the account: its recorded outcome and when to try again. */
  private async planAfterFailure(account: SyncAccount, err: unknown): Promise<{ outcome: SyncOutcome; kind: string; retryAt: number | null }> {
    const now = this.now();
    const regular = now + tierInterval('regular', account.platform);
    const message = err instanceof PlatformError || err instanceof BudgetDeferred ? err.message : 'internal error while syncing';
    const wait = (kind: string, until: number) => ({
      outcome: { status: 'deferred' as const, error: message, nextSyncAt: new Date(until), retryAttempt: account.retry_attempt },
      kind,
      retryAt: until,
    });
    if (err instanceof BudgetDeferred) return wait('budget', err.retryAt);
    if (err instanceof RateLimited) return wait('rate_limited', Math.max(err.resetAt.getTime(), now + 1000));
    if (err instanceof QuotaExceeded && err.resetAt) {
      if (account.platform === 'youtube') await this.d.gate.blockUntil('youtube-data', account.id, err.resetAt.getTime());
      return wait('quota_exceeded', err.resetAt.getTime());
    }
    if (err instanceof AuthRevoked || err instanceof AuthExpired) {
      return {
        outcome: { status: 'needs_reauth', error: `${message} — reconnect the account`, nextSyncAt: new Date(regular), retryAttempt: 0, needsReauth: true },
        kind: 'auth',
        retryAt: null,
      };
    }
    if (err instanceof Unavailable) {
      const attempt = account.retry_attempt + 1;
      if (attempt <= MAX_ATTEMPTS) {
        const retryAt = now + backoffDelay(attempt, this.d.random);
        return { outcome: { status: 'failed', error: `${message} (retry ${attempt} of ${MAX_ATTEMPTS})`, nextSyncAt: new Date(retryAt), retryAttempt: attempt }, kind: 'unavailable', retryAt };
      }
      return { outcome: { status: 'failed', error: `${message} (gave up after ${MAX_ATTEMPTS} retries)`, nextSyncAt: new Date(regular), retryAttempt: 0 }, kind: 'unavailable', retryAt: null };
    }
    const kind = err instanceof PlatformError ? 'permanent' : 'internal';
    return { outcome: { status: 'failed', error: message, nextSyncAt: new Date(regular), retryAttempt: 0 }, kind, retryAt: null };
  }
}

function isSyncReason(r: string): r is SyncReason {
  return Object.hasOwn(PRIORITY, r);
}

function skipped(accountId: number, platform: Platform | null, why: string | null): AccountSyncResult {
  return { account_id: accountId, platform, status: 'skipped', tier: null, observations: 0, requests: 0, units: 0, error: why, error_kind: null, retry_at: null, next_sync_at: null, posts_refreshed: null, posts_deferred: null };
}

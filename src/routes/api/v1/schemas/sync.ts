/** POST /analytics/sync and GET /analytics/sync/status: request, results, and the failure bodies with their retry plan. */
import { Type } from 'typebox';
import { Account } from './account.js';
import { Instant, Nullable, PlatformName } from './common.js';
import { Id } from './params.js';

export const SyncRequest = Type.Object(
  {
    // An empty list would select nothing: at least one item, or leave the field out for all.
    platforms: Type.Optional(Type.Array(Type.String(), { minItems: 1, maxItems: 4, description: 'Only these platforms (missing: all connected accounts)' })),
    account_ids: Type.Optional(Type.Array(Id('account'), { minItems: 1, maxItems: 100, description: 'Only these accounts (missing: all)' })),
  },
  { additionalProperties: false },
);

/** One account's latest sync run. */
export const SyncRun = Type.Object({
  account_id: Id('account'),
  platform: PlatformName,
  status: Type.String({ description: 'running, success, partial, deferred, failed, needs_reauth, or interrupted (the process running it stopped; the sync was queued again)' }),
  tier: Type.String({ description: 'full, regular, light, hot or discover (src/sync/cadence.ts); a manual sync runs regular and also refreshes every older post' }),
  started_at: Instant,
  finished_at: Nullable(Instant),
  observations: Type.Integer({ description: 'Data points stored' }),
  requests: Type.Integer({ description: 'Platform API requests made' }),
  error: Nullable(Type.String()),
  error_kind: Nullable(Type.String({ description: 'unavailable when the platform did not answer' })),
  retry_at: Nullable(Instant),
  posts_refreshed: Nullable(
    Type.Integer({ minimum: 0, description: 'Known posts older than the 30-day listing window whose counters this run re-read (a manual sync refreshes every post, youngest first); null when the run refreshes none by id' }),
  ),
  posts_deferred: Nullable(
    Type.Integer({ minimum: 0, description: 'Of those, how many a request budget left for later: they are read, youngest first, when the run resumes at retry_at (status deferred); 0 when none were left' }),
  ),
});

export const SyncDone = Type.Object({ status: Type.Literal('done'), results: Type.Array(SyncRun) });

export const SyncRunning = Type.Object({
  status: Type.Literal('running'),
  status_url: Type.String({ description: 'GET it for the results as they come' }),
  results: Type.Array(SyncRun, { description: 'The runs finished or started so far' }),
});

const RetryPlanItem = Type.Object({ account_id: Id('account'), platform: PlatformName, retry_at: Nullable(Instant), error: Nullable(Type.String()) });

/** The 500 and 503 answers: the one error body, its details the results and when each failed account is tried again. */
export function syncFailure(code: string, description: string) {
  return Type.Object(
    {
      error: Type.Object({
        code: Type.Literal(code),
        message: Type.String(),
        details: Type.Object({ results: Type.Array(SyncRun), retry_plan: Type.Array(RetryPlanItem) }),
      }),
    },
    { description },
  );
}

const PlatformStats = Type.Object({
  platform: PlatformName,
  runs: Type.Integer(),
  successes: Type.Integer(),
  interrupted: Type.Integer({ description: 'Runs whose process stopped before they finished (counted as finished, not successful)' }),
  success_rate: Nullable(Type.Number({ description: 'Per cent of finished runs that succeeded; interrupted runs are finished runs that did not' })),
  avg_latency_ms: Nullable(Type.Number({ description: 'Mean platform API latency per request' })),
  requests: Type.Integer(),
  units: Type.Integer({ description: 'Budget units used (YouTube quota units; one per request elsewhere)' }),
  last_run_at: Nullable(Instant),
});

const BudgetUse = Type.Object({
  api: Type.String({ description: 'The budgeted API (youtube-data, tiktok, instagram, x)' }),
  scope: Type.Enum(['app', 'account'], { description: 'app: shared with every user of this server; account: this account alone' }),
  account_id: Nullable(Id('account')),
  used: Type.Number({ description: 'Used in the current window' }),
  limit: Type.Number(),
  window: Type.String({ description: 'e.g. "15 min" or "day (America/Los_Angeles)"' }),
});

export const SyncStatus = Type.Object({
  since: Instant,
  accounts: Type.Array(Type.Object({ ...Account.properties, latest_run: Nullable(SyncRun) })),
  platforms: Type.Array(PlatformStats, { description: 'Since `since`, per platform' }),
  budgets: Type.Array(BudgetUse, { description: 'Empty when this process runs no sync engine' }),
});

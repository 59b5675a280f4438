/**
 * POST /analytics/sync starts a sync of the caller's accounts now and waits a
 * while for it; GET /analytics/sync/status reports sync health.
 *
 * Answers of POST (issue 3): 200 with per-account results when every sync
 * finished without failing; 202 with a status URL when some are still
 * running; 503 + Retry-After when the platforms asked for are unavailable;
 * 500 with the retry plan when a sync failed otherwise.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { PLATFORMS, isPlatform } from '../../../../analytics/catalog.js';
import { listAccounts } from '../../../../db/repositories/accounts.js';
import { lastRunId, latestRuns, syncStats, type RunRow } from '../../../../db/repositories/sync.js';
import { AppError, NotFoundError, ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import type { Services } from '../../../../services.js';
import { accountOut } from '../accounts/account-out.js';
import { requireSync } from '../accounts/accounts.js';
import { ErrorBody, errorResponses } from '../schemas/common.js';
import { SyncDone, SyncRequest, SyncRunning, SyncStatus, type SyncRun, syncFailure } from '../schemas/sync.js';

/** Optional: Fastify validates a request without a body as null, which means every connected account. */
const SyncBody = Type.Union([SyncRequest, Type.Null()]);

const POLL_MS = 200;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function runOut(r: RunRow): Static<typeof SyncRun> {
  return {
    account_id: r.account_id,
    platform: r.platform,
    status: r.status,
    tier: r.tier,
    started_at: new Date(r.started_at).toISOString(),
    finished_at: iso(r.finished_at),
    observations: r.observations,
    requests: r.requests,
    error: r.error,
    error_kind: r.error_kind,
    retry_at: iso(r.retry_at),
    posts_refreshed: r.posts_refreshed,
    posts_deferred: r.posts_deferred,
  };
}

export async function syncRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['sync'];

  const syncResponses = {
    200: SyncDone,
    202: SyncRunning,
    ...errorResponses(400, 401, 404),
    // Either a failed sync with its retry plan, or the one error body of anything else that broke (the serializer must accept both).
    500: Type.Union([syncFailure('sync_failed', 'A sync failed; details say which and when it is retried (nothing stored is lost)'), ErrorBody], { description: 'A sync failed (with its retry plan), or the server did' }),
    // Either the platforms did not answer (with the retry plan and Retry-After) or this process runs no sync engine.
    503: Type.Union([syncFailure('platform_unavailable', 'The platforms did not answer; see Retry-After'), ErrorBody], { description: 'Unavailable; see Retry-After' }),
  };

  app.post('/sync', { schema: { tags, summary: 'Sync now and wait up to 25 s for the results', description: 'The body is optional.', body: SyncBody, response: syncResponses } }, async (request, reply) => {
    const user = currentUser(request);
    const sync = requireSync(services);
    const body = request.body ?? {};
    for (const p of body.platforms ?? []) if (!isPlatform(p)) throw new ValidationError('platforms', `unknown platform "${p}"; expected ${PLATFORMS.join(', ')}`);
    const mine = await listAccounts(services.db, user.id);
    // Someone else's account id is "not found" like an unknown one.
    for (const id of body.account_ids ?? []) if (!mine.some((a) => a.id === id)) throw new NotFoundError(`Account ${id}`);
    const targets = mine.filter(
      (a) => !a.disconnected_at && (!body.platforms || body.platforms.includes(a.platform)) && (!body.account_ids || body.account_ids.includes(a.id)),
    );
    if (targets.length === 0) throw new NotFoundError('Connected account to sync');

    // Runs are stamped with the engine's clock; compare on the same clock.
    const since = new Date(sync.engine.clock().getTime() - 1000);
    const afterId = await lastRunId(services.db, user.id);
    for (const a of targets) await sync.engine.enqueue(user.id, a.id, 'manual');
    const ids = targets.map((a) => a.id);
    const deadline = Date.now() + sync.waitMs;
    let runs: RunRow[];
    for (;;) {
      runs = await latestRuns(services.db, user.id, ids, since, afterId);
      const finished = runs.filter((r) => r.status !== 'running');
      if (finished.length === ids.length || Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const results = runs.map(runOut);
    const finished = results.filter((r) => r.status !== 'running');
    if (finished.length < ids.length) {
      return reply.status(202).send({ status: 'running' as const, status_url: `/api/v1/analytics/sync/status?since=${since.toISOString()}`, results });
    }
    const failed = results.filter((r) => r.status === 'failed');
    if (failed.length === 0) return { status: 'done' as const, results };
    const retryAts = failed.map((r) => (r.retry_at ? Date.parse(r.retry_at) : null)).filter((t): t is number => t !== null);
    const retryPlan = failed.map((r) => ({ account_id: r.account_id, platform: r.platform, retry_at: r.retry_at, error: r.error }));
    if (failed.every((r) => r.error_kind === 'unavailable')) {
      const now = sync.engine.clock().getTime();
      const retryAfter = Math.max(1, Math.ceil(((retryAts.length ? Math.min(...retryAts) : now + 60_000) - now) / 1000));
      throw new AppError(503, 'platform_unavailable', `${[...new Set(failed.map((r) => r.platform))].join(', ')} did not answer; nothing stored was lost`, { results, retry_plan: retryPlan }, { 'retry-after': String(retryAfter) });
    }
    throw new AppError(500, 'sync_failed', 'The sync failed; see the retry plan', { results, retry_plan: retryPlan });
  });

  app.get(
    '/sync/status',
    {
      schema: {
        tags,
        summary: 'Sync state per account, success rate, latency and budgets per platform',
        querystring: Type.Object({ since: Type.Optional(Type.String({ description: 'ISO 8601 instant (default: 24 h ago)' })) }),
        response: { 200: SyncStatus, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const now = services.sync?.engine.clock().getTime() ?? Date.now();
      const since = request.query.since ? new Date(request.query.since) : new Date(now - 24 * 3_600_000);
      if (Number.isNaN(since.getTime())) throw new ValidationError('since', 'must be an ISO 8601 instant');
      const accounts = await listAccounts(services.db, user.id);
      const runs = await latestRuns(services.db, user.id, accounts.map((a) => a.id), since);
      const budgets = services.sync ? await services.sync.gate.snapshot(accounts.map((a) => ({ id: a.id, platform: a.platform }))) : [];
      return {
        since: since.toISOString(),
        accounts: accounts.map((a) => ({ ...accountOut(a), latest_run: runs.find((r) => r.account_id === a.id) ? runOut(runs.find((r) => r.account_id === a.id)!) : null })),
        platforms: (await syncStats(services.db, user.id, since)).map((p) => ({ ...p, last_run_at: p.last_run_at === null ? null : new Date(p.last_run_at).toISOString() })),
        // App-wide budgets (YouTube units) are shared with every user of this server; per-account ones are the caller's.
        budgets: budgets.map((b) => ({ api: b.api, scope: b.key.includes(':') ? ('account' as const) : ('app' as const), account_id: b.key.includes(':') ? Number(b.key.split(':')[1]) : null, used: b.used, limit: b.limit, window: b.window })),
      };
    },
  );
}

/**
 * The one entry point for data: connectors, the CSV import, the demo and the
 * tests all hand their observations here. In one transaction it stores the
 * snapshots and brings every rollup up to date; re-ingesting the same
 * observations changes nothing.
 */
import { addDays } from '../analytics/period.js';
import { performanceScores } from '../analytics/score.js';
import type { Platform } from '../analytics/catalog.js';
import type { Db } from '../db/client.js';
import { changedUtcDays } from '../db/repositories/changed-days.js';
import { newPostDays, postIdsFor, upsertPosts } from '../db/repositories/posts.js';
import { appendPostDaily, storedLasts } from '../db/repositories/post-daily-append.js';
import { postRebuildDays, rebuildPostDaily, rebuildUserMetrics, refreshContentPerformance, saveScores, scoreInputs } from '../db/repositories/rollups.js';
import { ensureSnapshotPartitions, firstFollowersSnapshotAt, upsertAccountDaily, upsertAccountSnapshots, upsertPostSnapshots } from '../db/repositories/snapshots.js';
import { accountForIngest, addReportedMetrics } from '../db/repositories/accounts.js';
import { storeAudienceReports } from '../db/repositories/audience.js';
import { upsertAccountRevenue } from '../db/repositories/revenue.js';
import { localDay, lockUser, zonesOf } from '../db/repositories/zones.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { IngestResult, ObservationBatch } from './observations.js';
import { validateBatch } from './validate.js';

export interface IngestOutcome extends IngestResult {
  /** True when stored data changed (and caches of this user must go). */
  changed: boolean;
  /** The platforms whose figures changed (empty when nothing did). */
  platforms: Platform[];
  /** The UTC days (YYYY-MM-DD, ascending) whose figures changed: what a live page refetches. */
  days: string[];
}

export async function ingest(db: Db, batch: ObservationBatch): Promise<IngestOutcome> {
  validateBatch(batch);
  return db.transaction(async (tx) => {
    await lockUser(tx, batch.userId);
    const account = await accountForIngest(tx, batch.userId, batch.accountId);
    if (!account) throw new NotFoundError('Account');
    const { timezone: ownTz, platform } = account;

    const posts = batch.posts ?? [];
    await upsertPosts(tx, batch.userId, batch.accountId, platform, posts);

    const postMetrics = batch.postMetrics ?? [];
    const ids = await postIdsFor(tx, batch.userId, batch.accountId, [...new Set(postMetrics.map((m) => m.platformPostId))]);
    const snapshotRows = postMetrics.map((m, i) => {
      const postId = ids.get(m.platformPostId);
      if (postId === undefined) throw new ValidationError(`postMetrics[${i}].platformPostId`, `post "${m.platformPostId}" is unknown; send it in posts first`);
      return { postId, metric: m.metric, observedAt: m.observedAt, value: m.value };
    });
    await ensureSnapshotPartitions(tx, snapshotRows.map((r) => r.observedAt.getUTCFullYear()));
    const snapshotChanges = await upsertPostSnapshots(tx, batch.userId, batch.source, snapshotRows);
    const changedPosts = snapshotChanges.since;
    // Posts with a revised observation are rebuilt from their first changed day; the others only appended.
    const revisedPosts = new Map([...changedPosts].filter(([postId]) => !snapshotChanges.appended.has(postId)));

    const accountMetrics = batch.accountMetrics ?? [];
    const accountDaily = batch.accountDaily ?? [];
    const accountChangedAt = await upsertAccountSnapshots(
      tx, batch.userId, batch.accountId, batch.source,
      accountMetrics.map((m) => ({ metric: m.metric, observedAt: m.observedAt.toISOString(), value: m.value })),
    );
    const dailyChangedDay = await upsertAccountDaily(tx, batch.userId, batch.accountId, batch.source, accountDaily);
    const metricsSeen = new Set<string>();
    for (const m of postMetrics) metricsSeen.add(m.metric);
    for (const m of accountDaily) metricsSeen.add(m.metric);
    const newMetrics = await addReportedMetrics(tx, batch.userId, batch.accountId, [...metricsSeen]);
    const followersWalkedBack = await followersBeforeAnchorChanged(tx, batch, accountChangedAt, dailyChangedDay);

    // Rebuild the rollups of every zone kept for this user, each from the first day whose inputs changed.
    const publishDaysOf = posts.map((p) => p.platformPostId);
    let changed = false;
    const rebuilt: { tz: string; fromDay: string }[] = [];
    const storedLast = await storedLasts(tx, batch.userId, snapshotChanges.appended);
    for (const tz of await zonesOf(tx, batch.userId, ownTz)) {
      const rebuild = await postRebuildDays(tx, batch.userId, tz, revisedPosts);
      await rebuildPostDaily(tx, batch.userId, tz, rebuild);
      const extended = await appendPostDaily(tx, batch.userId, tz, batch.accountId, snapshotChanges.appended, storedLast);
      const candidates = [...rebuild, ...extended].map((r) => r.fromDay);
      if (accountChangedAt) candidates.push(await localDay(tx, accountChangedAt, tz));
      if (dailyChangedDay) candidates.push(dailyChangedDay);
      candidates.push(...(await newPostDays(tx, batch.userId, batch.accountId, tz, publishDaysOf)));
      // A metric reported for the first time turns its nulls into numbers on every day.
      if (newMetrics || followersWalkedBack) candidates.push('0001-01-01');
      const fromDay = candidates.sort()[0];
      if (fromDay !== undefined) {
        await rebuildUserMetrics(tx, batch.userId, tz, batch.accountId, fromDay);
        rebuilt.push({ tz, fromDay });
        changed = true;
      }
    }

    // Demographics feed no rollup; a new report is still new data (insights are recomputed from it).
    if ((await storeAudienceReports(tx, batch.userId, batch.accountId, batch.source, batch.audience ?? [])) > 0) changed = true;
    // Reported revenue feeds no rollup either; the ROI figures read it directly.
    if ((await upsertAccountRevenue(tx, batch.userId, batch.accountId, batch.source, batch.accountRevenue ?? [])) > 0) changed = true;

    if (changedPosts.size > 0) {
      await refreshContentPerformance(tx, batch.userId, [...changedPosts.keys()]);
      const inputs = await scoreInputs(tx, batch.userId, platform);
      await saveScores(tx, batch.userId, performanceScores(inputs.map((r) => ({ postId: r.post_id, views: r.views, engagement: r.engagement }))));
    }

    return {
      posts: posts.length,
      postSnapshots: snapshotRows.length,
      accountSnapshots: accountMetrics.length,
      accountDaily: accountDaily.length,
      changed,
      platforms: changed ? [platform] : [],
      days: await changedUtcDays(tx, batch.userId, batch.accountId, ownTz, rebuilt),
    };
  });
}

/**
 * Followers before the first follower snapshot are walked back from it with
 * the platform's daily gains and losses (rollups.ts), so a new first snapshot,
 * or a change to the movement of a day before it, changes every day before it.
 */
async function followersBeforeAnchorChanged(
  tx: { query: Db['query'] },
  batch: ObservationBatch,
  accountChangedAt: string | null,
  dailyChangedDay: string | null,
): Promise<boolean> {
  const movementChanged = dailyChangedDay !== null && (batch.accountDaily ?? []).some((m) => m.metric === 'followers_gained' || m.metric === 'followers_lost');
  if (accountChangedAt === null && !movementChanged) return false;
  const anchor = await firstFollowersSnapshotAt(tx, batch.userId, batch.accountId);
  if (anchor === null) return false;
  if (accountChangedAt !== null && accountChangedAt <= anchor) return true;
  // Day labels and the anchor's zone may differ by a day either way.
  return movementChanged && dailyChangedDay! <= addDays(anchor.slice(0, 10), 1);
}

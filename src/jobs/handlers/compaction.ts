/**
 * Job 'compaction': raw snapshots older than the horizon (COMPACTION_HORIZON_DAYS,
 * default 730) are thinned to what the figures depend on — per series its first
 * snapshot and the last of each day in every zone the user's rollups are kept in
 * (src/db/repositories/compaction.ts, docs/data-retention.md). No daily figure
 * and no total changes; the rollups are not touched. No payload.
 *
 * One transaction per user, under the user's rollup lock. Then the space is
 * given back: yearly partitions wholly before the cutoff are rewritten, the
 * others vacuumed. A run reads each user's snapshots only from shortly before
 * where the previous run stopped, so over already compacted data it deletes and
 * rewrites nothing, cheaply. An old observation imported again behind that
 * point is kept: it changes no figure (its day's last snapshot is kept too).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Db } from '../../db/client.js';
import { compactUserSnapshots, isPartitionBefore, reclaimSpace, usersToCompact } from '../../db/repositories/compaction.js';
import { lockUser } from '../../db/repositories/zones.js';
import type { JobHandler } from '../../queue/types.js';

const DAY_MS = 86_400_000;

export interface CompactionLog {
  info(obj: object, msg: string): void;
}

export interface CompactionRun {
  cutoff: Date;
  users: number;
  /** Deleted rows per table (post_snapshots_YYYY, account_snapshots). */
  deleted: Record<string, number>;
  seconds: number;
}

/** Compacts every user's snapshots observed before `now` minus the horizon; returns what it did. */
export async function compactSnapshots(db: Db, horizonDays: number, now: Date): Promise<CompactionRun> {
  const started = performance.now();
  const cutoff = new Date(now.getTime() - horizonDays * DAY_MS);
  const deleted: Record<string, number> = {};
  const users = await usersToCompact(db, cutoff);
  for (const { userId, zones, since } of users) {
    const tables = await db.transaction(async (tx) => {
      await lockUser(tx, userId);
      return compactUserSnapshots(tx, userId, cutoff, zones, since);
    });
    for (const t of tables) deleted[t.table] = (deleted[t.table] ?? 0) + t.deleted;
  }
  for (const table of Object.keys(deleted).sort()) await reclaimSpace(db, table, isPartitionBefore(table, cutoff));
  return { cutoff, users: users.length, deleted, seconds: (performance.now() - started) / 1000 };
}

export function compactionHandler(db: Db, log: CompactionLog, registry: Registry, horizonDays: number, clock: () => Date = () => new Date()): JobHandler<'compaction'> {
  const rows = new Counter({ name: 'pulseboard_compaction_deleted_rows_total', help: 'Raw snapshots deleted by compaction, all runs', labelNames: ['table'] as const, registers: [registry] });
  const lastRun = new Gauge({ name: 'pulseboard_compaction_last_run_timestamp_seconds', help: 'When the last compaction run finished', registers: [registry] });
  const duration = new Gauge({ name: 'pulseboard_compaction_run_seconds', help: 'How long the last compaction run took', registers: [registry] });
  const users = new Gauge({ name: 'pulseboard_compaction_users', help: 'Users with snapshots older than the horizon in the last compaction run', registers: [registry] });
  const cutoff = new Gauge({ name: 'pulseboard_compaction_cutoff_timestamp_seconds', help: 'Snapshots observed before this instant were compacted by the last run', registers: [registry] });

  for (const table of ['post_snapshots', 'account_snapshots']) rows.inc({ table }, 0);

  return async () => {
    const run = await compactSnapshots(db, horizonDays, clock());
    // The table label is 'post_snapshots' or 'account_snapshots': a label per year would grow without end.
    for (const [table, n] of Object.entries(run.deleted)) rows.inc({ table: table.startsWith('post_snapshots') ? 'post_snapshots' : table }, n);
    users.set(run.users);
    cutoff.set(run.cutoff.getTime() / 1000);
    duration.set(run.seconds);
    lastRun.set(Date.now() / 1000);
    log.info({ cutoff: run.cutoff.toISOString(), users: run.users, deleted: run.deleted, seconds: run.seconds }, 'compaction run');
  };
}

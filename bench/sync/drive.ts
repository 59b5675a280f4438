/**
 * Driving the runtime's schedule on the manual clock: the periodic jobs of
 * src/jobs/schedules.ts SCHEDULES that concern syncing (sync-due every 60 s), plus
 * the one-off 'sync-due-at-start' the runtime adds when it starts.
 */
import { SCHEDULES } from '../../src/jobs/schedules.js';
import type { Harness } from './harness.js';

export const SYNC_SCHEDULES = SCHEDULES.filter((s) => s.job === 'sync-due');

export async function installSchedules(h: Harness, atStart = true): Promise<void> {
  for (const s of SYNC_SCHEDULES) await h.queue.every(s.job, s.everyMs, {});
  if (atStart) await h.queue.add('sync-due', {}, { jobId: 'sync-due-at-start' });
}

/** Moves the clock to `at` (never backwards), fires periodic jobs and runs every due job. */
export async function stepTo(h: Harness, at: number): Promise<void> {
  if (at > h.clock.now().getTime()) h.clock.set(new Date(at));
  h.queue.tick();
  await h.queue.drain();
}

/**
 * Runs the schedule until `done()` holds, skipping over stretches in which
 * nothing can happen (no job due, no account due at the next sync-due):
 * the same outcome as stepping minute by minute, only faster.
 */
export async function runUntil(h: Harness, done: () => Promise<boolean>, capMs: number): Promise<boolean> {
  const limit = h.clock.now().getTime() + capMs;
  await h.queue.drain();
  for (;;) {
    if (await done()) return true;
    const now = h.clock.now().getTime();
    if (now >= limit) return false;
    const [row] = await h.services.db.query<{ next: Date | null }>(
      'SELECT min(next_sync_at) AS next FROM platform_accounts WHERE disconnected_at IS NULL AND needs_reauth = false',
    );
    const dueAt = row?.next ? new Date(row.next).getTime() : Infinity;
    const tickAt = h.queue.periodicAtOrAfter('sync-due', Math.max(dueAt, now + 1)) ?? Infinity;
    const target = Math.min(h.queue.nextRunAt() ?? Infinity, tickAt, limit);
    await stepTo(h, Math.max(target, now));
  }
}

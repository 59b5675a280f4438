/**
 * How far a run got through the known posts it was asked to refresh by id
 * (SyncOptions.refreshPostIds, youngest first): how many it re-read, and how
 * many it left for its resumption when a budget stopped it. Counted from what
 * was stored, so it holds for every connector alike.
 */
import { REFRESH_STEP, idsAfter } from '../platforms/sync-steps.js';
import type { SyncCheckpoint } from '../platforms/types.js';

export class RefreshProgress {
  /** The ids this run is responsible for: all of them, or those after the cursor it resumes from. */
  private readonly todo: string[] | undefined;
  private readonly position = new Map<string, number>();
  private readonly done = new Set<string>();
  private furthest = -1;
  private complete = false;

  constructor(ids: string[] | undefined, resumeFrom: SyncCheckpoint | undefined) {
    if (ids === undefined) return;
    // The refresh step is every connector's last: resuming in an earlier step means it has not begun.
    this.todo = resumeFrom?.step === REFRESH_STEP ? idsAfter(ids, resumeFrom.cursor) : ids;
    this.todo.forEach((id, i) => this.position.set(id, i));
  }

  /** A chunk was stored. */
  stored(metrics: { platformPostId: string }[]): void {
    for (const m of metrics) {
      const at = this.position.get(m.platformPostId);
      if (at === undefined) continue;
      this.done.add(m.platformPostId);
      this.furthest = Math.max(this.furthest, at);
    }
  }

  /** The run went through to the end (posts the platform no longer returns are gone, not deferred). */
  finished(): void {
    this.complete = true;
  }

  refreshed(): number | null {
    return this.todo === undefined ? null : this.done.size;
  }

  /** Posts after the furthest one reached, in refresh order: what the resumed run will read. */
  deferred(): number | null {
    if (this.todo === undefined) return null;
    return this.complete ? 0 : this.todo.length - (this.furthest + 1);
  }
}

/**
 * Runs a connector's sync as named steps (profile, daily, posts, ...), each
 * yielding pages. Every chunk carries the checkpoint to resume from once it
 * has been stored, so after a RateLimited or AuthExpired mid-backfill the
 * sync engine continues where it stopped instead of starting over.
 */
import type { SyncCheckpoint, SyncChunk } from './types.js';

export type ChunkBody = Omit<SyncChunk, 'next' | 'warnings' | 'source'> & { warnings?: string[] };

/** One page of a step; `more` is the in-step cursor of the next page, null when the step is done. */
export interface StepPage {
  body: ChunkBody;
  more: string | null;
}

export interface SyncStep {
  name: string;
  /** Known before it runs to yield nothing (a refresh with no ids): left out, so no chunk points to it as what comes next. */
  empty?: boolean;
  run(cursor: string | undefined): AsyncGenerator<StepPage, void, undefined>;
}

/**
 * Yields the chunks of `steps` in order, starting at `resumeFrom`. The
 * generator returning is what signals completion; the last chunk's `next` is
 * null when the last step produced it.
 */
export async function* runSteps(source: string, allSteps: SyncStep[], resumeFrom?: SyncCheckpoint): AsyncGenerator<SyncChunk, void, undefined> {
  let start = 0;
  if (resumeFrom) {
    const at = allSteps.findIndex((s) => s.name === resumeFrom.step);
    if (at < 0) throw new Error(`unknown sync checkpoint step: ${resumeFrom.step}`);
    // Resuming at an empty step starts at the first step after it that has work.
    start = allSteps.slice(0, at).filter((s) => !s.empty).length;
  }
  const steps = allSteps.filter((s) => !s.empty);
  for (let i = start; i < steps.length; i++) {
    const step = steps[i]!;
    const cursor = i === start && step.name === resumeFrom?.step ? resumeFrom.cursor : undefined;
    for await (const page of step.run(cursor)) {
      const following = steps[i + 1];
      const next: SyncCheckpoint | null =
        page.more !== null ? { step: step.name, cursor: page.more } : following ? { step: following.name } : null;
      const { warnings, ...body } = page.body;
      yield { source, ...body, warnings: warnings ?? [], next };
    }
  }
}

export const DEFAULT_POST_MAX_AGE_DAYS = 30;

/** The step that re-reads known posts by id (SyncOptions.refreshPostIds). Always a connector's last step, so a run stopped in any other step has not begun it. */
export const REFRESH_STEP = 'refresh';

/** The ids still to refresh after `cursor` (the last id a refresh step finished); all of them when it is not in the list. */
export function idsAfter(ids: string[], cursor: string | undefined): string[] {
  const at = cursor === undefined ? -1 : ids.indexOf(cursor);
  return ids.slice(at + 1);
}

/**
 * Re-reads `ids` (youngest first) in batches of `batchSize` with `read`, one
 * page per batch; the cursor is the last id of the batch done, so a sync
 * deferred by its budget resumes with the next batch.
 */
export function refreshStep(ids: string[], batchSize: number, read: (batch: string[]) => Promise<ChunkBody>): SyncStep {
  return {
    name: REFRESH_STEP,
    empty: ids.length === 0,
    async *run(cursor) {
      const todo = idsAfter(ids, cursor);
      for (let i = 0; i < todo.length; i += batchSize) {
        const batch = todo.slice(i, i + batchSize);
        const body = await read(batch);
        yield { body, more: i + batchSize < todo.length ? batch[batch.length - 1]! : null };
      }
    },
  };
}

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
  run(cursor: string | undefined): AsyncGenerator<StepPage, void, undefined>;
}

/**
 * Yields the chunks of `steps` in order, starting at `resumeFrom`. The
 * generator returning is what signals completion; the last chunk's `next` is
 * null when the last step produced it.
 */
export async function* runSteps(source: string, steps: SyncStep[], resumeFrom?: SyncCheckpoint): AsyncGenerator<SyncChunk, void, undefined> {
  let start = 0;
  if (resumeFrom) {
    start = steps.findIndex((s) => s.name === resumeFrom.step);
    if (start < 0) throw new Error(`unknown sync checkpoint step: ${resumeFrom.step}`);
  }
  for (let i = start; i < steps.length; i++) {
    const step = steps[i]!;
    const cursor = i === start ? resumeFrom?.cursor : undefined;
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

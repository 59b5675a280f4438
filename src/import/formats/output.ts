/**
 * What a format's map() fills: posts with their lifetime counters, account
 * gauges and per-day values, rows skipped with a reason, and columns of the
 * file that are not imported with the reason why. A post or a day seen twice
 * in one file is kept once (the first row wins) and the repeat is reported.
 * A post the file gives no publish time for is kept aside (`undated`): only
 * the import knows whether the store has it already (see import.ts).
 */
import type {
  AccountDailyObservation,
  AccountMetricObservation,
  PostMetricObservation,
  PostObservation,
} from '../../ingest/observations.js';
import type { AccountHint, DataRow, Header, MappedImport, SkippedRow, UndatedPost } from './types.js';

export class MappingOutput {
  private readonly posts = new Map<string, { post: PostObservation; row: number }>();
  private readonly postMetrics: PostMetricObservation[] = [];
  private readonly gauges = new Map<string, { obs: AccountMetricObservation; row: number }>();
  private readonly daily = new Map<string, { obs: AccountDailyObservation; row: number }>();
  private readonly undated = new Map<string, UndatedPost>();
  private readonly skipped: SkippedRow[] = [];
  private readonly ignored = new Map<string, string>();
  account: AccountHint = {};

  post(row: DataRow, post: PostObservation, metrics: PostMetricObservation[]): void {
    if (this.repeated(row, post.platformPostId)) return;
    this.posts.set(post.platformPostId, { post, row: row.row });
    this.postMetrics.push(...metrics);
  }

  /** A post whose publish time the file leaves empty, with why the platform leaves it so. */
  undatedPost(row: DataRow, platformPostId: string, metrics: PostMetricObservation[], why: string): void {
    if (this.repeated(row, platformPostId)) return;
    this.undated.set(platformPostId, { row: row.row, line: row.line, platformPostId, metrics, why });
  }

  private repeated(row: DataRow, platformPostId: string): boolean {
    const seen = this.posts.get(platformPostId)?.row ?? this.undated.get(platformPostId)?.row;
    if (seen === undefined) return false;
    this.skip(row, `post ${platformPostId} already imported from row ${seen}`, platformPostId);
    return true;
  }

  gauge(row: DataRow, obs: AccountMetricObservation): void {
    const key = `${obs.metric}@${obs.observedAt.toISOString()}`;
    const seen = this.gauges.get(key);
    if (seen) return this.skip(row, `${obs.metric} for the same time already imported from row ${seen.row}`);
    this.gauges.set(key, { obs, row: row.row });
  }

  /** Per-day values of one row; the day is checked for repeats once per row. */
  days(row: DataRow, values: AccountDailyObservation[]): void {
    for (const obs of values) {
      const key = `${obs.metric}@${obs.day}`;
      const seen = this.daily.get(key);
      if (seen) {
        this.skip(row, `${obs.day} already imported from row ${seen.row}`);
        return;
      }
    }
    for (const obs of values) this.daily.set(`${obs.metric}@${obs.day}`, { obs, row: row.row });
  }

  skip(row: DataRow, reason: string, platformPostId: string | null = null): void {
    this.skipped.push({ row: row.row, line: row.line, platform_post_id: platformPostId, reason });
  }

  /** Records why a column of the file is not imported (only columns the file has). */
  ignore(header: Header, aliases: readonly string[], reason: string): void {
    const i = header.find(aliases);
    if (i === undefined) return;
    header.markUsed(i);
    this.ignored.set(header.names[i]!, reason);
  }

  result(header: Header): MappedImport {
    for (const name of header.unused()) if (!this.ignored.has(name)) this.ignored.set(name, 'not a column this import reads');
    return {
      posts: [...this.posts.values()].map((p) => p.post),
      postMetrics: this.postMetrics,
      undated: [...this.undated.values()],
      accountMetrics: [...this.gauges.values()].map((g) => g.obs),
      accountDaily: [...this.daily.values()].map((d) => d.obs),
      skipped: this.skipped,
      ignoredColumns: [...this.ignored].map(([column, reason]) => ({ column, reason })),
      account: this.account,
    };
  }
}

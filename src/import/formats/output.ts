/**
 * What a format's map() fills: posts with their lifetime counters, account
 * gauges and per-day values, rows skipped with a reason, and columns of the
 * file that are not imported with the reason why. A post or a day seen twice
 * in one file is kept once (the first row wins) and the repeat is reported.
 */
import type {
  AccountDailyObservation,
  AccountMetricObservation,
  PostMetricObservation,
  PostObservation,
} from '../../ingest/observations.js';
import type { AccountHint, DataRow, Header, MappedImport } from './types.js';

export class MappingOutput {
  private readonly posts = new Map<string, { post: PostObservation; row: number }>();
  private readonly postMetrics: PostMetricObservation[] = [];
  private readonly gauges = new Map<string, { obs: AccountMetricObservation; row: number }>();
  private readonly daily = new Map<string, { obs: AccountDailyObservation; row: number }>();
  private readonly skipped: { row: number; reason: string }[] = [];
  private readonly ignored = new Map<string, string>();
  account: AccountHint = {};

  post(row: DataRow, post: PostObservation, metrics: PostMetricObservation[]): void {
    const seen = this.posts.get(post.platformPostId);
    if (seen) {
      this.skip(row, `post ${post.platformPostId} already imported from row ${seen.row}`);
      return;
    }
    this.posts.set(post.platformPostId, { post, row: row.row });
    this.postMetrics.push(...metrics);
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

  skip(row: DataRow, reason: string): void {
    this.skipped.push({ row: row.row, reason });
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
      accountMetrics: [...this.gauges.values()].map((g) => g.obs),
      accountDaily: [...this.daily.values()].map((d) => d.obs),
      skipped: this.skipped,
      ignoredColumns: [...this.ignored].map(([column, reason]) => ({ column, reason })),
      account: this.account,
    };
  }
}

/**
 * Constructed data for the insight tests: posts whose views at 7 days are a
 * seeded log-normal noise times a planted multiplier, each observed exactly 7
 * days after publication (and once more later, so the scorer must pick the
 * 7-day snapshot), plus the reference helpers the tests compute expectations with.
 */
import type { ObservationBatch } from '../src/ingest/observations.js';
import { rng } from './helpers/dataset.js';

export const DAY_MS = 86_400_000;

export interface PlantedPost {
  id: string;
  publishedAt: Date;
  caption: string;
  mediaType: 'video' | 'image';
  /** Views at exactly 7 days. */
  views: number;
}

export interface PlantOptions {
  seed: number;
  count: number;
  /** Posts are published over `days` days ending 8 days before `end`, so all are 7+ days old. */
  end: Date;
  days: number;
  /** Noise of log views (standard deviation); 0 for a flat series. */
  sigma?: number;
  caption?: (i: number, random: () => number) => string;
  /** Multiplier of a post's views (the plant). */
  multiplier?: (p: { publishedAt: Date; caption: string; index: number }) => number;
  /** Publication time of post i (default: uniform over the span). */
  publishedAt?: (i: number, random: () => number, start: number, span: number) => Date;
}

export function plantPosts(o: PlantOptions): PlantedPost[] {
  const random = rng(o.seed);
  const span = o.days * DAY_MS;
  const start = o.end.getTime() - 8 * DAY_MS - span;
  const out: PlantedPost[] = [];
  for (let i = 0; i < o.count; i++) {
    const publishedAt = o.publishedAt?.(i, random, start, span) ?? new Date(start + Math.floor(random() * span));
    const caption = o.caption?.(i, random) ?? `post number ${i}`;
    // Box–Muller: a standard normal from two uniforms.
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const base = 1000 * Math.exp((o.sigma ?? 0.4) * normal);
    const views = Math.round(base * (o.multiplier?.({ publishedAt, caption, index: i }) ?? 1));
    out.push({ id: `p${o.seed}-${i}`, publishedAt, caption, mediaType: i % 2 ? 'video' : 'image', views });
  }
  return out;
}

/** The observations of the posts: views and likes at 1 day, exactly 7 days, and 30 days (if past). */
export function batchOf(posts: PlantedPost[], end: Date): Omit<ObservationBatch, 'userId' | 'accountId'> {
  const postMetrics: NonNullable<ObservationBatch['postMetrics']> = [];
  for (const p of posts) {
    for (const [age, share] of [[1, 0.4], [7, 1], [30, 1.6]] as const) {
      const observedAt = new Date(p.publishedAt.getTime() + age * DAY_MS);
      if (observedAt > end) continue;
      const views = Math.round(p.views * share);
      postMetrics.push({ platformPostId: p.id, metric: 'views', value: views, observedAt });
      postMetrics.push({ platformPostId: p.id, metric: 'likes', value: Math.round(views * 0.05), observedAt });
    }
  }
  return {
    source: 'test',
    posts: posts.map((p) => ({ platformPostId: p.id, publishedAt: p.publishedAt, caption: p.caption, mediaType: p.mediaType })),
    postMetrics,
  };
}

/** ISO weekday (1 = Monday) and hour of an instant in a zone, by Intl (independent of the SQL). */
export function localSlot(d: Date, tz: string): { dow: number; hour: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short', hour: 'numeric', hourCycle: 'h23' }).formatToParts(d);
  const weekday = parts.find((p) => p.type === 'weekday')!.value;
  const hour = Number(parts.find((p) => p.type === 'hour')!.value);
  return { dow: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(weekday) + 1, hour };
}

export function meanOf(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

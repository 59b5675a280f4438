/**
 * A seeded random dataset of observations for one user, and a reference
 * implementation of the metric semantics written independently of the SQL
 * (plain loops over the raw observations, Intl for day boundaries), so the
 * API's numbers can be checked against it.
 */
import type { Platform } from '../../src/analytics/catalog.js';
import type { ObservationBatch, PostMetricObservation } from '../../src/ingest/observations.js';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METRICS: Record<Platform, PostMetricObservation['metric'][]> = {
  youtube: ['views', 'likes', 'comments', 'shares'],
  tiktok: ['views', 'likes', 'comments', 'shares'],
  instagram: ['views', 'likes', 'comments', 'shares', 'saves'],
  twitter: ['views', 'likes', 'comments', 'shares', 'saves', 'clicks'],
};

export interface Dataset {
  batches: Map<Platform, Omit<ObservationBatch, 'userId' | 'accountId'>>;
}

/** Posts published over `days` days before `end`, observed at random times, counters mostly growing. */
export function makeDataset(seed: number, end: Date, days: number): Dataset {
  const random = rng(seed);
  const batches = new Map<Platform, Omit<ObservationBatch, 'userId' | 'accountId'>>();
  const span = days * 86_400_000;
  const start = end.getTime() - span;
  for (const platform of ['youtube', 'tiktok', 'instagram', 'twitter'] as Platform[]) {
    const batch: Required<Omit<ObservationBatch, 'userId' | 'accountId'>> = { source: 'test', posts: [], postMetrics: [], accountMetrics: [], accountDaily: [], audience: [], accountRevenue: [] };
    const postCount = 6 + Math.floor(random() * 5);
    for (let i = 0; i < postCount; i++) {
      const publishedAt = new Date(start + Math.floor(random() * span * 0.9));
      const id = `${platform}-${i}-${Math.floor(random() * 1e9)}`;
      batch.posts.push({ platformPostId: id, publishedAt, caption: `post ${i} #tag${i % 3}`, mediaType: i % 2 ? 'video' : 'image' });
      const values = Object.fromEntries(METRICS[platform].map((m) => [m, 0]));
      let t = publishedAt.getTime() + Math.floor(random() * 3 * 86_400_000);
      while (t < end.getTime()) {
        for (const m of METRICS[platform]) {
          // Mostly growth, sometimes a drop (unlikes, spam removal).
          values[m] = Math.max(0, values[m]! + Math.floor((random() - 0.1) * (m === 'views' ? 500 : 40)));
          batch.postMetrics.push({ platformPostId: id, metric: m, value: values[m]!, observedAt: new Date(t) });
        }
        t += Math.floor((0.3 + random() * 2.5) * 86_400_000);
      }
    }
    let followers = 1000 + Math.floor(random() * 5000);
    for (let t = start; t < end.getTime(); t += Math.floor((0.5 + random()) * 86_400_000)) {
      followers += Math.floor((random() - 0.3) * 50);
      batch.accountMetrics.push({ metric: 'followers', value: followers, observedAt: new Date(t) });
    }
    if (platform === 'instagram') {
      for (let d = 0; d < days; d++) {
        const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
        batch.accountDaily.push({ metric: 'clicks', day, value: Math.floor(random() * 30) });
        batch.accountDaily.push({ metric: 'reach', day, value: 200 + Math.floor(random() * 300) });
      }
    }
    batches.set(platform, batch);
  }
  return { batches };
}

export function localDay(d: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

export interface Expected {
  activity: Record<string, number | null>;
  followersEnd: number | null;
  followersStart: number | null;
  posts: number;
}

/** Reference computation of one platform's activity in [from, to] (local days in tz). */
export function expectedFor(batch: Omit<ObservationBatch, 'userId' | 'accountId'>, platform: Platform, from: string, to: string, tz: string): Expected {
  const inRange = (day: string) => day >= from && day <= to;
  const publishDay = new Map(batch.posts!.map((p) => [p.platformPostId, localDay(p.publishedAt, tz)]));
  const activity: Record<string, number | null> = {};
  for (const metric of ['views', 'likes', 'shares', 'comments', 'saves', 'clicks']) {
    const reported = METRICS[platform].includes(metric as PostMetricObservation['metric']) || (platform === 'instagram' && metric === 'clicks');
    activity[metric] = reported ? 0 : null;
  }
  const series = new Map<string, PostMetricObservation[]>();
  for (const m of batch.postMetrics!) {
    const key = `${m.platformPostId}|${m.metric}`;
    series.set(key, [...(series.get(key) ?? []), m]);
  }
  for (const list of series.values()) {
    list.sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
    let previous: number | null = null;
    for (const obs of list) {
      const day = previous === null ? publishDay.get(obs.platformPostId)! : localDay(obs.observedAt, tz);
      if (inRange(day)) activity[obs.metric] = (activity[obs.metric] ?? 0) + obs.value - (previous ?? 0);
      previous = obs.value;
    }
  }
  for (const d of batch.accountDaily ?? []) if (d.metric === 'clicks' && inRange(d.day)) activity.clicks = (activity.clicks ?? 0) + d.value;

  const followers = [...(batch.accountMetrics ?? [])].sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
  let before: number | null = null;
  let firstIn: number | null = null;
  let end: number | null = null;
  for (const f of followers) {
    const day = localDay(f.observedAt, tz);
    if (day < from) before = f.value;
    if (inRange(day) && firstIn === null) firstIn = f.value;
    if (day <= to) end = f.value;
  }
  const posts = batch.posts!.filter((p) => inRange(localDay(p.publishedAt, tz))).length;
  return { activity, followersStart: before ?? firstIn, followersEnd: end, posts };
}

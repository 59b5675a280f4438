/**
 * Performance score (0–100): how a post ranks among the same user's posts on
 * the same platform, so a TikTok and a YouTube video become comparable.
 *
 *   score = 100 × mean over the known components of percentileRank(component)
 *   components: lifetime views, lifetime engagement
 *   percentileRank(x) = (count(v < x) + ½ · count(v = x, other posts)) / (n − 1)
 *
 * A post that beats every other scores 100, one beaten by all scores 0, ties
 * share a score. With fewer than two posts there is nothing to rank: null.
 * A component the platform does not report (null) is left out, not taken as 0.
 */
export interface ScoreInput {
  postId: number;
  views: number | null;
  engagement: number | null;
}

function percentileRanks(values: (number | null)[]): (number | null)[] {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const n = known.length;
  if (n < 2) return values.map(() => null);
  return values.map((v) => {
    if (v === null) return null;
    const below = lowerBound(known, v);
    const equalOthers = upperBound(known, v) - below - 1;
    return (below + equalOthers / 2) / (n - 1);
  });
}

function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function performanceScores(posts: ScoreInput[]): { postId: number; score: number | null }[] {
  const views = percentileRanks(posts.map((p) => p.views));
  const engagement = percentileRanks(posts.map((p) => p.engagement));
  return posts.map((p, i) => {
    const parts = [views[i], engagement[i]].filter((v): v is number => v !== null && v !== undefined);
    return { postId: p.postId, score: parts.length === 0 ? null : Math.round((100 * parts.reduce((a, b) => a + b, 0)) / parts.length * 10) / 10 };
  });
}

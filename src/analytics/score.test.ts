import { describe, expect, it } from 'vitest';
import { performanceScores } from './score.js';

describe('performanceScores', () => {
  it('ranks within the set: best 100, worst 0, middle 50', () => {
    const scores = performanceScores([
      { postId: 1, views: 10, engagement: 1 },
      { postId: 2, views: 1000, engagement: 100 },
      { postId: 3, views: 100, engagement: 10 },
    ]);
    expect(scores).toEqual([
      { postId: 1, score: 0 },
      { postId: 2, score: 100 },
      { postId: 3, score: 50 },
    ]);
  });

  it('averages the components and lets ties share a score', () => {
    const scores = performanceScores([
      { postId: 1, views: 5, engagement: 9 },
      { postId: 2, views: 5, engagement: 1 },
      { postId: 3, views: 1, engagement: 5 },
    ]);
    // views ranks: 1 → (1 + ½)/2 = .75, 2 → .75, 3 → 0; engagement: 1 → 1, 2 → 0, 3 → .5
    expect(scores.map((s) => s.score)).toEqual([87.5, 37.5, 25]);
  });

  it('leaves out unknown components and gives null when nothing can be ranked', () => {
    expect(performanceScores([{ postId: 1, views: 3, engagement: null }])).toEqual([{ postId: 1, score: null }]);
    const s = performanceScores([
      { postId: 1, views: 3, engagement: null },
      { postId: 2, views: 9, engagement: null },
    ]);
    expect(s.map((x) => x.score)).toEqual([0, 100]);
  });
});

/** The evidence rule of content suggestions (src/analytics/content-match.ts), on hand-checked texts. */
import { describe, expect, it } from 'vitest';
import { confidence, durationRatio, matchPosts, overlap, terms } from '../src/analytics/content-match.js';

describe('terms', () => {
  it('lower-cases, drops accents, URLs, one-letter words, stop words and platform tags', () => {
    expect([...terms('Café TOUR in Paris! https://x.test/a?b=1 #fyp #Shorts I 3 d2')].sort()).toEqual(['cafe', 'd2', 'paris', 'tour']);
  });
});

describe('overlap', () => {
  it('is |A ∩ B| / |A ∪ B| with the shared terms', () => {
    expect(overlap(new Set(['a1', 'b1', 'c1']), new Set(['b1', 'c1', 'd1']))).toEqual({ similarity: 2 / 4, shared: ['b1', 'c1'] });
    expect(overlap(new Set(), new Set()).similarity).toBe(0);
  });
});

describe('durationRatio', () => {
  it('is shorter / longer, null when unknown', () => {
    expect(durationRatio(30, 60)).toBe(0.5);
    expect(durationRatio(null, 60)).toBeNull();
    expect(durationRatio(0, 0)).toBe(1);
  });
});

describe('matchPosts', () => {
  const a = { text: 'Sourdough bread recipe for beginners', durationSeconds: 60 };
  it('matches alike texts close in time with similar durations, with its evidence', () => {
    const m = matchPosts(a, { text: 'sourdough BREAD recipe, beginners edition', durationSeconds: 58 }, 10);
    // terms: {sourdough, bread, recipe, beginners} vs {sourdough, bread, recipe, beginners, edition}
    expect(m).toEqual({ similarity: 0.8, shared_terms: ['beginners', 'bread', 'recipe', 'sourdough'], hours_apart: 10, duration_ratio: 0.97, confidence: confidence(0.8, 10, 58 / 60) });
    // 0.6 × 0.8 + 0.25 × (1 − 10/72) + 0.15 × 58/60 = 0.48 + 0.2153 + 0.145 = 0.84
    expect(m!.confidence).toBe(0.84);
  });
  it('refuses pairs more than 72 hours apart, with different durations, or sharing one term', () => {
    expect(matchPosts(a, a, 72.01)).toBeNull();
    expect(matchPosts(a, { ...a, durationSeconds: 600 }, 1)).toBeNull();
    expect(matchPosts(a, { text: 'bread crumbs', durationSeconds: null }, 1)).toBeNull();
  });
  it('counts an unknown duration as neither for nor against', () => {
    const m = matchPosts(a, { text: a.text, durationSeconds: null }, 0);
    expect(m!.duration_ratio).toBeNull();
    // 0.6 × 1 + 0.25 × 1 + 0.15 × 0.5 = 0.925, rounded to 2 decimals
    expect(m!.confidence).toBe(0.93);
  });
  it('accepts durations a few seconds apart even when short', () => {
    expect(matchPosts({ ...a, durationSeconds: 8 }, { ...a, durationSeconds: 12 }, 0)).not.toBeNull();
  });
});

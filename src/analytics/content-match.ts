/**
 * Whether two posts on different platforms are likely the same content: the
 * evidence behind a content-library suggestion and its confidence. Pure
 * functions over what the posts say about themselves (text, publish times,
 * durations), so the rule is written and tested once.
 */
import { round2 } from './catalog.js';

/** Posts further apart than this are never suggested: a cross-post goes out within three days. */
export const MAX_HOURS_APART = 72;
/** Below this token overlap (Jaccard) the texts are not considered alike. */
export const MIN_SIMILARITY = 0.3;
/** A suggestion needs at least this many shared terms: one shared word is chance. */
export const MIN_SHARED_TERMS = 2;
/** Durations within this ratio (shorter / longer), or within DURATION_SLACK_SECONDS, are similar. */
export const MIN_DURATION_RATIO = 0.8;
export const DURATION_SLACK_SECONDS = 5;

/** Words that say nothing about which content it is, and the platforms' own tags. */
const NOISE = new Set([
  'the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'is', 'it', 'this', 'that', 'my', 'your', 'you', 'we', 'i',
  'at', 'by', 'from', 'be', 'are', 'was', 'new', 'link', 'bio', 'shorts', 'short', 'fyp', 'foryou', 'foryoupage', 'reels', 'reel',
  'viral', 'tiktok', 'youtube', 'instagram', 'ig', 'yt',
]);

/** The distinct terms of a text: lower case, accents removed, URLs dropped, words of 2+ letters or digits. */
export function terms(text: string): Set<string> {
  const plain = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ');
  const words = plain.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2 && !NOISE.has(w));
  return new Set(words);
}

/** Jaccard similarity of two term sets (|A ∩ B| / |A ∪ B|) and the terms they share, sorted. */
export function overlap(a: Set<string>, b: Set<string>): { similarity: number; shared: string[] } {
  const shared = [...a].filter((t) => b.has(t)).sort();
  const union = a.size + b.size - shared.length;
  return { similarity: union === 0 ? 0 : shared.length / union, shared };
}

/** Shorter / longer duration; null when either is unknown (an image has none). */
export function durationRatio(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  const longer = Math.max(a, b);
  if (longer === 0) return 1;
  return Math.min(a, b) / longer;
}

function similarDurations(a: number | null, b: number | null): boolean {
  const ratio = durationRatio(a, b);
  return ratio === null || ratio >= MIN_DURATION_RATIO || Math.abs(a! - b!) <= DURATION_SLACK_SECONDS;
}

/**
 * Confidence 0–1 that the pair is one piece of content:
 *   0.6 × text similarity + 0.25 × (1 − hours apart / 72) + 0.15 × duration ratio,
 * with an unknown duration counting 0.5 (neither for nor against). Text weighs
 * most because it is the only evidence that names the content; time and
 * duration only make a coincidence less likely. Rounded to 2 decimals.
 */
export function confidence(similarity: number, hoursApart: number, ratio: number | null): number {
  const time = Math.max(0, 1 - hoursApart / MAX_HOURS_APART);
  return round2(0.6 * similarity + 0.25 * time + 0.15 * (ratio ?? 0.5));
}

export interface PostEvidenceInput {
  text: string;
  durationSeconds: number | null;
}

export interface Match {
  similarity: number;
  shared_terms: string[];
  hours_apart: number;
  duration_ratio: number | null;
  confidence: number;
}

/** The evidence that two posts are the same content, or null when it is too weak. */
export function matchPosts(a: PostEvidenceInput, b: PostEvidenceInput, hoursApart: number): Match | null {
  if (hoursApart > MAX_HOURS_APART) return null;
  const { similarity, shared } = overlap(terms(a.text), terms(b.text));
  if (similarity < MIN_SIMILARITY || shared.length < MIN_SHARED_TERMS) return null;
  if (!similarDurations(a.durationSeconds, b.durationSeconds)) return null;
  const ratio = durationRatio(a.durationSeconds, b.durationSeconds);
  return {
    similarity: round2(similarity),
    shared_terms: shared,
    hours_apart: round2(hoursApart),
    duration_ratio: ratio === null ? null : round2(ratio),
    confidence: confidence(similarity, hoursApart, ratio),
  };
}

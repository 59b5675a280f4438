/**
 * trending_hashtags: hashtags and caption topics whose posts beat your usual.
 *
 * Method. Each post is scored against its own account (post-scores.ts), so
 * posts of every platform are pooled in one cross-platform record. For every
 * hashtag (and every caption word of 4+ letters outside a stop list: a
 * "topic") used on at least MIN_TAG_POSTS scored posts, and on at most half of
 * them (a tag on every post has nothing to be compared with), the mean score
 * of its posts is compared with the mean of the other posts by Welch's t on
 * the log scale. The interval of the difference is taken at level
 * 1 − 0.05/m, m = the number of tags compared (Bonferroni): with 200 tags
 * tested, 10 would pass a plain 95% interval by chance alone. A tag is listed
 * when its whole interval is above 0; lift and interval are exp() of the
 * difference and its bounds ("posts with #x get 1.8× the views, between 1.3×
 * and 2.5×").
 *
 * rising: the tag's share of your posts in the last 14 days is above its share
 * before, with 2+ recent posts (all posts count here, scored or not).
 *
 * Confidence = confidenceOf(t of the first listed tag, its posts) (stats.ts:
 * t²/(t² + 16) · n/(n + 30)); 0 when nothing is listed.
 *
 * Null cases: fewer than MIN_POSTS scored posts, or no tag with enough posts →
 * "not enough data"; tags tested but none clearly above → "no signal".
 */
import { Type, type Static } from 'typebox';
import { hashtagsFrom } from '../../analytics/hashtags.js';
import { postTexts } from '../../db/repositories/insights.js';
import { scoredPosts, type ScoredPost } from '../post-scores.js';
import { Lift, LiftInterval, Reason } from '../schema.js';
import { compareGroups, confidenceOf, liftOf, type Comparison } from '../stats.js';
import { validFor, type InsightKind } from '../types.js';
import { counted } from '../../analytics/platform-names.js';

export const MIN_POSTS = 20;
export const MIN_TAG_POSTS = 5;
export const MAX_TAGS = 10;
export const RISING_DAYS = 14;
const FAMILY_ALPHA = 0.05;

const STOP = new Set(
  ('this that with from have your what when will just they them then than there their about would could should into ' +
    'more most some very also only over after before here were been being which while where does make made like').split(' '),
);

export const TrendingHashtagsData = Type.Object({
  hashtags: Type.Array(
    Type.Object({
      tag: Type.String({ description: 'The hashtag without # (kind hashtag) or the caption word (kind topic), lower case' }),
      kind: Type.Enum(['hashtag', 'topic'], { description: 'hashtag: a #tag; topic: a word of the captions' }),
      posts: Type.Integer({ minimum: 0, description: 'Your scored posts with this tag' }),
      lift: Lift,
      interval: LiftInterval,
      rising: Type.Boolean({ description: `Used on a larger share of your posts in the last ${RISING_DAYS} days than before (2+ recent posts)` }),
    }),
    { description: 'Tags whose posts beat your usual, best first; empty when there is not enough evidence (see reason)' },
  ),
  tags_compared: Type.Integer({ minimum: 0, description: 'How many tags had enough posts to be compared (the interval is widened for this many)' }),
  reason: Reason,
});
type Data = Static<typeof TrendingHashtagsData>;

/** Caption words that may be a topic: letters only, 4+, no stop word, no hashtags, links or mentions. */
export function topicsFrom(caption: string): string[] {
  const text = caption.replace(/(https?:\/\/\S+|[#@][\p{L}\p{N}_]+)/gu, ' ').toLowerCase();
  const out = new Set<string>();
  for (const m of text.matchAll(/\p{L}{4,}/gu)) if (!STOP.has(m[0])) out.add(m[0]);
  return [...out];
}

function tagsOf(p: { hashtags: string[]; caption: string }): { key: string; tag: string; kind: 'hashtag' | 'topic' }[] {
  const tags = p.hashtags.length > 0 ? p.hashtags : hashtagsFrom(p.caption);
  return [
    ...tags.map((t) => ({ key: `#${t}`, tag: t, kind: 'hashtag' as const })),
    ...topicsFrom(p.caption).map((t) => ({ key: t, tag: t, kind: 'topic' as const })),
  ];
}

interface Candidate {
  key: string;
  tag: string;
  kind: 'hashtag' | 'topic';
  members: Set<number>;
}

export const trendingHashtags: InsightKind<typeof TrendingHashtagsData> = {
  type: 'trending_hashtags',
  dataSchema: TrendingHashtagsData,
  minimumEvidence: MIN_POSTS,
  async compute(ctx) {
    const posts = await scoredPosts(ctx);
    const base = { platform: null, sampleSize: posts.length, validUntil: validFor(ctx.now) };
    const empty = (reason: string, compared: number) => ({ ...base, confidence: 0, data: { hashtags: [], tags_compared: compared, reason } as Data, summary: reason });
    if (posts.length < MIN_POSTS) {
      return [empty(`Not enough data: ${counted(posts.length, 'post')} with views at 7 days; at least ${MIN_POSTS} are needed to compare tags.`, 0)];
    }
    const candidates = new Map<string, Candidate>();
    posts.forEach((p, i) => {
      for (const t of tagsOf(p)) {
        const c = candidates.get(t.key) ?? { ...t, members: new Set<number>() };
        c.members.add(i);
        candidates.set(t.key, c);
      }
    });
    const tested = [...candidates.values()].filter((c) => c.members.size >= MIN_TAG_POSTS && c.members.size <= posts.length / 2);
    if (tested.length === 0) {
      return [empty(`Not enough data: no hashtag or caption word is on ${MIN_TAG_POSTS} or more of your ${posts.length} scored posts (and on at most half of them).`, 0)];
    }
    const alpha = FAMILY_ALPHA / tested.length;
    const found: { c: Candidate; cmp: Comparison }[] = [];
    for (const c of tested) {
      const inside: number[] = [];
      const outside: number[] = [];
      posts.forEach((p: ScoredPost, i) => (c.members.has(i) ? inside : outside).push(p.score));
      const cmp = compareGroups(inside, outside, alpha);
      if (cmp && cmp.lo > 0) found.push({ c, cmp });
    }
    if (found.length === 0) {
      return [empty(`No signal: none of the ${tested.length} tags with enough posts beats your usual views by more than chance would.`, tested.length)];
    }
    found.sort((a, b) => b.cmp.diff - a.cmp.diff || a.c.key.localeCompare(b.c.key));
    const rising = risingTags(await postTexts(ctx.db, ctx.userId), new Date(ctx.now.getTime() - RISING_DAYS * 86_400_000));
    const hashtags = found.slice(0, MAX_TAGS).map(({ c, cmp }) => ({
      tag: c.tag,
      kind: c.kind,
      posts: cmp.n,
      lift: liftOf(cmp.diff),
      interval: [liftOf(cmp.lo), liftOf(cmp.hi)],
      rising: rising.has(c.key),
    }));
    const top = found[0]!;
    const label = (h: (typeof hashtags)[number]) => (h.kind === 'hashtag' ? `#${h.tag}` : `"${h.tag}"`);
    return [
      {
        ...base,
        confidence: confidenceOf(top.cmp.t, top.cmp.n),
        data: { hashtags, tags_compared: tested.length, reason: null },
        summary: `Top tag: ${label(hashtags[0]!)}, ${hashtags[0]!.lift}× your usual views (${hashtags[0]!.interval[0]}–${hashtags[0]!.interval[1]}×, ${counted(hashtags[0]!.posts, 'post')})${hashtags[0]!.rising ? ', rising' : ''}.`,
      },
    ];
  },
};

/** Keys of tags used on a larger share of posts since `since` than before it, on 2+ recent posts. */
export function risingTags(texts: { published_at: Date; hashtags: string[]; caption: string }[], since: Date): Set<string> {
  let recent = 0;
  let before = 0;
  const counts = new Map<string, { recent: number; before: number }>();
  for (const t of texts) {
    const isRecent = t.published_at >= since;
    if (isRecent) recent += 1;
    else before += 1;
    for (const tag of tagsOf(t)) {
      const c = counts.get(tag.key) ?? { recent: 0, before: 0 };
      if (isRecent) c.recent += 1;
      else c.before += 1;
      counts.set(tag.key, c);
    }
  }
  const out = new Set<string>();
  if (recent === 0) return out;
  for (const [key, c] of counts) {
    if (c.recent >= 2 && c.recent / recent > (before === 0 ? 0 : c.before / before)) out.add(key);
  }
  return out;
}

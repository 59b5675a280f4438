/** Suggested pairs of posts that are likely one piece of content (/api/v1/content/suggestions). */
import { Type } from 'typebox';
import { DURATION_SLACK_SECONDS, MAX_HOURS_APART, MIN_DURATION_RATIO, MIN_SHARED_TERMS, MIN_SIMILARITY } from '../../../../analytics/content-match.js';
import { SUGGESTIONS_DEFAULT_LIMIT, SUGGESTIONS_MAX_LIMIT } from '../../../../query/views/content-library-suggestions.js';
import { Instant, Nullable, PlatformName } from './common.js';
import { Id } from './params.js';

const suggestedPost = (description: string) =>
  Type.Object(
    {
      post_id: Id('post', { description: 'The post' }),
      content_id: Id('content', { description: 'The item it belongs to now' }),
      platform: PlatformName,
      platform_post_id: Type.String({ description: 'The platform\'s own id of the post' }),
      url: Nullable(Type.String(), { description: 'Link to the post on the platform' }),
      title: Nullable(Type.String(), { description: 'Title, or the start of the caption' }),
      published_at: Instant,
      duration_seconds: Nullable(Type.Number(), { description: 'Duration of a video in seconds; null when unknown or not a video' }),
    },
    { description },
  );

export const Suggestion = Type.Object(
  {
    post_a: suggestedPost('One post of the pair'),
    post_b: suggestedPost('The other post'),
    evidence: Type.Object(
      {
        similarity: Type.Number({ minimum: 0, maximum: 1, description: `Jaccard similarity of the terms of title and caption (stop words and platform tags left out), rounded to 2 decimals; at least ${MIN_SIMILARITY}` }),
        shared_terms: Type.Array(Type.String(), { minItems: MIN_SHARED_TERMS, description: 'The terms both texts contain' }),
        hours_apart: Type.Number({ minimum: 0, maximum: MAX_HOURS_APART, description: `Hours between the two publications, at most ${MAX_HOURS_APART}` }),
        duration_a_seconds: Nullable(Type.Number(), { description: 'Duration of post_a in seconds; null when unknown' }),
        duration_b_seconds: Nullable(Type.Number(), { description: 'Duration of post_b in seconds; null when unknown' }),
        duration_ratio: Nullable(Type.Number({ minimum: 0, maximum: 1 }), {
          description: `Shorter / longer duration; null when a duration is unknown. When both are known, the ratio is at least ${MIN_DURATION_RATIO} or the durations differ by at most ${DURATION_SLACK_SECONDS} s`,
        }),
      },
      { description: 'Why the two posts look like the same content' },
    ),
    confidence: Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'Confidence 0–1: 0.6 × similarity + 0.25 × (1 − hours_apart / 72) + 0.15 × duration_ratio (0.5 when unknown), rounded to 2 decimals',
    }),
  },
  { description: 'Two posts on different platforms, in different items, that are likely the same content' },
);

export const SuggestionsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SUGGESTIONS_MAX_LIMIT, default: SUGGESTIONS_DEFAULT_LIMIT, description: 'Suggestions per page' })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page' })),
});

export const SuggestionsPage = Type.Object({
  items: Type.Array(Suggestion, { description: 'Most confident first; pairs you dismissed never appear' }),
  next_cursor: Nullable(Type.String(), { description: 'Pass as `cursor` for the next page; null on the last page' }),
});

export const SuggestionPairBody = Type.Object(
  {
    post_a: Id('post', { description: 'One of your posts (post_a.post_id of the suggestion)' }),
    post_b: Id('post', { description: 'Another of your posts (post_b.post_id of the suggestion); the order does not matter' }),
  },
  { additionalProperties: false },
);

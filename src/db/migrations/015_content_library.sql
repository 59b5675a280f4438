-- The content library (issue 11, item 2): posts are grouped into content items
-- by the user (link, unlink, merge) or by accepting a suggestion. The grouping
-- lives in platform_posts.content_id (001); this table only remembers the
-- suggested pairs a user dismissed, so a dismissed pair is never suggested again.
-- A pair is stored once, lower post id first.
CREATE TABLE content_suggestion_dismissals (
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  post_a       bigint NOT NULL REFERENCES platform_posts (id) ON DELETE CASCADE,
  post_b       bigint NOT NULL REFERENCES platform_posts (id) ON DELETE CASCADE,
  dismissed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, post_a, post_b),
  CHECK (post_a < post_b)
);

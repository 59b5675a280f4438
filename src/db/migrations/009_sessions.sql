-- Sign-out and revocation of login tokens (issue 10).
-- A token carries its id (jti) and the user's session epoch at issue time.
-- "Sign out everywhere" bumps the epoch: every older token is refused at once,
-- whatever its expiry. Signing out one token records its id until it expires.

ALTER TABLE users ADD COLUMN session_epoch integer NOT NULL DEFAULT 0;

CREATE TABLE revoked_tokens (
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_id   text NOT NULL,
  -- The token's own expiry: after it the row means nothing and is pruned.
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, token_id)
);

-- Live updates (issue 9): single-use tickets that open a WebSocket.
-- A browser cannot put an Authorization header on a WebSocket and a bearer
-- token must never be in a URL, so the page trades its token for a ticket
-- (POST /api/v1/live/ticket) and opens /api/v1/live?ticket=… with it.
-- In the database, not in process memory, so a ticket made by one API
-- instance opens a socket on another. Only a hash is stored: a read of this
-- table opens nothing.

CREATE TABLE live_tickets (
  ticket_hash text PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL,
  -- Set when the ticket opened a socket: a second use is told "already used".
  used_at     timestamptz
);

CREATE INDEX live_tickets_expires_at ON live_tickets (expires_at);

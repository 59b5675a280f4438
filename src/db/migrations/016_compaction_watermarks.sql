-- How far each user's raw snapshots have been compacted (src/db/repositories/compaction.ts):
-- a run reads only from two days before this instant, so a periodic run over
-- compacted history costs what the new days cost, not what all history does.
CREATE TABLE compaction_watermarks (
  user_id          bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  compacted_before timestamptz NOT NULL
);

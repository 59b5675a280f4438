-- Followers on days before an account's first follower snapshot, walked back
-- from that snapshot with the platform's own daily gains and losses (YouTube
-- subscribersGained/Lost). Such a day counts as having a follower value of its
-- own (followers_observed), and says that the value is reconstructed.
-- Existing rows stay false until the account's next full sync re-reads its
-- daily history, which rebuilds them.
ALTER TABLE user_metrics ADD COLUMN followers_reconstructed boolean NOT NULL DEFAULT false;

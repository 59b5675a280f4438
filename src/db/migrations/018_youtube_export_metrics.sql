-- Dislikes (YouTube Analytics `dislikes`, Studio's "Dislikes") and impression
-- clicks (the numerator of Studio's impressions click-through rate) join the
-- post counters of the metric catalog (analytics/catalog.ts POST_COUNTERS).
-- The rollups hold one column per counter; null where a platform does not
-- report it, as for the other counters.
ALTER TABLE post_daily ADD COLUMN dislikes double precision;
ALTER TABLE post_daily ADD COLUMN impression_clicks double precision;
ALTER TABLE user_metrics ADD COLUMN dislikes double precision;
ALTER TABLE user_metrics ADD COLUMN impression_clicks double precision;
ALTER TABLE content_performance ADD COLUMN dislikes double precision;
ALTER TABLE content_performance ADD COLUMN impression_clicks double precision;

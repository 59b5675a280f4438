/** Points of the series in analytics answers: daily trend (aggregate.ts) and bucketed growth (views/growth.ts). */
import { Type } from 'typebox';
import { Day, Nullable } from './common.js';
import { count, metric } from './metric.js';

export const TrendPoint = Type.Object(
  {
    date: Day,
    views: metric('views', 'Activity on the day'),
    engagement: metric('engagement', 'Activity on the day'),
    followers: metric('followers', 'At the end of the day, carried forward over days without a count'),
  },
  { description: 'One day of the window' },
);

const bucketDate = Type.String({ format: 'date', description: 'First day of the bucket (day, Monday of the ISO week, or first of the month), YYYY-MM-DD' });

export const ComparePoint = Type.Object(
  {
    date: bucketDate,
    views: metric('views', 'Activity in the bucket'),
    engagement: metric('engagement', 'Activity in the bucket'),
    followers: metric('followers', 'At the end of the bucket'),
  },
  { description: 'One bucket of the series' },
);

export const GrowthPoint = Type.Object(
  {
    date: bucketDate,
    followers: metric('followers', 'At the end of the bucket'),
    follower_change: Nullable(Type.Number(), { description: 'Followers at the end of the bucket minus at the end of the previous one; null when either is unknown' }),
    posts: count('posts', 'In the bucket'),
    views: metric('views', 'Activity in the bucket'),
    engagement: metric('engagement', 'Activity in the bucket'),
    engagement_rate: metric('engagement_rate', 'Of the activity in the bucket'),
  },
  { description: 'One bucket of the growth series' },
);

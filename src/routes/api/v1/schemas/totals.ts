/**
 * Activity in the period with follower figures (query/aggregate.ts totalsOf):
 * the totals of the dashboard, of each platform, of the platform view.
 */
import { Type } from 'typebox';
import { PlatformName } from './common.js';
import { activityFields, count, metric } from './metric.js';

const Contributors = (what: string) => Type.Array(PlatformName, { description: `Platforms ${what}` });

export const ContributorsOf = Type.Object(
  {
    views: Contributors('that reported views in the window'),
    likes: Contributors('that reported likes in the window'),
    shares: Contributors('that reported shares in the window'),
    comments: Contributors('that reported comments in the window'),
    saves: Contributors('that reported saves in the window'),
    clicks: Contributors('that reported clicks in the window'),
    followers: Contributors('with a follower count'),
    follower_growth: Contributors('whose follower growth is known (two observations)'),
    follower_growth_rate: Contributors('whose follower growth rate is known'),
  },
  { description: 'Which platforms each total is made of' },
);

/** The fields of Totals, for objects that spread them beside others (dashboard platforms). */
export const totalsFields = () => ({
  ...activityFields(),
  engagement: metric('engagement'),
  engagement_rate: metric('engagement_rate'),
  followers: metric('followers'),
  follower_growth: metric('follower_growth'),
  follower_growth_rate: metric('follower_growth_rate'),
  followers_estimated: Type.Boolean({
    description: 'True when a follower figure of the growth is walked back from the first snapshot with the platform\'s daily gains and losses',
  }),
  posts: count('posts', 'In the window'),
  contributors: ContributorsOf,
  estimated: Type.Boolean({ description: 'True when part of the activity is a first-seen lifetime value put on the publish day' }),
});

export const Totals = Type.Object(totalsFields(), { description: 'Activity in the period (sum of daily changes) and followers' });

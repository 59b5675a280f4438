/** ROI figures: per group and currency in /analytics/roi, per platform and currency in /analytics/compare. */
import { Type } from 'typebox';
import { ROI_GROUPS } from '../../../../query/views/roi.js';
import { Nullable } from './common.js';
import { periodQueryFields } from './analytics-query.js';
import { metric } from './metric.js';
import { Range } from './range.js';

const money = (what: string) => Type.String({ description: `${what}: decimal string (at least 2 places), exact, in this row's currency` });
const perViews = (what: string) => Nullable(Type.Number(), { description: `${what} per 1,000 views, in currency units; null when views are 0 or unknown` });

export const RoiFigures = Type.Object({
  currency: Type.String({ description: 'ISO 4217 code; amounts of different currencies are never added or converted' }),
  cost: money('Costs recorded in the ledger'),
  revenue: money('Revenue: ledger revenue + platform-reported revenue'),
  profit: money('revenue − cost'),
  roi: Nullable(Type.Number(), { description: '(revenue − cost) / cost, as a ratio (0.25 = 25 %); null when cost is 0' }),
  revenue_sources: Type.Object(
    {
      ledger: money('Revenue recorded in the ledger'),
      platform: Nullable(Type.String(), { description: 'Revenue the platform reported itself (YouTube estimatedRevenue), decimal string; null when no platform reported any (absent, not 0)' }),
    },
    { description: 'Where revenue comes from' },
  ),
  views: metric('views', 'Activity in the period of this group; null when the group has no views of its own (e.g. entries without a platform)'),
  engagement: metric('engagement', 'Activity in the period of this group'),
  cost_per_1000_views: perViews('Cost'),
  cost_per_engagement: Nullable(Type.Number(), { description: 'Cost per engagement, in currency units; null when engagement is 0 or unknown' }),
  revenue_per_1000_views: perViews('Revenue'),
});

export const RoiRow = Type.Object({
  group: Nullable(Type.String(), {
    description: 'platform: its name; content: the content id; campaign: the tag; month: YYYY-MM. null: entries without one (and, for content and campaign, platform revenue, which is the channel\'s)',
  }),
  ...RoiFigures.properties,
});

export const RoiQuery = Type.Object({
  ...periodQueryFields(),
  group_by: Type.Optional(Type.Enum(ROI_GROUPS, { default: 'platform', description: 'One row per platform, content item, campaign or month (and per currency)' })),
});

export const RoiResponse = Type.Object({
  range: Range,
  group_by: Type.Enum(ROI_GROUPS),
  rows: Type.Array(RoiRow, { description: 'Groups in order (null last), then currencies; empty without ledger entries or platform revenue in the period' }),
});

/** Headline numbers of a period, each with its change against the previous period of the same length when the API gives it. */
import { formatChange, formatInt, formatPercentValue } from '../lib/format.js';

export interface Kpi {
  label: string;
  value: string;
  /** Relative change against the previous period (0.12 = +12 %), null when unknown. */
  change?: number | null;
  /** Shown under the value, e.g. "vs 1,234". */
  previous?: string;
}

export function KpiList({ items }: { items: readonly Kpi[] }) {
  return (
    <ul class="kpis">
      {items.map((kpi) => (
        <li class="kpi" key={kpi.label}>
          <div class="kpi-label">{kpi.label}</div>
          <div class="kpi-value">{kpi.value}</div>
          {kpi.change !== undefined && (
            <div class={`kpi-change${kpi.change === null ? '' : kpi.change > 0 ? ' change-up' : kpi.change < 0 ? ' change-down' : ''}`}>
              {formatChange(kpi.change)}
              {kpi.previous !== undefined && <span class="note"> vs {kpi.previous}</span>}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

interface Headline {
  totals: {
    views: number | null;
    engagement: number | null;
    engagement_rate: number | null;
    followers: number | null;
    follower_growth_rate: number | null;
    posts: number;
  };
}

export function Kpis({ data }: { data: Headline }) {
  const t = data.totals;
  return (
    <KpiList
      items={[
        { label: 'Views', value: formatInt(t.views) },
        { label: 'Engagement', value: formatInt(t.engagement) },
        { label: 'Engagement rate', value: formatPercentValue(t.engagement_rate) },
        { label: 'Followers', value: formatInt(t.followers) },
        { label: 'Follower growth', value: formatPercentValue(t.follower_growth_rate) },
        { label: 'Posts', value: formatInt(t.posts) },
      ]}
    />
  );
}


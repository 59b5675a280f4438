/** Headline numbers of a period, each with its change against the previous period of the same length when the API gives it. */
import { formatChange, formatDecimal, formatInt, formatPercentValue } from '../lib/format.js';

export interface Kpi {
  label: string;
  value: string;
  /** Relative change against the previous period (0.12 = +12 %), null when unknown. */
  change?: number | null;
  /** How the change is written when it is not a percentage (e.g. "+0.4 pt"). */
  changeText?: string;
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
              <span class="visually-hidden">Change against the previous period: </span>
              {kpi.change === null ? 'no comparison' : (kpi.changeText ?? formatChange(kpi.change))}
              {kpi.previous !== undefined && kpi.change !== null && <span class="note"> vs {kpi.previous}</span>}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** A figure against the previous period, as the API gives it (query/change.ts). */
interface Change {
  previous: number | null;
  change: number | null;
  change_pct: number | null;
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
  performance_score: number | null;
  comparison: { changes: Record<'views' | 'engagement' | 'engagement_rate' | 'followers' | 'follower_growth_rate' | 'posts' | 'performance_score', Change> };
}

/** Counts change by a percentage of the previous figure; rates and scores by points. */
function countKpi(label: string, value: number | null, c: Change): Kpi {
  return { label, value: formatInt(value), change: c.change_pct === null ? null : c.change_pct / 100, previous: formatInt(c.previous) };
}

function pointsKpi(label: string, value: string, c: Change, unit: string, format: (n: number | null) => string): Kpi {
  return { label, value, change: c.change, changeText: c.change === null ? undefined : `${c.change > 0 ? '+' : ''}${formatDecimal(c.change)} ${unit}`, previous: format(c.previous) };
}

export function Kpis({ data }: { data: Headline }) {
  const t = data.totals;
  const c = data.comparison.changes;
  return (
    <KpiList
      items={[
        countKpi('Views', t.views, c.views),
        countKpi('Engagement', t.engagement, c.engagement),
        pointsKpi('Engagement rate', formatPercentValue(t.engagement_rate), c.engagement_rate, 'pt', formatPercentValue),
        countKpi('Followers', t.followers, c.followers),
        pointsKpi('Follower growth', formatPercentValue(t.follower_growth_rate), c.follower_growth_rate, 'pt', formatPercentValue),
        countKpi('Posts', t.posts, c.posts),
        pointsKpi('Performance score', formatDecimal(data.performance_score), c.performance_score, 'points', formatDecimal),
      ]}
    />
  );
}

/**
 * Platforms side by side: totals, per post and by rate, the leader of each
 * metric marked (the API names the leaders), and each metric over time per
 * platform. Bucket size (day, week, month) lives in the URL as `granularity=`.
 */
import { useEffect, useMemo } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { EChartsOption } from 'echarts';
import { buildBarComparisonOption, buildTimeSeriesLineOption } from '../../../src/charts/index.js';
import { api } from '../api/client.js';
import type { paths } from '../api/schema.js';
import { Chart } from '../components/Chart.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { formatDay, formatDecimal, formatInt, formatPercentValue, platformLabel } from '../lib/format.js';
import { hrefWithState, onLinkClick, setQuery, useLocation } from '../lib/router.js';
import { reportUsage } from '../lib/usage.js';
import { touchesData, useApi } from '../lib/use-api.js';
import { useViewState } from '../lib/view-state.js';
import type { ViewProps } from './view-props.js';

type Granularity = NonNullable<NonNullable<paths['/api/v1/analytics/compare']['get']['parameters']['query']>['granularity']>;
type CompareData = NonNullable<Awaited<ReturnType<typeof loadCompare>>['data']>;
type PlatformRow = CompareData['platforms'][number];
type LeaderKey = keyof CompareData['leaders'];

const GRANULARITIES: Record<Granularity, string> = { day: 'Day', week: 'Week', month: 'Month' };

function loadCompare(query: ReturnType<typeof useViewState>['query'], granularity: Granularity) {
  return api.GET('/api/v1/analytics/compare', { params: { query: { ...query, granularity } } });
}

interface Row {
  label: string;
  value: (p: PlatformRow) => number | null;
  format: (n: number | null) => string;
  /** The API's leader of this metric, when it names one. */
  leader?: LeaderKey;
}

const TOTAL_ROWS: readonly Row[] = [
  { label: 'Views', value: (p) => p.totals.views, format: formatInt, leader: 'views' },
  { label: 'Engagement', value: (p) => p.totals.engagement, format: formatInt, leader: 'engagement' },
  { label: 'Followers', value: (p) => p.totals.followers, format: formatInt },
  { label: 'Follower change', value: (p) => p.totals.follower_growth, format: formatInt },
  { label: 'Posts', value: (p) => p.totals.posts, format: formatInt },
];

const PER_POST_ROWS: readonly Row[] = [
  { label: 'Views per post', value: (p) => p.per_post.avg_views_per_post, format: formatDecimal, leader: 'avg_views_per_post' },
  { label: 'Engagement per post', value: (p) => p.per_post.avg_engagement_per_post, format: formatDecimal, leader: 'avg_engagement_per_post' },
  { label: 'Engagement rate of posts', value: (p) => p.per_post.avg_engagement_rate, format: formatPercentValue },
];

const RATE_ROWS: readonly Row[] = [
  { label: 'Engagement rate', value: (p) => p.engagement_rate, format: formatPercentValue, leader: 'engagement_rate' },
  { label: 'Follower growth rate', value: (p) => p.follower_growth_rate, format: formatPercentValue, leader: 'follower_growth_rate' },
];

export default function Compare(_props: ViewProps) {
  const view = useViewState();
  const { query } = useLocation();
  useEffect(() => reportUsage({ event: 'view_opened', detail: 'compare' }), []);
  const asked = query.get('granularity');
  const granularity: Granularity = asked === 'week' || asked === 'month' ? asked : 'day';
  const loaded = useApi(() => loadCompare(view.query, granularity), [view.key, granularity], {
    refetchOn: (e) => touchesData(e, view.platforms, view.range.api) || e.type === 'sync.status',
  });

  return (
    <div data-testid="compare">
      <h1>Compare platforms</h1>
      {loaded.status === 'error' ? (
        <ErrorState message={loaded.message} onRetry={loaded.reload} />
      ) : !loaded.data ? (
        <Loading what="the comparison" />
      ) : loaded.data.platforms.length === 0 ? (
        <Empty title="No platform to compare">
          <p>
            Connect accounts on the{' '}
            <a href={hrefWithState('/accounts')} onClick={onLinkClick}>
              Accounts
            </a>{' '}
            page, or include more platforms in the filter above.
          </p>
        </Empty>
      ) : (
        <CompareBody data={loaded.data} granularity={granularity} />
      )}
    </div>
  );
}

function CompareBody({ data, granularity }: { data: CompareData; granularity: Granularity }) {
  const charts = useMemo(() => chartsOf(data), [data]);
  return (
    <>
      <p class="note">
        {formatDay(data.range.from)} – {formatDay(data.range.to)}. The leader of each metric is marked <span class="leader-mark">★ leader</span>.
        {data.platforms.length === 1 && ' Only one platform has a connected account in this selection.'}
      </p>
      <section class="section card" aria-labelledby="side-by-side">
        <h2 id="side-by-side">Side by side</h2>
        <div class="table-scroll">
          <table class="compare-table cards">
            <caption class="visually-hidden">Each platform's figures for the period; the leader of a metric is marked</caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                {data.platforms.map((p) => (
                  <th scope="col" class="num" key={p.platform}>
                    {platformLabel(p.platform)}
                  </th>
                ))}
              </tr>
            </thead>
            <RowGroup title="Totals" rows={TOTAL_ROWS} data={data} />
            <RowGroup title="Per post (lifetime numbers of the posts published in the period)" rows={PER_POST_ROWS} data={data} />
            <RowGroup title="By rate" rows={RATE_ROWS} data={data} />
          </table>
        </div>
        {data.platforms.some((p) => p.totals.estimated || p.totals.followers_estimated) && (
          <p class="note">Some figures are estimated (activity first seen as a lifetime total is put on the publish day; followers walked back from the first snapshot).</p>
        )}
      </section>
      <div class="grid-2">
        <ChartCard id="cmp-totals" title="Views and engagement">
          <Chart option={charts.totals} label="Views and engagement per platform" table={charts.totalsTable} />
        </ChartCard>
        <ChartCard id="cmp-per-post" title="Per post">
          <Chart option={charts.perPost} label="Average views and engagement per post, per platform" table={charts.perPostTable} />
        </ChartCard>
        <ChartCard id="cmp-engagement-rate" title="Engagement rate">
          <Chart option={charts.engagementRate} label="Engagement rate per platform" table={charts.ratesTable} />
        </ChartCard>
        <ChartCard id="cmp-growth-rate" title="Follower growth rate">
          <Chart option={charts.growthRate} label="Follower growth rate per platform" table={charts.ratesTable} />
        </ChartCard>
      </div>
      <ChartCard
        id="cmp-series"
        title={`Views per ${GRANULARITIES[granularity].toLowerCase()}`}
        controls={
          <div class="inline-field">
            <label class="field-label" for="cmp-granularity">
              Per
            </label>
            <select id="cmp-granularity" value={granularity} onChange={(e) => setQuery({ granularity: e.currentTarget.value === 'day' ? null : e.currentTarget.value })}>
              {Object.entries(GRANULARITIES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        }
      >
        <Chart option={charts.series} label={`Views per ${granularity} on each platform`} table={charts.seriesTable} />
      </ChartCard>
    </>
  );
}

function ChartCard({ id, title, controls, children }: { id: string; title: string; controls?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class="section card" aria-labelledby={id}>
      <div class="card-head">
        <h2 id={id}>{title}</h2>
        {controls}
      </div>
      {children}
    </section>
  );
}

function RowGroup({ title, rows, data }: { title: string; rows: readonly Row[]; data: CompareData }) {
  return (
    <tbody>
      <tr class="group-row">
        <th scope="rowgroup" colSpan={data.platforms.length + 1}>
          {title}
        </th>
      </tr>
      {rows.map((row) => {
        const leader = row.leader ? data.leaders[row.leader] : null;
        return (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            {data.platforms.map((p) => {
              const leads = leader === p.platform && data.platforms.length > 1;
              return (
                <td class={`num${leads ? ' leader' : ''}`} key={p.platform} data-label={platformLabel(p.platform)}>
                  {row.format(row.value(p))}
                  {leads && <span class="leader-mark"> ★<span class="visually-hidden"> leader</span></span>}
                </td>
              );
            })}
          </tr>
        );
      })}
    </tbody>
  );
}

/** Four platform names fit under the bars even on a phone; ECharts would otherwise drop every other one. */
function everyCategoryLabel(option: EChartsOption): EChartsOption {
  const xAxis = option.xAxis;
  if (!xAxis || Array.isArray(xAxis)) return option;
  return { ...option, xAxis: { ...xAxis, axisLabel: { ...(xAxis as { axisLabel?: object }).axisLabel, interval: 0 } } as typeof xAxis };
}

function chartsOf(data: CompareData) {
  const names = data.platforms.map((p) => platformLabel(p.platform));
  const table = (rows: readonly Row[]) => ({
    columns: ['Platform', ...rows.map((r) => r.label)],
    rows: data.platforms.map((p, i) => [names[i]!, ...rows.map((r) => r.format(r.value(p)))]),
  });
  const dates = [...new Set(data.platforms.flatMap((p) => p.series.map((s) => s.date)))].sort();
  const byDate = data.platforms.map((p) => new Map(p.series.map((s) => [s.date, s.views])));
  return {
    totals: everyCategoryLabel(buildBarComparisonOption({
      categories: names,
      series: [
        { name: 'Views', values: data.platforms.map((p) => p.totals.views) },
        { name: 'Engagement', values: data.platforms.map((p) => p.totals.engagement) },
      ],
    })),
    totalsTable: table(TOTAL_ROWS),
    perPost: everyCategoryLabel(buildBarComparisonOption({
      categories: names,
      series: [
        { name: 'Views per post', values: data.platforms.map((p) => p.per_post.avg_views_per_post) },
        { name: 'Engagement per post', values: data.platforms.map((p) => p.per_post.avg_engagement_per_post) },
      ],
    })),
    perPostTable: table(PER_POST_ROWS),
    // Two charts, not one: a follower growth rate of hundreds of percent would flatten the engagement rates.
    engagementRate: everyCategoryLabel(
      buildBarComparisonOption({ categories: names, valueType: 'percent', series: [{ name: 'Engagement rate', values: data.platforms.map((p) => p.engagement_rate) }] }),
    ),
    growthRate: everyCategoryLabel(
      buildBarComparisonOption({ categories: names, valueType: 'percent', series: [{ name: 'Follower growth rate', values: data.platforms.map((p) => p.follower_growth_rate) }] }),
    ),
    ratesTable: table(RATE_ROWS),
    series: buildTimeSeriesLineOption({
      dates,
      series: data.platforms.map((p, i) => ({ name: names[i]!, values: dates.map((d) => byDate[i]!.get(d) ?? null) })),
    }),
    seriesTable: {
      columns: ['Period from', ...names],
      rows: dates.map((d) => [formatDay(d), ...byDate.map((m) => formatInt(m.get(d) ?? null))]),
    },
  };
}

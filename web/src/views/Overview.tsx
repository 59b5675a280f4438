/**
 * Overview: every platform in one place — headline numbers with their change
 * against the previous period (computed by the API), the daily trend, the
 * platforms compared, top content and audience growth.
 */
import { useEffect, useMemo } from 'preact/hooks';
import { buildBarComparisonOption, buildTimeSeriesLineOption } from '../../../src/charts/index.js';
import { Chart } from '../components/Chart.js';
import { ContentTable } from '../components/ContentTable.js';
import { Kpis } from '../components/Kpis.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { formatDay, formatInt, formatPercentValue, platformLabel } from '../lib/format.js';
import { hrefWithState, onLinkClick } from '../lib/router.js';
import { reportUsage } from '../lib/usage.js';
import type { LiveEvent } from '../lib/live.js';
import { touchesData, useApi } from '../lib/use-api.js';
import { useViewState } from '../lib/view-state.js';
import type { ViewProps } from './view-props.js';
import { loadDashboard, loadGrowth, overviewEarlyKeys, type Dashboard, type Growth } from './overview-data.js';
import { QuickInsights } from './analysis/QuickInsights.js';

export default function Overview(_props: ViewProps) {
  const view = useViewState();
  useEffect(() => reportUsage({ event: 'view_opened', detail: 'overview' }), []);
  const refetchOn = (e: LiveEvent) => touchesData(e, view.platforms, view.range.api);
  const early = overviewEarlyKeys(view);
  const dashboard = useApi(() => loadDashboard(view.query), [view.key], { refetchOn, earlyKey: early.dashboard });
  const growth = useApi(() => loadGrowth(view.query), [view.key], { refetchOn, earlyKey: early.growth });

  if (dashboard.status === 'error') return <ErrorState message={dashboard.message} onRetry={dashboard.reload} />;
  if (!dashboard.data) return <Loading what="your overview" />;
  return <OverviewBody data={dashboard.data} growth={growth.data} />;
}

function OverviewBody({ data, growth }: { data: Dashboard; growth: Growth | null }) {
  const charts = useMemo(() => chartsOf(data), [data]);
  const audience = useMemo(() => (growth ? audienceChart(growth) : null), [growth]);
  if (data.platforms.length === 0)
    return (
      <Empty title="No platform connected yet">
        <p>
          Connect YouTube, TikTok, Instagram or X on the{' '}
          <a href={hrefWithState('/accounts')} onClick={onLinkClick}>
            Accounts
          </a>{' '}
          page; the first sync fills this page.
        </p>
      </Empty>
    );
  return (
    <div data-testid="overview">
      <h1 class="visually-hidden">Overview</h1>
      <section class="section" aria-labelledby="headline-title">
        <h2 id="headline-title">
          {formatDay(data.range.from)} – {formatDay(data.range.to)}
        </h2>
        <Kpis data={data} />
      </section>
      <QuickInsights items={data.quick_insights} />
      <div class="grid-2">
        <section class="section card" aria-labelledby="trend-title">
          <h2 id="trend-title">Engagement per day</h2>
          <Chart option={charts.engagement} label="Engagement per day" table={charts.trendTable} />
        </section>
        <section class="section card" aria-labelledby="views-title">
          <h2 id="views-title">Views per day</h2>
          <Chart option={charts.views} label="Views per day" table={charts.viewsTable} />
        </section>
        <section class="section card" aria-labelledby="compare-title">
          <h2 id="compare-title">Platforms compared</h2>
          <Chart option={charts.platforms} label="Views and engagement per platform" table={charts.platformTable} />
        </section>
        <section class="section card" aria-labelledby="growth-title">
          <h2 id="growth-title">Audience growth</h2>
          {audience && !audience.drawable ? (
            <p class="note">Follower history starts at each platform's first count: only one day is known so far, so there is no line to draw yet. Followers now: {formatInt(data.totals.followers)}.</p>
          ) : audience ? (
            <>
              <Chart option={audience.option} label="Followers per platform at the end of each day" table={audience.table} />
              <p class="note">A platform's line starts at its first follower count: only YouTube reports its history; the others from their first sync.</p>
            </>
          ) : (
            <Loading what="audience growth" />
          )}
        </section>
      </div>
      <section class="section card" aria-labelledby="top-title">
        <h2 id="top-title">Top content</h2>
        {data.top_content.length === 0 ? <p class="note">Nothing was published in this period.</p> : <ContentTable items={data.top_content} />}
      </section>
    </div>
  );
}

/** Followers per platform per day (the growth endpoint), one line each; days without a count are gaps. */
function audienceChart(growth: Growth) {
  const dates = growth.platforms[0]?.series.map((p) => p.date) ?? [];
  const series = growth.platforms.map((p) => ({ name: platformLabel(p.platform), values: p.series.map((point) => point.followers) }));
  return {
    // A line needs two known days on some platform; one dot at the edge reads as an empty chart.
    drawable: series.some((line) => line.values.filter((v) => v !== null).length >= 2),
    option: buildTimeSeriesLineOption({ dates, series }),
    table: {
      columns: ['Platform', 'Followers at start', 'Followers at end', 'Growth', 'Growth rate'],
      rows: growth.platforms.map((p) => [platformLabel(p.platform), formatInt(p.followers_start), formatInt(p.followers_end), formatInt(p.follower_growth), formatPercentValue(p.follower_growth_rate)]),
    },
  };
}

function chartsOf(data: Dashboard) {
  const dates = data.trend.map((p) => p.date);
  const platforms = data.platforms.map((p) => platformLabel(p.platform));
  return {
    engagement: buildTimeSeriesLineOption({ dates, series: [{ name: 'Engagement', values: data.trend.map((p) => p.engagement) }] }),
    views: buildTimeSeriesLineOption({ dates, series: [{ name: 'Views', values: data.trend.map((p) => p.views) }] }),
    platforms: buildBarComparisonOption({
      categories: platforms,
      series: [
        { name: 'Views', values: data.platforms.map((p) => p.views) },
        { name: 'Engagement', values: data.platforms.map((p) => p.engagement) },
      ],
    }),
    trendTable: {
      columns: ['Day', 'Engagement'],
      rows: data.trend.map((p) => [formatDay(p.date), formatInt(p.engagement)]),
    },
    viewsTable: {
      columns: ['Day', 'Views'],
      rows: data.trend.map((p) => [formatDay(p.date), formatInt(p.views)]),
    },
    platformTable: {
      columns: ['Platform', 'Views', 'Engagement', 'Engagement rate', 'Followers'],
      rows: data.platforms.map((p) => [platformLabel(p.platform), formatInt(p.views), formatInt(p.engagement), formatPercentValue(p.engagement_rate), formatInt(p.followers)]),
    },
  };
}


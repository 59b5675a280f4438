/**
 * One platform in depth: its headline numbers, the metrics only it reports
 * (watch time, reach, link clicks … shown only where the platform reports
 * them), its daily trend and its content ranked by performance score.
 *
 * The posting-time heatmap appears when the best-time insight exists for
 * this platform (components/BestTimeHeatmap.tsx).
 */
import { useEffect, useMemo } from 'preact/hooks';
import { buildTimeSeriesLineOption, PLATFORM_COLORS } from '../../../src/charts/index.js';
import { api } from '../api/client.js';
import { BestTimeHeatmap } from '../components/BestTimeHeatmap.js';
import { Chart, type ChartTable } from '../components/Chart.js';
import { ContentTable } from '../components/ContentTable.js';
import { KpiList, type Kpi } from '../components/Kpis.js';
import { PLATFORMS } from '../components/PlatformFilter.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { formatDay, formatDecimal, formatInstant, formatInt, formatPercentValue, platformLabel } from '../lib/format.js';
import { hrefWithState, navigate, onLinkClick } from '../lib/router.js';
import { reportUsage } from '../lib/usage.js';
import { touchesData, useApi } from '../lib/use-api.js';
import { useViewState } from '../lib/view-state.js';
import type { ViewProps } from './view-props.js';

type PlatformName = (typeof PLATFORMS)[number];
type PlatformData = NonNullable<Awaited<ReturnType<typeof loadPlatform>>['data']>;

function isPlatform(value: string | undefined): value is PlatformName {
  return (PLATFORMS as readonly string[]).includes(value ?? '');
}

/** The shell's platform filter does not apply here: this page is about one platform. */
function loadPlatform(platform: PlatformName, query: ReturnType<typeof useViewState>['query']) {
  const period = { tz: query.tz, ...(query.range ? { range: query.range } : { from: query.from, to: query.to }) };
  return api.GET('/api/v1/analytics/platform/{platform}', { params: { path: { platform }, query: period } });
}

/**
 * The platform an address names, in any letter case; the product calls
 * Twitter by its new name, X, so that name leads to the same page.
 */
function platformNamed(name: string | undefined): PlatformName | null {
  const lower = (name ?? '').toLowerCase();
  if (lower === 'x') return 'twitter';
  return isPlatform(lower) ? lower : null;
}

export default function Platform({ params }: ViewProps) {
  const platform = params['platform'];
  const named = platformNamed(platform);
  useEffect(() => reportUsage({ event: 'view_opened', detail: 'platform' }), []);
  useEffect(() => {
    // Another name of a platform: its page's own address, with the range kept.
    if (named && named !== platform) navigate(`/platform/${named}${location.search}`, { replace: true });
  }, [named, platform]);
  if (!named)
    return <ErrorState message={`Pulseboard does not know a platform called “${platform ?? ''}”. Pick YouTube, TikTok, Instagram or X in the menu.`} />;
  if (named !== platform) return <Loading what={`your ${platformLabel(named)} figures`} />;
  return <PlatformPage platform={named} />;
}

function PlatformPage({ platform }: { platform: PlatformName }) {
  const view = useViewState();
  const { range } = view;
  const loaded = useApi(() => loadPlatform(platform, view.query), [platform, view.key], {
    refetchOn: (e) => touchesData(e, platform, range.api) || e.type === 'sync.status',
  });
  const label = platformLabel(platform);

  return (
    <div data-testid="platform-view">
      <h1>{label}</h1>
      {loaded.status === 'error' ? (
        <ErrorState message={loaded.message} onRetry={loaded.reload} />
      ) : !loaded.data ? (
        <Loading what={`your ${label} figures`} />
      ) : (
        <PlatformBody data={loaded.data} />
      )}
    </div>
  );
}

function PlatformBody({ data }: { data: PlatformData }) {
  const label = platformLabel(data.platform);
  const trend = useMemo(() => trendChart(data), [data]);
  if (data.connected_accounts.length === 0)
    return (
      <Empty title={`No ${label} account connected`}>
        <p>
          Connect one on the{' '}
          <a href={hrefWithState('/accounts')} onClick={onLinkClick}>
            Accounts
          </a>{' '}
          page; its first sync fills this page.
        </p>
      </Empty>
    );
  const own = ownMetrics(data);
  const allContent = contentListHref(data.platform);
  return (
    <>
      <p class="note">
        {formatDay(data.range.from)} – {formatDay(data.range.to)} ·{' '}
        {data.connected_accounts.map((a) => `${a.handle ?? `account ${a.id}`} (${a.last_synced_at ? `last synced ${formatInstant(a.last_synced_at)}` : 'no complete sync yet'})`).join(', ')}
      </p>
      <section class="section" aria-labelledby="platform-headline">
        <h2 id="platform-headline">Headline numbers</h2>
        <KpiList
          items={[
            { label: 'Views', value: formatInt(data.totals.views) },
            { label: 'Engagement', value: formatInt(data.totals.engagement) },
            { label: 'Engagement rate', value: formatPercentValue(data.totals.engagement_rate) },
            { label: 'Followers', value: formatInt(data.totals.followers) },
            { label: 'Follower growth', value: formatPercentValue(data.totals.follower_growth_rate) },
            { label: 'Posts', value: formatInt(data.totals.posts) },
          ]}
        />
        {(data.totals.estimated || data.totals.followers_estimated) && (
          <p class="note">Some figures are estimated: activity first seen as a lifetime total is put on the publish day, or followers are walked back from the first snapshot.</p>
        )}
      </section>
      {own.length > 0 && (
        <section class="section" aria-labelledby="platform-own">
          <h2 id="platform-own">More {label} figures</h2>
          <KpiList items={own} />
        </section>
      )}
      {data.trend.length > 0 && (
        <div class="grid-2">
          <section class="section card" aria-labelledby="platform-views">
            <h2 id="platform-views">Views per day</h2>
            <Chart option={trend.views} label={`${label}: views per day`} table={trend.viewsTable} />
          </section>
          <section class="section card" aria-labelledby="platform-engagement">
            <h2 id="platform-engagement">Engagement per day</h2>
            <Chart option={trend.engagement} label={`${label}: engagement per day`} table={trend.engagementTable} />
          </section>
          <section class="section card" aria-labelledby="platform-followers">
            <h2 id="platform-followers">Followers</h2>
            {trend.followerDays.length >= 2 ? (
              <Chart option={trend.followers} label={`${label}: followers at the end of each day`} table={trend.followersTable} />
            ) : (
              <p class="note">
                {trend.followerDays.length === 0
                  ? 'No follower count in this period yet: it starts with the first sync.'
                  : `Only one day of this period has a follower count so far: ${formatInt(trend.followerDays[0]!.followers)} on ${formatDay(trend.followerDays[0]!.date)}. The line appears once a second day has one.`}
              </p>
            )}
          </section>
        </div>
      )}
      <BestTimeHeatmap platform={data.platform} />
      <section class="section card" aria-labelledby="platform-ranking">
        <h2 id="platform-ranking">Content ranking</h2>
        <p class="note">Published in this period, best performance score first (0–100: where a post ranks among your own {label} posts).</p>
        {data.top_content.length === 0 ? (
          <p class="note">Nothing was published on {label} in this period.</p>
        ) : (
          <>
            <ContentTable items={data.top_content} />
            <p>
              <a href={allContent} onClick={onLinkClick}>
                All {label} content of this period
              </a>
            </p>
          </>
        )}
      </section>
    </>
  );
}

/** The content list of the same period, this platform only, best first. */
function contentListHref(platform: PlatformName): string {
  const [path, search = ''] = hrefWithState('/content', ['range', 'from', 'to']).split('?');
  const query = new URLSearchParams(search);
  query.set('platforms', platform);
  query.set('sort', 'performance_score');
  return `${path}?${query.toString()}`;
}

/** The platform-specific figures, only those this platform reports (null = not reported, so not shown). */
function ownMetrics(data: PlatformData): Kpi[] {
  const m = data.platform_metrics;
  const t = data.totals;
  const candidates: { label: string; value: number | null; format: (n: number | null) => string }[] = [
    { label: 'Watch time (minutes)', value: m.watch_time_minutes, format: formatInt },
    { label: 'Average view duration (s)', value: m.average_view_duration_seconds, format: formatDecimal },
    { label: 'Impressions', value: m.impressions, format: formatInt },
    { label: 'Impression click-through rate', value: m.impression_ctr, format: formatPercentValue },
    { label: 'Dislikes', value: m.dislikes, format: formatInt },
    { label: 'Average daily reach', value: m.average_daily_reach, format: formatInt },
    { label: 'Profile views', value: m.profile_views, format: formatInt },
    { label: 'Link clicks', value: t.clicks, format: formatInt },
    { label: 'Saves', value: t.saves, format: formatInt },
    { label: 'Followers gained', value: m.followers_gained, format: formatInt },
    { label: 'Followers lost', value: m.followers_lost, format: formatInt },
    { label: 'Lifetime views of posts from this period', value: m.published_content_lifetime_views, format: formatInt },
  ];
  return candidates.filter((c) => c.value !== null).map((c) => ({ label: c.label, value: c.format(c.value) }));
}

function trendChart(data: PlatformData) {
  const dates = data.trend.map((p) => p.date);
  const followerDays = data.trend.filter((p) => p.followers !== null);
  return {
    views: buildTimeSeriesLineOption({ dates, series: [{ name: 'Views', values: data.trend.map((p) => p.views), color: PLATFORM_COLORS[data.platform] }] }),
    engagement: buildTimeSeriesLineOption({ dates, series: [{ name: 'Engagement', values: data.trend.map((p) => p.engagement) }] }),
    followerDays,
    followers: buildTimeSeriesLineOption({ dates, series: [{ name: 'Followers', values: data.trend.map((p) => p.followers) }] }),
    // Each chart's own figures, day by day (followers: the days that have a count, as the line draws them).
    viewsTable: dayTable('Views', data.trend.map((p) => [p.date, p.views])),
    engagementTable: dayTable('Engagement', data.trend.map((p) => [p.date, p.engagement])),
    followersTable: dayTable('Followers', followerDays.map((p) => [p.date, p.followers])),
  };
}

function dayTable(column: string, days: [string, number | null][]): ChartTable {
  return { columns: ['Day', column], rows: days.map(([date, value]) => [formatDay(date), formatInt(value)]) };
}

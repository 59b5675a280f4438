/**
 * One content item on every platform it was published on: each post's
 * lifetime numbers, how it compares with the median of your posts on that
 * platform (the API's comparison), and its daily series as a chart with a
 * table. Days are the user's; the range picker does not apply (a post's
 * whole life is shown).
 */
import { useEffect, useMemo } from 'preact/hooks';
import { buildTimeSeriesLineOption } from '../../../src/charts/index.js';
import { api } from '../api/client.js';
import { Chart } from '../components/Chart.js';
import { KpiList, type Kpi } from '../components/Kpis.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { formatDay, formatDecimal, formatInstant, formatInt, formatPercentValue, MISSING, platformLabel } from '../lib/format.js';
import { isId } from '../lib/ids.js';
import { hrefWithState, onLinkClick } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { reportUsage } from '../lib/usage.js';
import { useApi } from '../lib/use-api.js';
import type { ViewProps } from './view-props.js';

type ContentData = NonNullable<Awaited<ReturnType<typeof loadContent>>['data']>;
type Post = ContentData['posts'][number];

function loadContent(id: string, tz: string) {
  return api.GET('/api/v1/analytics/content/{id}', { params: { path: { id }, query: { tz } } });
}

export default function ContentDetail({ params }: ViewProps) {
  useEffect(() => reportUsage({ event: 'view_opened', detail: 'content_detail' }), []);
  const id = params['id'] ?? '';
  // An address that cannot name content is not asked for (the API would answer 400).
  if (!isId(id)) return <NotFound />;
  return <ContentPage id={id} />;
}

function NotFound() {
  return (
    <Empty title="This content does not exist, or it is not yours">
      <p>
        Find it in the{' '}
        <a href={hrefWithState('/content')} onClick={onLinkClick}>
          content list
        </a>
        .
      </p>
    </Empty>
  );
}

function ContentPage({ id }: { id: string }) {
  const { timeZone } = useSession();
  const loaded = useApi(() => loadContent(id, timeZone), [id, timeZone], {
    // Any new figure for one of its platforms may be this post's.
    refetchOn: (e) => e.type === 'data.updated' && e.platforms.some((p) => loadedPlatforms.includes(p)),
  });
  const loadedPlatforms: string[] = loaded.data?.posts.map((p) => p.platform) ?? [];

  if (loaded.status === 'error') return loaded.httpStatus === 404 ? <NotFound /> : <ErrorState message={loaded.message} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading what="this content" />;
  return <ContentBody data={loaded.data} />;
}

function ContentBody({ data }: { data: ContentData }) {
  const daily = useMemo(() => dailyChart(data.posts), [data]);
  const title = data.content.title ?? data.posts[0]?.title ?? '(untitled)';
  return (
    <div data-testid="content-detail">
      <p class="breadcrumb">
        <a href={hrefWithState('/content')} onClick={onLinkClick}>
          Content
        </a>
      </p>
      <h1 class="content-title">{title}</h1>
      {data.posts.length === 0 ? (
        <Empty title="Not published on any connected platform">
          <p>Its posts belong to accounts that are no longer connected.</p>
        </Empty>
      ) : (
        <>
          <p class="note">
            On {data.posts.map((p) => platformLabel(p.platform)).join(', ')} · days in {data.tz}
          </p>
          {data.posts.map((post) => (
            <PostSection key={post.post_id} post={post} />
          ))}
          <section class="section card" aria-labelledby="daily-title">
            <h2 id="daily-title">Views per day</h2>
            {daily.dates.length === 0 ? (
              <p class="note">No daily figures yet: they start with the first sync after publishing.</p>
            ) : (
              <>
                <Chart option={daily.option} label="Views per day on each platform" table={daily.table} />
                {daily.estimated && <p class="note">Marked “estimated”: the publish day holds what the post had gathered before Pulseboard first saw it.</p>}
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function PostSection({ post }: { post: Post }) {
  const label = platformLabel(post.platform);
  const headingId = `post-${post.post_id}`;
  const numbers: Kpi[] = (
    [
      ['Views', post.views, formatInt],
      ['Engagement', post.engagement, formatInt],
      ['Engagement rate', post.engagement_rate, formatPercentValue],
      ['Likes', post.likes, formatInt],
      ['Comments', post.comments, formatInt],
      ['Shares', post.shares, formatInt],
      ['Saves', post.saves, formatInt],
      ['Clicks', post.clicks, formatInt],
      ['Reach', post.reach, formatInt],
      ['Impressions', post.impressions, formatInt],
      ['Impression click-through rate', post.impression_ctr, formatPercentValue],
      ['Dislikes', post.dislikes, formatInt],
      ['Performance score', post.performance_score, formatDecimal],
    ] as const
  )
    // Metrics the platform does not report stay out; the main three always show (a dash when unknown).
    .filter(([name, value]) => value !== null || name === 'Views' || name === 'Engagement' || name === 'Engagement rate')
    .map(([name, value, format]) => ({ label: name, value: format(value) }));
  const median = post.compared_to_median;
  return (
    <section class="section card" aria-labelledby={headingId}>
      <h2 id={headingId}>{label}</h2>
      <p class="note">
        Published {formatInstant(post.published_at)}
        {post.media_type ? ` · ${post.media_type}` : ''} · numbers of{' '}
        {post.last_updated_at ? formatInstant(post.last_updated_at) : 'the last sync'}
        {post.url && (
          <>
            {' · '}
            <a href={post.url} target="_blank" rel="noopener noreferrer">
              Open on {label}
            </a>
          </>
        )}
      </p>
      <KpiList items={numbers} />
      <h3 class="subhead">Against your median {label} post</h3>
      {median.posts_compared === 0 ? (
        <p class="note">No other {label} posts to compare with yet.</p>
      ) : (
        <ul class="median-list">
          <li>
            Views: <strong>{ratioText(median.views_ratio)}</strong> the median of {formatInt(median.median_views)}
          </li>
          <li>
            Engagement rate: <strong>{ratioText(median.engagement_rate_ratio)}</strong> the median of {formatPercentValue(median.median_engagement_rate)}
          </li>
          <li class="note">Medians over your {formatInt(median.posts_compared)} posts on {label}.</li>
        </ul>
      )}
      {post.hashtags.length > 0 && <p class="note">Hashtags: {post.hashtags.map((h) => `#${h}`).join(' ')}</p>}
    </section>
  );
}

/** The API's ratio as words: "2.5 ×", or a dash when it is unknown. */
function ratioText(ratio: number | null): string {
  return ratio === null ? MISSING : `${formatDecimal(ratio)} ×`;
}

/** Views per day, one line per platform, on the union of the posts' days (a day a post lacks is a gap). */
function dailyChart(posts: readonly Post[]) {
  const dates = [...new Set(posts.flatMap((p) => p.daily.map((d) => d.day)))].sort();
  const byDay = posts.map((p) => new Map(p.daily.map((d) => [d.day, d])));
  const option = buildTimeSeriesLineOption({
    dates,
    series: posts.map((p, i) => ({ name: platformLabel(p.platform), values: dates.map((day) => byDay[i]!.get(day)?.views ?? null) })),
  });
  const rows = posts.flatMap((p) =>
    p.daily.map((d) => [
      formatDay(d.day),
      platformLabel(p.platform),
      formatInt(d.views),
      formatInt(d.likes),
      formatInt(d.comments),
      formatInt(d.shares),
      formatInt(d.saves),
      formatInt(d.clicks),
      d.estimated ? 'estimated' : '',
    ]),
  );
  return {
    dates,
    option,
    estimated: posts.some((p) => p.daily.some((d) => d.estimated)),
    table: { columns: ['Day', 'Platform', 'Views', 'Likes', 'Comments', 'Shares', 'Saves', 'Clicks', 'Note'], rows },
  };
}

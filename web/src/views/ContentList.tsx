/**
 * Content published in the period: sorted by any lifetime metric, filtered by
 * the shell's platform filter, one page at a time with the API's cursor.
 * Sort and order live in the URL (`sort=`, `order=`) with the range and the
 * platforms; the cursor does not, because it belongs to one sort and one
 * filter — any change of those starts again from the first page.
 * The API has no text search, so there is no search box.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import type { paths } from '../api/schema.js';
import { ContentTable } from '../components/ContentTable.js';
import { KpiList } from '../components/Kpis.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { formatDay, formatInt, formatPercentValue } from '../lib/format.js';
import { hrefWithState, onLinkClick, setQuery, useLocation } from '../lib/router.js';
import { reportUsage } from '../lib/usage.js';
import { touchesData, useApi } from '../lib/use-api.js';
import { useViewState } from '../lib/view-state.js';
import type { ViewProps } from './view-props.js';

type PerformanceQuery = NonNullable<paths['/api/v1/analytics/performance']['get']['parameters']['query']>;
type SortKey = NonNullable<PerformanceQuery['sort']>;
type Order = NonNullable<PerformanceQuery['order']>;

/** Every sort key the API takes, with the words shown for it. */
const SORT_LABELS: Record<SortKey, string> = {
  published_at: 'Publish date',
  performance_score: 'Performance score',
  views: 'Views',
  engagement: 'Engagement',
  engagement_rate: 'Engagement rate',
  likes: 'Likes',
  comments: 'Comments',
  shares: 'Shares',
  saves: 'Saves',
  clicks: 'Clicks',
  reach: 'Reach',
  impressions: 'Impressions',
};
const SORT_KEYS = Object.keys(SORT_LABELS) as SortKey[];
const PAGE_SIZE = 25;

/** Sort keys the table has no column for get one, so the order can be seen. */
const HIDDEN_SORT_KEYS = ['likes', 'comments', 'shares', 'saves', 'clicks', 'reach', 'impressions'] as const;
type HiddenSortKey = (typeof HIDDEN_SORT_KEYS)[number];
type Item = { [K in HiddenSortKey]: number | null };

function extraColumn(sort: SortKey, items: readonly Item[]) {
  const key = HIDDEN_SORT_KEYS.find((k) => k === sort);
  return key ? { label: SORT_LABELS[key], values: items.map((item) => formatInt(item[key])) } : undefined;
}

function isSortKey(value: string | null): value is SortKey {
  return value !== null && value in SORT_LABELS;
}

export default function ContentList(_props: ViewProps) {
  const view = useViewState();
  const { query } = useLocation();
  useEffect(() => reportUsage({ event: 'view_opened', detail: 'content' }), []);
  const sortParam = query.get('sort');
  const sort: SortKey = isSortKey(sortParam) ? sortParam : 'published_at';
  const order: Order = query.get('order') === 'asc' ? 'asc' : 'desc';

  // Cursors of the pages before this one (the first page has none), reset when the list changes.
  const listKey = `${view.key}|${sort}|${order}`;
  const [pages, setPages] = useState<{ key: string; cursors: (string | undefined)[] }>({ key: listKey, cursors: [undefined] });
  const cursors = pages.key === listKey ? pages.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];

  const loaded = useApi(
    () => api.GET('/api/v1/analytics/performance', { params: { query: { ...view.query, sort, order, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }),
    [listKey, cursor],
    { refetchOn: (e) => touchesData(e, view.platforms, view.range.api) },
  );

  const pageNumber = cursors.length;
  const goTo = (next: (string | undefined)[]) => {
    setPages({ key: listKey, cursors: next });
    document.getElementById('content-results')?.focus();
  };

  return (
    <div data-testid="content-list">
      <h1>Content</h1>
      <form class="controls" aria-label="Sort the list" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span class="field-label">Sort by</span>
          <select value={sort} onChange={(e) => setQuery({ sort: e.currentTarget.value === 'published_at' ? null : e.currentTarget.value })}>
            {SORT_KEYS.map((key) => (
              <option key={key} value={key}>
                {SORT_LABELS[key]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span class="field-label">Order</span>
          <select value={order} onChange={(e) => setQuery({ order: e.currentTarget.value === 'desc' ? null : e.currentTarget.value })}>
            <option value="desc">{sort === 'published_at' ? 'Newest first' : 'Highest first'}</option>
            <option value="asc">{sort === 'published_at' ? 'Oldest first' : 'Lowest first'}</option>
          </select>
        </label>
      </form>
      <section id="content-results" tabIndex={-1} aria-labelledby="content-results-title" class="section">
        <h2 id="content-results-title" class="visually-hidden">
          Results
        </h2>
        {loaded.status === 'error' ? (
          <ErrorState message={loaded.message} onRetry={loaded.reload} />
        ) : !loaded.data ? (
          <Loading what="your content" />
        ) : loaded.data.totals.posts === 0 ? (
          <Empty title="Nothing published in this period">
            <p>
              Pick a longer range above, include more platforms, or connect an account on the{' '}
              <a href={hrefWithState('/accounts')} onClick={onLinkClick}>
                Accounts
              </a>{' '}
              page.
            </p>
          </Empty>
        ) : (
          <>
            <p class="note">
              {formatDay(loaded.data.range.from)} – {formatDay(loaded.data.range.to)}: lifetime numbers of the {formatInt(loaded.data.totals.posts)} posts published in these days.
            </p>
            <KpiList
              items={[
                { label: 'Posts', value: formatInt(loaded.data.totals.posts) },
                { label: 'Views', value: formatInt(loaded.data.totals.views) },
                { label: 'Engagement', value: formatInt(loaded.data.totals.engagement) },
                { label: 'Engagement rate', value: formatPercentValue(loaded.data.totals.engagement_rate) },
              ]}
            />
            <div class="section" />
            <ContentTable items={loaded.data.items} extra={extraColumn(sort, loaded.data.items)} />
            <nav class="pager" aria-label="Pages">
              <button type="button" disabled={pageNumber === 1} onClick={() => goTo([undefined])}>
                First page
              </button>
              <button type="button" disabled={pageNumber === 1} onClick={() => goTo(cursors.slice(0, -1))}>
                Previous
              </button>
              <span class="note" aria-live="polite">
                Page {pageNumber} of {Math.max(1, Math.ceil(loaded.data.totals.posts / PAGE_SIZE))}
              </span>
              <button type="button" disabled={!loaded.data.next_cursor} onClick={() => loaded.data?.next_cursor && goTo([...cursors, loaded.data.next_cursor])}>
                Next
              </button>
            </nav>
          </>
        )}
      </section>
    </div>
  );
}

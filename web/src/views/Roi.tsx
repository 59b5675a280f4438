/**
 * ROI: cost, revenue, profit and ROI per platform, content item, campaign or
 * month — one row per currency, never added across currencies — with cost
 * and revenue per 1,000 views and cost per engagement as the API works them
 * out; below, the ledger of costs and revenue it rests on.
 */
import { useEffect } from 'preact/hooks';
import { api } from '../api/client.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { formatInt, platformLabel } from '../lib/format.js';
import { hrefWithState, onLinkClick, setQuery, useLocation } from '../lib/router.js';
import { reportUsage } from '../lib/usage.js';
import { touchesData, useApi } from '../lib/use-api.js';
import { useViewState } from '../lib/view-state.js';
import type { ViewProps } from './view-props.js';
import { Ledger } from './analysis/Ledger.js';
import { formatMoney, formatRate } from './analysis/money.js';
import './analysis/analysis.css';
import { shortId } from '../lib/ids.js';

const GROUPS = [
  { value: 'platform', label: 'Platform' },
  { value: 'content', label: 'Content' },
  { value: 'campaign', label: 'Campaign' },
  { value: 'month', label: 'Month' },
] as const;
type GroupBy = (typeof GROUPS)[number]['value'];

function loadRoi(query: ReturnType<typeof useViewState>['query'] & { group_by: GroupBy }) {
  return api.GET('/api/v1/analytics/roi', { params: { query } });
}
type RoiRow = NonNullable<Awaited<ReturnType<typeof loadRoi>>['data']>['rows'][number];

const roiPercent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const monthFormat = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleDateString(undefined, { timeZone: 'UTC', year: 'numeric', month: 'long' });

export default function Roi(_props: ViewProps) {
  const view = useViewState();
  const { query } = useLocation();
  useEffect(() => reportUsage({ event: 'view_opened', detail: 'roi' }), []);
  const groupBy: GroupBy = GROUPS.find((g) => g.value === query.get('group'))?.value ?? 'platform';
  const roi = useApi(() => loadRoi({ ...view.query, group_by: groupBy }), [view.key, groupBy], {
    refetchOn: (e) => touchesData(e, view.platforms, view.range.api),
  });
  const groupLabel = GROUPS.find((g) => g.value === groupBy)?.label ?? groupBy;

  return (
    <div class="analysis" data-testid="roi">
      <h1>ROI and costs</h1>
      <p class="note">Costs and revenue from your ledger, plus revenue the platforms report (YouTube, for monetized channels). Amounts in different currencies are never added or converted: each currency has its own row.</p>
      <section class="section card" aria-labelledby="roi-title">
        <div class="card-head">
          <h2 id="roi-title">Return on investment by {groupLabel.toLowerCase()}</h2>
          <label class="inline-field">
            <span class="field-label">Group by</span>
            <select value={groupBy} onChange={(e) => setQuery({ group: e.currentTarget.value === 'platform' ? null : e.currentTarget.value })}>
              {GROUPS.map((g) => (
                <option key={g.value} value={g.value}>
                  {g.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        {roi.status === 'error' ? (
          <ErrorState message={roi.message} onRetry={roi.reload} />
        ) : !roi.data ? (
          <Loading what="your ROI" />
        ) : roi.data.rows.length === 0 ? (
          <Empty title="No costs or revenue in this period">
            <p>Add a cost or revenue entry to the ledger below (or pick a longer period); platform-reported revenue appears here once a monetized YouTube channel is synced.</p>
          </Empty>
        ) : (
          <RoiTable rows={roi.data.rows} groupBy={groupBy} groupLabel={groupLabel} />
        )}
      </section>
      <Ledger onChanged={roi.reload} />
    </div>
  );
}

function groupCell(row: RoiRow, groupBy: GroupBy) {
  if (row.group === null) return groupBy === 'content' || groupBy === 'campaign' ? 'Not assigned (incl. channel revenue)' : 'No platform (general)';
  if (groupBy === 'platform') return platformLabel(row.group);
  if (groupBy === 'month') return monthFormat(row.group);
  if (groupBy === 'content')
    return (
      <a href={hrefWithState(`/content/${row.group}`)} onClick={onLinkClick}>
        Content {shortId(row.group)}
      </a>
    );
  return row.group;
}

function RoiTable({ rows, groupBy, groupLabel }: { rows: readonly RoiRow[]; groupBy: GroupBy; groupLabel: string }) {
  return (
    <div class="table-scroll">
      <table class="cards">
        <caption class="visually-hidden">Cost, revenue and ROI by {groupLabel.toLowerCase()} and currency</caption>
        <thead>
          <tr>
            <th scope="col">{groupLabel}</th>
            <th scope="col">Currency</th>
            <th scope="col" class="num">Cost</th>
            <th scope="col" class="num">Revenue</th>
            <th scope="col" class="num">Profit</th>
            <th scope="col" class="num">ROI</th>
            <th scope="col" class="num">Cost per 1k views</th>
            <th scope="col" class="num">Cost per engagement</th>
            <th scope="col" class="num">Revenue per 1k views</th>
            <th scope="col" class="num">Views</th>
            <th scope="col" class="num">Engagement</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.group ?? ''}-${row.currency}`}>
              <th scope="row">{groupCell(row, groupBy)}</th>
              <td data-label="Currency">{row.currency}</td>
              <td data-label="Cost" class="num money">
                {formatMoney(row.cost, row.currency)}
              </td>
              <td data-label="Revenue" class="num money">
                {formatMoney(row.revenue, row.currency)}
                {row.revenue_sources.platform !== null && <span class="note revenue-source">incl. {formatMoney(row.revenue_sources.platform, row.currency)} platform-reported</span>}
              </td>
              <td data-label="Profit" class={`num money${row.profit.startsWith('-') ? ' negative' : ''}`}>
                {formatMoney(row.profit, row.currency)}
              </td>
              <td data-label="ROI" class="num">
                {row.roi === null ? <span title="No cost in this group">— (no cost)</span> : roiPercent.format(row.roi)}
              </td>
              <td data-label="Cost per 1k views" class="num">
                {formatRate(row.cost_per_1000_views, row.currency)}
              </td>
              <td data-label="Cost per engagement" class="num">
                {formatRate(row.cost_per_engagement, row.currency)}
              </td>
              <td data-label="Revenue per 1k views" class="num">
                {formatRate(row.revenue_per_1000_views, row.currency)}
              </td>
              <td data-label="Views" class="num">
                {formatInt(row.views)}
              </td>
              <td data-label="Engagement" class="num">
                {formatInt(row.engagement)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

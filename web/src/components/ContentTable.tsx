/** Posts as a table on wide screens and as cards on phones; each title opens the content's page. */
import { formatDecimal, formatInstant, formatInt, formatPercentValue, platformLabel } from '../lib/format.js';
import { hrefWithState, onLinkClick } from '../lib/router.js';


/** The fields this table shows (every content answer has them). */
export interface ContentRow {
  content_id: string;
  post_id: string;
  title: string | null;
  platform: string;
  published_at: string;
  views: number | null;
  engagement: number | null;
  engagement_rate: number | null;
  performance_score: number | null;
}

/** One more column, e.g. the metric a list is sorted by when the table does not show it; values in the order of items. */
export interface ExtraColumn {
  label: string;
  values: readonly string[];
}

export function ContentTable({ items, extra }: { items: readonly ContentRow[]; extra?: ExtraColumn }) {
  return (
    <div class="table-scroll">
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Platform</th>
            <th scope="col">Published</th>
            <th scope="col" class="num">Views</th>
            <th scope="col" class="num">Engagement</th>
            <th scope="col" class="num">Eng. rate</th>
            <th scope="col" class="num">Score</th>
            {extra && <th scope="col" class="num">{extra.label}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) => (
            <tr key={item.post_id}>
              <th scope="row" class="title-cell">
                <a href={hrefWithState(`/content/${item.content_id}`)} onClick={onLinkClick}>
                  {item.title ?? '(untitled)'}
                </a>
              </th>
              <td data-label="Platform">{platformLabel(item.platform)}</td>
              <td data-label="Published">{formatInstant(item.published_at)}</td>
              <td data-label="Views" class="num">{formatInt(item.views)}</td>
              <td data-label="Engagement" class="num">{formatInt(item.engagement)}</td>
              <td data-label="Eng. rate" class="num">{formatPercentValue(item.engagement_rate)}</td>
              <td data-label="Score" class="num">{formatDecimal(item.performance_score)}</td>
              {extra && <td data-label={extra.label} class="num">{extra.values[i]}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Insights: what the insights job concluded from your posts and what the
 * platforms report about your audience — best posting times, hashtags and
 * topics that beat your usual, audience demographics, recommendations — each
 * with the sample it rests on and its confidence in words, or why it says
 * nothing yet. Below them, the growth forecast per platform.
 */
import { useEffect } from 'preact/hooks';
import { api } from '../api/client.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { formatInstant, formatInt, platformLabel } from '../lib/format.js';
import { hrefWithState, onLinkClick } from '../lib/router.js';
import { reportUsage } from '../lib/usage.js';
import { useApi } from '../lib/use-api.js';
import { useViewState } from '../lib/view-state.js';
import type { ViewProps } from './view-props.js';
import { Forecasts } from './analysis/Forecasts.js';
import { confidenceWords, intervalWords, liftWords, percentWords, plural, slotWords } from './analysis/words.js';
import './analysis/analysis.css';
import { shortId } from '../lib/ids.js';

function loadInsights(query: ReturnType<typeof useViewState>['query']) {
  return api.GET('/api/v1/analytics/insights', { params: { query } });
}

type Item = NonNullable<Awaited<ReturnType<typeof loadInsights>>['data']>['items'][number];
type Of<K extends Item['insight_type']> = Extract<Item, { insight_type: K }>;

const SECTIONS: readonly { type: Item['insight_type']; title: string; intro: string }[] = [
  { type: 'best_time', title: 'Best times to post', intro: 'Slots of the week whose posts had more views at 7 days than your usual post on the same account, in your time zone.' },
  { type: 'trending_hashtags', title: 'Hashtags and topics that work', intro: 'Tags and caption words whose posts beat your usual, with the range the data allows.' },
  { type: 'audience_demographics', title: 'Your audience', intro: 'As the platforms report it. Never estimated: platforms that report nothing are left out.' },
  { type: 'content_recommendations', title: 'What to do next', intro: 'Posts far from your usual, and formats, lengths and posting frequencies that did better.' },
];

export default function Insights(_props: ViewProps) {
  const view = useViewState();
  useEffect(() => reportUsage({ event: 'view_opened', detail: 'insights' }), []);
  // Records are recomputed after a sync that stored new data, which then announces itself as data.updated.
  const insights = useApi(() => loadInsights(view.query), [view.key], { refetchOn: (e) => e.type === 'data.updated' });
  // A quick insight on the Overview links to its record as #insight-record-<id>: show it once the records are here.
  const loaded = insights.data !== null;
  useEffect(() => {
    const target = loaded && location.hash.startsWith('#insight-record-') ? document.getElementById(location.hash.slice(1)) : null;
    if (target) {
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    }
  }, [loaded]);

  return (
    <div class="analysis" data-testid="insights">
      <h1>Insights</h1>
      <p class="note">Worked out after each sync from your own posts. Each one says how many observations it rests on and how sure it is.</p>
      {insights.status === 'error' ? (
        <ErrorState message={insights.message} onRetry={insights.reload} />
      ) : !insights.data ? (
        <Loading what="your insights" />
      ) : insights.data.items.length === 0 ? (
        <Empty title="No insights yet">
          <p>
            Insights are worked out after a sync stores posts. Connect an account on the{' '}
            <a href={hrefWithState('/accounts')} onClick={onLinkClick}>
              Accounts
            </a>{' '}
            page, or wait for the next sync; this page fills itself.
          </p>
        </Empty>
      ) : (
        SECTIONS.map((section) => <InsightSection key={section.type} {...section} items={insights.data!.items.filter((i) => i.insight_type === section.type)} />)
      )}
      <Forecasts />
    </div>
  );
}

function InsightSection({ type, title, intro, items }: { type: Item['insight_type']; title: string; intro: string; items: Item[] }) {
  const id = `insight-${type}`;
  return (
    <section class="section" aria-labelledby={id} id={type}>
      <h2 id={id}>{title}</h2>
      <p class="note">{intro}</p>
      {items.length === 0 ? (
        <p class="card note">{type === 'audience_demographics' ? 'None of your connected platforms reports audience demographics yet.' : 'Nothing computed yet for this kind.'}</p>
      ) : (
        <div class={items.length > 1 ? 'record-grid' : 'record-grid record-grid-single'}>
          {items.map((item) => (
            <Record key={item.id} item={item} />
          ))}
        </div>
      )}
    </section>
  );
}

function Record({ item }: { item: Item }) {
  const reason = item.insight_data.reason;
  return (
    <article class="card record" id={`insight-record-${item.id}`} tabIndex={-1} aria-labelledby={`record-${item.id}`}>
      <h3 id={`record-${item.id}`}>{item.platform ? platformLabel(item.platform) : 'All platforms'}</h3>
      {reason ? (
        // A record that claims nothing: its summary is its reason, said once.
        <p class="not-enough">
          <strong>Not enough data yet.</strong> {withoutLead(reason)}
        </p>
      ) : (
        <p class="record-summary">{item.summary}</p>
      )}
      <Evidence item={item} />
      {item.insight_type === 'best_time' && <BestTime item={item} />}
      {item.insight_type === 'trending_hashtags' && <Hashtags item={item} />}
      {item.insight_type === 'audience_demographics' && <Demographics item={item} />}
      {item.insight_type === 'content_recommendations' && <Recommendations item={item} />}
      <p class="note">
        Worked out {formatInstant(item.generated_at)}; valid until {formatInstant(item.valid_until)}.
      </p>
    </article>
  );
}

/** The kinds word their reasons "Not enough data: …"; the box already says so. */
function withoutLead(reason: string): string {
  const rest = reason.replace(/^not enough (data|evidence)[:.]?\s*/i, '');
  return rest ? rest.charAt(0).toUpperCase() + rest.slice(1) : reason;
}

/** Sample size and confidence, in words. */
function Evidence({ item }: { item: Item }) {
  const unit = item.insight_type === 'audience_demographics' ? item.insight_data.count_unit.replace(/s$/, '') : 'post';
  const words = confidenceWords(item.confidence_score);
  return (
    <p class="evidence">
      <span class={`confidence confidence-${words.replace(/ /g, '-')}`}>
        {item.confidence_score > 0 ? `Confidence: ${words} (${Math.round(item.confidence_score * 100)} of 100)` : 'No claim, so no confidence'}
      </span>{' '}
      <span>Based on {plural(item.sample_size, unit)}.</span>
    </p>
  );
}

function BestTime({ item }: { item: Of<'best_time'> }) {
  const data = item.insight_data;
  const slots = data.best.length > 0 ? data.best : data.cross_platform_best;
  if (slots.length === 0) return null;
  return (
    <>
      {data.best.length === 0 && <p class="note">Your pattern across all platforms instead (not this platform’s own):</p>}
      <ol class="ranked">
        {slots.map((slot) => (
          <li key={`${slot.day_of_week}-${slot.hour}`}>
            <strong>{slotWords(slot.day_of_week, slot.hour, slot.slot_hours)}</strong>
            <span>
              {liftWords(slot.lift)} views vs your usual · {plural(slot.posts, 'post')}
            </span>
          </li>
        ))}
      </ol>
      <p class="note">Times in {data.time_zone}.</p>
    </>
  );
}

function Hashtags({ item }: { item: Of<'trending_hashtags'> }) {
  const data = item.insight_data;
  if (data.hashtags.length === 0) return null;
  return (
    <div class="table-scroll">
      <table class="cards">
        <caption class="visually-hidden">Tags whose posts beat your usual views, best first</caption>
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col" class="num">Views vs usual</th>
            <th scope="col">Likely range (95 %)</th>
            <th scope="col" class="num">Posts</th>
            <th scope="col">Trend</th>
          </tr>
        </thead>
        <tbody>
          {data.hashtags.map((tag) => (
            <tr key={`${tag.kind}-${tag.tag}`}>
              <th scope="row">{tag.kind === 'hashtag' ? `#${tag.tag}` : `${tag.tag} (topic)`}</th>
              <td data-label="Views vs usual" class="num">
                {liftWords(tag.lift)}
              </td>
              <td data-label="Likely range (95 %)">{intervalWords(tag.interval)}</td>
              <td data-label="Posts" class="num">
                {formatInt(tag.posts)}
              </td>
              <td data-label="Trend">{tag.rising ? <span class="rising">Rising</span> : 'Steady'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="note">
        Compared {plural(data.tags_compared, 'tag')} with enough posts; the ranges are widened for that many comparisons. Rising: on a larger share of your posts in the last
        14 days than before.
      </p>
    </div>
  );
}

function Bars({ title, rows }: { title: string; rows: { label: string; percentage: number }[] }) {
  if (rows.length === 0) return null;
  return (
    <div class="bars">
      <h4>{title}</h4>
      <ul>
        {rows.map((row) => (
          <li key={row.label}>
            <span class="bar-label">{row.label}</span>
            <span class="bar-track" aria-hidden="true">
              <span class="bar-fill" style={{ width: `${Math.min(100, row.percentage)}%` }} />
            </span>
            <span class="bar-value">{percentWords(row.percentage)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const regionNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(undefined, { type: 'region' }) : null;
function countryName(code: string): string {
  try {
    return regionNames?.of(code) ?? code;
  } catch {
    return code;
  }
}

function Demographics({ item }: { item: Of<'audience_demographics'> }) {
  const data = item.insight_data;
  const unit = data.count_unit;
  return (
    <>
      <p class="note">
        Source: {data.source.api}
        {data.source.reported_at ? `, reported ${formatInstant(data.source.reported_at)}` : ''}. Shares of your {unit}.
      </p>
      <div class="bars-grid">
        <Bars title="Age" rows={data.age.map((a) => ({ label: a.group, percentage: a.percentage }))} />
        <Bars title="Gender" rows={data.gender.map((g) => ({ label: g.group.charAt(0).toUpperCase() + g.group.slice(1), percentage: g.percentage }))} />
        <Bars title="Countries" rows={data.country.slice(0, 8).map((c) => ({ label: countryName(c.code), percentage: c.percentage }))} />
        {data.city && <Bars title="Cities" rows={data.city.slice(0, 8).map((c) => ({ label: c.name, percentage: c.percentage }))} />}
      </div>
      <details class="accounts-detail">
        <summary>Per account</summary>
        <ul>
          {data.source.accounts.map((a) => (
            <li key={a.account_id}>
              {a.handle ?? `Account ${shortId(a.account_id)}`}: {a.reason ?? `${a.basis_count === null ? 'figures' : plural(a.basis_count, a.basis ?? 'observation')}`}
              {a.period_start && a.period_end ? `, ${a.period_start} to ${a.period_end}` : a.reason ? '' : ', lifetime'}; reported {formatInstant(a.reported_at)}, last checked {formatInstant(a.checked_at)}.
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}

function PostLinks({ label, ids }: { label: string; ids: Of<'content_recommendations'>['insight_data']['above_average'] }) {
  if (ids.length === 0) return null;
  return (
    <p class="post-links">
      <span>{label}:</span>{' '}
      {ids.map((id) => (
        <a key={id} href={hrefWithState(`/content/${id}`)} onClick={onLinkClick}>
          post {shortId(id)}
        </a>
      ))}
    </p>
  );
}

function Recommendations({ item }: { item: Of<'content_recommendations'> }) {
  const data = item.insight_data;
  return (
    <>
      {data.recommendations.length > 0 && (
        <ul class="recommendations">
          {data.recommendations.map((r, i) => (
            <li key={i}>
              <p>{r.message}</p>
              <p class="note">
                Evidence: {plural(r.evidence.posts, 'post')}
                {r.evidence.group ? ` (${r.evidence.group})` : ''} compared with {plural(r.evidence.compared_with, r.kind === 'frequency' ? 'week' : 'post')}
                {r.evidence.weeks !== null ? ` over ${plural(r.evidence.weeks, 'week')}` : ''}
                {r.evidence.lift !== null ? `; ${liftWords(r.evidence.lift)}` : ''}
                {r.evidence.interval ? ` (likely ${intervalWords(r.evidence.interval)})` : ''}.
              </p>
            </li>
          ))}
        </ul>
      )}
      <PostLinks label="Far above your usual" ids={data.above_average} />
      <PostLinks label="Far below your usual" ids={data.below_average} />
    </>
  );
}

/** The dashboard's quick_insights: one line per headline insight, each opening its record on the Insights page. */
import { hrefWithState, onLinkClick } from '../../lib/router.js';
import { platformLabel } from '../../lib/format.js';
import type { paths } from '../../api/schema.js';
import './analysis.css';

type QuickInsight = paths['/api/v1/analytics/dashboard']['get']['responses'][200]['content']['application/json']['quick_insights'][number];

const TYPE_WORDS: Record<QuickInsight['insight_type'], string> = {
  best_time: 'Best time to post',
  trending_hashtags: 'Hashtags that work',
  audience_demographics: 'Audience',
  content_recommendations: 'Recommendation',
};

export function QuickInsights({ items }: { items: readonly QuickInsight[] }) {
  const all = hrefWithState('/insights');
  return (
    <section class="section card" aria-labelledby="quick-insights-title">
      <div class="card-head">
        <h2 id="quick-insights-title">Quick insights</h2>
        <a href={all} onClick={onLinkClick}>
          All insights
        </a>
      </div>
      {items.length === 0 ? (
        <p class="note">Not enough data yet for an insight that claims something; they appear after syncs bring enough posts.</p>
      ) : (
        <ul class="quick-insights">
          {items.map((item) => {
            const href = `${all}#insight-record-${item.insight_id}`;
            return (
              <li key={item.insight_id}>
                <a
                  href={href}
                  onClick={(e) => {
                    onLinkClick(e);
                    // The router keeps path and query; the fragment says which record to show.
                    if (e.defaultPrevented) history.replaceState(null, '', href);
                  }}
                >
                  <strong>
                    {TYPE_WORDS[item.insight_type]}
                    {item.platform ? ` · ${platformLabel(item.platform)}` : ''}
                  </strong>
                  <span>{item.summary}</span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

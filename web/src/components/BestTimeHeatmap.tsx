/**
 * Posting times of one platform as a week × hour grid, from the best-time
 * insight (GET /analytics/insights?type=best_time). The insight names only its
 * best slots with their lift, so only those cells are filled: an empty cell
 * means "no claim", not "a bad time". Without the insight the section does not
 * appear; without enough evidence it says why (the insight's own reason).
 */
import { api } from '../api/client.js';
import { formatDecimal, formatInt, platformLabel } from '../lib/format.js';
import { useApi } from '../lib/use-api.js';

type Insights = NonNullable<Awaited<ReturnType<typeof loadBestTime>>['data']>;
type BestTime = Extract<Insights['items'][number], { insight_type: 'best_time' }>;
type Slot = BestTime['insight_data']['best'][number];

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const HOURS = Array.from({ length: 24 }, (_, h) => h);

function loadBestTime(platform: string) {
  return api.GET('/api/v1/analytics/insights', { params: { query: { type: 'best_time', platforms: platform } } });
}

function isBestTime(item: Insights['items'][number]): item is BestTime {
  return item.insight_type === 'best_time';
}

function hourLabel(hour: number): string {
  return `${String(hour % 24).padStart(2, '0')}:00`;
}

function slotText(slot: Slot): string {
  return `${WEEKDAYS[slot.day_of_week - 1] ?? '?'} ${hourLabel(slot.hour)}–${hourLabel(slot.hour + slot.slot_hours)}: ${formatDecimal(slot.lift)} × your usual views at 7 days (${formatInt(slot.posts)} posts)`;
}

export function BestTimeHeatmap({ platform }: { platform: string }) {
  const loaded = useApi(() => loadBestTime(platform), [platform]);
  const record = loaded.data?.items.filter(isBestTime).find((item) => item.platform === platform);
  // No insight yet (or the endpoint failed): nothing unbuilt or empty is shown.
  if (!record) return null;
  const { best, reason, cross_platform_best: crossPlatform, time_zone: timeZone } = record.insight_data;
  const label = platformLabel(platform);
  return (
    <section class="section card" aria-labelledby="best-time-title">
      <h2 id="best-time-title">Best times to post on {label}</h2>
      {best.length === 0 ? (
        <>
          <p>{reason ?? record.summary}</p>
          {crossPlatform.length > 0 && (
            <>
              <p>Across all your platforms instead:</p>
              <ul>
                {crossPlatform.map((slot) => (
                  <li key={`${slot.day_of_week}-${slot.hour}`}>{slotText(slot)}</li>
                ))}
              </ul>
            </>
          )}
        </>
      ) : (
        <>
          <p class="note">
            {record.summary} Times in {timeZone}; confidence {formatDecimal(record.confidence_score)} from {formatInt(record.sample_size)} posts.
          </p>
          <Grid slots={best} label={label} />
          <ol class="best-slots">
            {best.map((slot) => (
              <li key={`${slot.day_of_week}-${slot.hour}`}>{slotText(slot)}</li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** The week grid: a cell is filled when a best slot covers that hour, darker for a higher rank. */
function Grid({ slots, label }: { slots: readonly Slot[]; label: string }) {
  const cell = (day: number, hour: number) => slots.findIndex((s) => s.day_of_week === day && hour >= s.hour && hour < s.hour + s.slot_hours);
  return (
    <div class="table-scroll heatmap-scroll">
      <table class="heatmap">
        <caption class="visually-hidden">Best posting slots on {label} by weekday and hour; the list below says the same in words</caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">Weekday</span>
            </th>
            {HOURS.map((h) => (
              <th scope="col" key={h}>
                {h % 3 === 0 ? String(h).padStart(2, '0') : <span class="visually-hidden">{h}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((name, i) => (
            <tr key={name}>
              <th scope="row">{name.slice(0, 3)}</th>
              {HOURS.map((h) => {
                const rank = cell(i + 1, h);
                const slot = rank >= 0 ? slots[rank] : undefined;
                return (
                  <td
                    key={h}
                    class={slot ? 'heat' : undefined}
                    style={slot ? { opacity: String(1 - (0.6 * rank) / Math.max(1, slots.length)) } : undefined}
                    title={slot ? slotText(slot) : undefined}
                  >
                    {slot ? <span class="visually-hidden">{slotText(slot)}</span> : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

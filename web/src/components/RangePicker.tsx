/** Presets (7, 28, 30, 90 days, this/last month, this year, all time) or a custom range; the choice lives in the URL. */
import { useState } from 'preact/hooks';
import { setQuery } from '../lib/router.js';
import { PRESET_LABELS, RANGE_PRESETS, isPreset } from '../lib/range.js';
import { reportUsage } from '../lib/usage.js';
import { useViewState } from '../lib/view-state.js';

export function RangePicker() {
  const { range } = useViewState();
  const [custom, setCustom] = useState(range.preset === 'custom');
  const explicit = 'from' in range.api ? range.api : null;
  const [from, setFrom] = useState(explicit?.from ?? '');
  const [to, setTo] = useState(explicit?.to ?? '');
  const [problem, setProblem] = useState<string | null>(null);

  const choose = (value: string) => {
    if (value === 'custom') {
      setCustom(true);
      return;
    }
    if (!isPreset(value)) return;
    setCustom(false);
    reportUsage({ event: 'range_chosen', detail: value });
    setQuery({ range: value, from: null, to: null });
  };

  const apply = (event: Event) => {
    event.preventDefault();
    if (!from || !to) return setProblem('Pick both days.');
    if (from > to) return setProblem('The first day must not be after the last.');
    setProblem(null);
    reportUsage({ event: 'range_chosen', detail: 'custom' });
    setQuery({ range: null, from, to });
  };

  return (
    <div class="range-picker">
      <label>
        <span class="field-label">Date range</span>
        <select value={custom ? 'custom' : range.preset} onChange={(e) => choose((e.currentTarget as HTMLSelectElement).value)}>
          {RANGE_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {PRESET_LABELS[preset]}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </select>
      </label>
      {custom && (
        <form class="custom-range" onSubmit={apply}>
          <label>
            <span class="field-label">From</span>
            <input type="date" value={from} required onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label>
            <span class="field-label">To</span>
            <input type="date" value={to} required onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="button">
            Apply
          </button>
          {problem && (
            <p class="field-error" role="alert">
              {problem}
            </p>
          )}
        </form>
      )}
    </div>
  );
}

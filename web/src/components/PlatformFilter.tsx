/** Which platforms the views show (all when none is picked); kept in the URL as `platforms=`. */
import { setQuery } from '../lib/router.js';
import { PLATFORM_LABELS } from '../lib/format.js';
import { useViewState } from '../lib/view-state.js';

export const PLATFORMS = ['youtube', 'tiktok', 'instagram', 'twitter'] as const;

export function PlatformFilter() {
  const { platforms } = useViewState();
  const selected = platforms ? platforms.split(',') : [];
  const toggle = (platform: string) => {
    const current: string[] = selected.length ? selected : [...PLATFORMS];
    const next = current.includes(platform) ? current.filter((p) => p !== platform) : [...current, platform];
    // At least one platform stays on; all of them is the default, which keeps the URL short.
    if (next.length === 0) return;
    setQuery({ platforms: next.length === PLATFORMS.length ? null : PLATFORMS.filter((p) => next.includes(p)).join(',') });
  };
  return (
    <fieldset class="platform-filter">
      <legend class="field-label">Platforms</legend>
      {PLATFORMS.map((platform) => {
        const on = selected.length === 0 || selected.includes(platform);
        return (
          <button key={platform} type="button" class={`chip chip-${platform}`} aria-pressed={on} onClick={() => toggle(platform)}>
            {PLATFORM_LABELS[platform]}
          </button>
        );
      })}
    </fieldset>
  );
}

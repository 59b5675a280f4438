/** "Live · updated 12 s ago": whether the page is receiving updates and when the last one came. */
import { useEffect, useState } from 'preact/hooks';
import { formatAgo } from '../lib/format.js';
import { useLiveStatus } from '../lib/live.js';

export function LiveIndicator() {
  const { status, lastUpdate } = useLiveStatus();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const label = status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Offline, retrying';
  return (
    <p class={`live live-${status}`} role="status" aria-live="off" data-testid="live-status">
      <span class="live-dot" aria-hidden="true" />
      {label}
      {lastUpdate !== null && <span class="live-ago"> · updated {formatAgo(Math.max(0, (now - lastUpdate) / 1000))}</span>}
    </p>
  );
}

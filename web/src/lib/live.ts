/**
 * The page's live connection: trades the bearer token for a single-use
 * ticket (POST /api/v1/live/ticket), opens the WebSocket with it (never a
 * token in a URL), hands every server event to the views that listen, and
 * reconnects with backoff. After a gap it tells every view to load again,
 * because events sent while it was away are lost.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LiveEvent } from '../../../src/realtime/events.js';
import { api, token } from '../api/client.js';

export type { LiveEvent };

export type LiveStatus = 'connecting' | 'live' | 'offline';

type EventListener = (event: LiveEvent) => void;
type StatusListener = (status: LiveStatus, lastUpdate: number | null) => void;

const eventListeners = new Set<EventListener>();
const statusListeners = new Set<StatusListener>();

let socket: WebSocket | null = null;
let status: LiveStatus = 'offline';
let lastUpdate: number | null = null;
let retry = 0;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let wanted = false;
let hadConnection = false;

function setStatus(next: LiveStatus) {
  status = next;
  for (const listener of statusListeners) listener(status, lastUpdate);
}

function dispatch(event: LiveEvent) {
  if (event.type !== 'heartbeat') lastUpdate = Date.now();
  for (const listener of eventListeners) listener(event);
  for (const listener of statusListeners) listener(status, lastUpdate);
}

function scheduleReconnect() {
  if (!wanted || retryTimer) return;
  // 1 s, 2 s, 4 s … capped at 30 s, with jitter so that many pages do not return at once.
  const delay = Math.min(30_000, 1000 * 2 ** retry) * (0.75 + Math.random() * 0.5);
  retry += 1;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    void connect();
  }, delay);
}

async function connect(): Promise<void> {
  if (!wanted || socket || !token()) return;
  setStatus('connecting');
  let ticket: string;
  try {
    const { data } = await api.POST('/api/v1/live/ticket');
    if (!data) throw new Error('no ticket');
    ticket = data.ticket;
  } catch {
    setStatus('offline');
    scheduleReconnect();
    return;
  }
  const url = new URL('/api/v1/live', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('ticket', ticket);
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => {
    retry = 0;
    setStatus('live');
    // Whatever changed while we were away was not announced: every view loads again.
    if (hadConnection) dispatch({ type: 'data.updated', platforms: ['youtube', 'tiktok', 'instagram', 'twitter'], days: [] });
    hadConnection = true;
  };
  ws.onmessage = (message) => {
    try {
      dispatch(JSON.parse(String(message.data)) as LiveEvent);
    } catch {
      // A message that is not JSON is ignored; the server only sends JSON.
    }
  };
  ws.onclose = () => {
    socket = null;
    setStatus('offline');
    scheduleReconnect();
  };
}

/** Starts (or stops) the connection; the app calls it when the user signs in or out. */
export function setLiveWanted(next: boolean): void {
  wanted = next;
  if (next) void connect();
  else {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    hadConnection = false;
    socket?.close(1000, 'signed out');
    socket = null;
    setStatus('offline');
  }
}

/** Calls the listener for every live event from now on (outside a component); returns the way to stop. */
export function onLiveEvent(listener: EventListener): () => void {
  eventListeners.add(listener);
  return () => void eventListeners.delete(listener);
}

/** Calls the listener for every live event while the component is mounted. */
export function useLiveEvents(listener: EventListener): void {
  const current = useRef(listener);
  current.current = listener;
  useEffect(() => {
    return onLiveEvent((event) => current.current(event));
  }, []);
}

/** Connection state and the time of the last update, for "updated N s ago". */
export function useLiveStatus(): { status: LiveStatus; lastUpdate: number | null } {
  const [state, setState] = useState({ status, lastUpdate });
  useEffect(() => {
    const listener: StatusListener = (s, at) => setState({ status: s, lastUpdate: at });
    statusListeners.add(listener);
    return () => void statusListeners.delete(listener);
  }, []);
  return state;
}

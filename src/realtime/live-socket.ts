/**
 * One open live socket: subscribes its user's events on the bus, sends them
 * as JSON text frames, keeps the connection alive, and makes sure a slow
 * client never holds the server.
 *
 * Slow clients. `bufferedAmount` is what the socket has accepted but the
 * network has not taken yet. While it is above zero the socket is "backed up"
 * and events wait here instead of piling onto it:
 *  - `data.updated` events merge into one (platforms and days united): the
 *    page refetches the union, which is what it would have done for each;
 *  - `sync.status` keeps only the latest per account;
 *  - heartbeats are skipped (the connection is obviously not idle);
 *  - alerts wait as they are.
 * The waiting events go out once the socket has drained (checked every
 * DRAIN_CHECK_MS). When what is buffered plus what waits passes the bound
 * (LIVE_MAX_BUFFERED_BYTES), the socket is closed with 1013 and a reason: the
 * client reconnects and refetches, which is cheaper for both sides than the
 * backlog. A client that does not even read the close frame is cut off after
 * CLOSE_GRACE_MS.
 *
 * Liveness: every heartbeat period the server sends a `heartbeat` event and a
 * WebSocket ping; a client that has not answered the previous ping (browsers
 * answer pings by themselves) is gone and its socket is terminated.
 */
import type { WebSocket } from 'ws';
import type { EventBus } from './bus.js';
import type { DataUpdatedEvent, LiveEvent } from './events.js';

export interface LiveSocketOptions {
  heartbeatMs: number;
  maxBufferedBytes: number;
  log?: { warn(obj: object, msg: string): void };
}

/** Close codes the client can act on. */
export const CLOSE_TOO_SLOW = 1013;
export const CLOSE_UNAVAILABLE = 1011;
export const TOO_SLOW_REASON = 'too slow: events were waiting past the buffer bound; reconnect and refetch';

const DRAIN_CHECK_MS = 50;

/**
 * The bus hands the same event object to every socket of the user, so its
 * JSON is written once per event, not once per socket (a user with many tabs).
 */
const serialized = new WeakMap<LiveEvent, string>();
function toJson(event: LiveEvent): string {
  let text = serialized.get(event);
  if (text === undefined) serialized.set(event, (text = JSON.stringify(event)));
  return text;
}
const CLOSE_GRACE_MS = 5_000;

/** Serves `socket` for `userId` until it closes. Returns once the first events can arrive (the bus subscription is live). */
export async function serveLiveSocket(socket: WebSocket, userId: number, bus: EventBus, o: LiveSocketOptions): Promise<void> {
  // Events held while the socket is backed up, each with its size on the wire.
  let waiting: { event: LiveEvent; bytes: number }[] = [];
  let waitingBytes = 0;
  let drainTimer: NodeJS.Timeout | null = null;
  let closing = false;
  let alive = true;

  const done = () => closing || socket.readyState !== socket.OPEN;

  const closeTooSlow = () => {
    closing = true;
    o.log?.warn({ userId, buffered: socket.bufferedAmount }, 'closing a live socket that does not keep up');
    waiting = [];
    socket.close(CLOSE_TOO_SLOW, TOO_SLOW_REASON);
    setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
  };

  const hold = (event: LiveEvent) => {
    const bytes = Buffer.byteLength(toJson(event));
    waiting.push({ event, bytes });
    waitingBytes += bytes;
  };
  const drop = (i: number) => {
    waitingBytes -= waiting[i]!.bytes;
    waiting.splice(i, 1);
  };

  const wait = (event: LiveEvent) => {
    if (event.type === 'heartbeat') return;
    if (event.type === 'data.updated') {
      const i = waiting.findIndex((w) => w.event.type === 'data.updated');
      const merged = i >= 0 ? mergeDataUpdated(waiting[i]!.event as DataUpdatedEvent, event) : event;
      if (i >= 0) drop(i);
      hold(merged);
    } else if (event.type === 'sync.status') {
      const i = waiting.findIndex((w) => w.event.type === 'sync.status' && w.event.account_id === event.account_id);
      if (i >= 0) drop(i);
      hold(event);
    } else hold(event);
    if (socket.bufferedAmount + waitingBytes > o.maxBufferedBytes) return closeTooSlow();
    drainTimer ??= setTimeout(drain, DRAIN_CHECK_MS);
  };

  const drain = () => {
    drainTimer = null;
    if (done()) return;
    if (socket.bufferedAmount > 0) {
      if (socket.bufferedAmount + waitingBytes > o.maxBufferedBytes) return closeTooSlow();
      drainTimer = setTimeout(drain, DRAIN_CHECK_MS);
      return;
    }
    const out = waiting;
    waiting = [];
    waitingBytes = 0;
    for (const w of out) send(w.event);
  };

  const send = (event: LiveEvent) => {
    if (done()) return;
    if (socket.bufferedAmount > 0 || waiting.length > 0) return wait(event);
    socket.send(toJson(event));
    if (socket.bufferedAmount > o.maxBufferedBytes) closeTooSlow();
  };

  const unsubscribe = bus.subscribe(userId, send);
  socket.on('pong', () => {
    alive = true;
  });
  const heartbeat = setInterval(() => {
    if (done()) return;
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    // The event first: the ping frame may still sit in the buffer, and a backed-up socket skips heartbeats.
    send({ type: 'heartbeat', at: new Date().toISOString() });
    socket.ping();
  }, o.heartbeatMs);
  socket.on('close', () => {
    closing = true;
    clearInterval(heartbeat);
    if (drainTimer) clearTimeout(drainTimer);
    unsubscribe();
  });
  // A socket error is followed by 'close'; without a listener it would be thrown.
  socket.on('error', () => {});

  try {
    await unsubscribe.ready;
  } catch {
    if (!done()) socket.close(CLOSE_UNAVAILABLE, 'live updates are unavailable right now; try again shortly');
    return;
  }
  // The first heartbeat says "subscribed": anything that changed before it must be refetched.
  send({ type: 'heartbeat', at: new Date().toISOString() });
}

/** Two "refetch this" events as one: the union of their platforms and days (sorted). */
export function mergeDataUpdated(a: DataUpdatedEvent, b: DataUpdatedEvent): DataUpdatedEvent {
  return {
    type: 'data.updated',
    platforms: [...new Set([...a.platforms, ...b.platforms])].sort(),
    days: [...new Set([...a.days, ...b.days])].sort(),
  };
}

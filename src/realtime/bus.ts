/**
 * The event bus: how a publisher (ingestion, the sync engine, alerts — in an
 * API process or a worker) reaches every open socket of one user. One
 * interface, two implementations: in-process here, Redis pub/sub in
 * redis-bus.ts when REDIS_URL is set. A user's listeners only ever receive
 * that user's events: the user id is the address.
 */
import type { LiveEvent } from './events.js';

export type LiveListener = (event: LiveEvent) => void;

/**
 * What subscribe() returns: call it to unsubscribe (twice is harmless).
 * `ready` settles once events published from now on will arrive (Redis: the
 * SUBSCRIBE is acknowledged); it rejects when the bus cannot subscribe.
 */
export interface Subscription {
  (): void;
  readonly ready: Promise<void>;
}

export interface EventBus {
  /** Delivers to every subscriber of this user (in every process sharing the bus). Never throws for a listener's failure. */
  publish(userId: number, event: LiveEvent): Promise<void>;
  subscribe(userId: number, listener: LiveListener): Subscription;
  close(): Promise<void>;
}

/** Builds the Subscription function: `off` runs at most once. */
export function subscription(off: () => void, ready: Promise<void>): Subscription {
  let done = false;
  const unsubscribe = () => {
    if (done) return;
    done = true;
    off();
  };
  return Object.assign(unsubscribe, { ready });
}

/**
 * Listeners per user, shared by both buses: the Redis bus keeps one channel
 * subscription per user with at least one listener here.
 */
export class ListenerSet {
  private readonly byUser = new Map<number, Set<LiveListener>>();

  /** Adds a listener; `first` says the user had none before (subscribe the channel). */
  add(userId: number, listener: LiveListener): { first: boolean } {
    let set = this.byUser.get(userId);
    const first = !set;
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(listener);
    return { first };
  }

  /** Removes a listener; `last` says the user has none left (unsubscribe the channel). */
  remove(userId: number, listener: LiveListener): { last: boolean } {
    const set = this.byUser.get(userId);
    if (!set || !set.delete(listener)) return { last: false };
    if (set.size > 0) return { last: false };
    this.byUser.delete(userId);
    return { last: true };
  }

  /** Calls each listener; one that throws does not stop the others. */
  deliver(userId: number, event: LiveEvent): void {
    const set = this.byUser.get(userId);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its socket's business (it closes itself); the rest still get the event.
      }
    }
  }

  count(userId: number): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  users(): number[] {
    return [...this.byUser.keys()];
  }

  clear(): void {
    this.byUser.clear();
  }
}

/** One process, no Redis: publish calls the listeners directly (after the current tick, like a network bus would). */
export function inProcessBus(): EventBus {
  const listeners = new ListenerSet();
  return {
    async publish(userId, event) {
      await Promise.resolve();
      listeners.deliver(userId, event);
    },
    subscribe(userId, listener) {
      listeners.add(userId, listener);
      return subscription(() => listeners.remove(userId, listener), Promise.resolve());
    },
    async close() {
      listeners.clear();
    },
  };
}

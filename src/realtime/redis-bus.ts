/**
 * The event bus over Redis pub/sub, for several processes (API instances and
 * workers): a publish in any of them reaches every socket of that user in all
 * of them.
 *
 * One channel per user. Each process holds one subscriber connection (a
 * connection in subscriber mode can do nothing else) and one for publishing.
 * A channel is subscribed while at least one local listener of that user
 * exists: the first listener subscribes it, the last one to leave
 * unsubscribes it, so closing one of a user's sockets never cuts off the
 * others. Commands on one connection run in order, so a quick
 * unsubscribe-then-subscribe ends subscribed.
 */
import { Redis } from 'ioredis';
import { ListenerSet, subscription, type EventBus } from './bus.js';
import type { LiveEvent } from './events.js';

export interface RedisBusOptions {
  /** Channel name prefix (tests: one per run, so parallel runs never hear each other). */
  prefix?: string;
}

export function redisBus(url: string, options: RedisBusOptions = {}): EventBus {
  const prefix = options.prefix ?? 'pulseboard:live:';
  const publisher = new Redis(url, { maxRetriesPerRequest: 2 });
  // Subscriptions are restored by ioredis after a reconnect (autoResubscribe, on by default).
  const subscriber = new Redis(url, { maxRetriesPerRequest: 2 });
  const listeners = new ListenerSet();
  // The SUBSCRIBE of each subscribed channel; a later listener of the same user waits on it too.
  const subscribed = new Map<number, Promise<void>>();
  const channel = (userId: number) => `${prefix}${userId}`;

  subscriber.on('message', (name: string, message: string) => {
    if (!name.startsWith(prefix)) return;
    const userId = Number(name.slice(prefix.length));
    let event: LiveEvent;
    try {
      event = JSON.parse(message) as LiveEvent;
    } catch {
      return; // Not ours to understand: only this module publishes on these channels.
    }
    listeners.deliver(userId, event);
  });
  // Errors surface through the commands (ready rejects, publish throws); an unhandled 'error' event would crash the process.
  subscriber.on('error', () => {});
  publisher.on('error', () => {});

  return {
    async publish(userId, event) {
      await publisher.publish(channel(userId), JSON.stringify(event));
    },
    subscribe(userId, listener) {
      const { first } = listeners.add(userId, listener);
      if (first) {
        const ready = subscriber.subscribe(channel(userId)).then(() => undefined);
        // Kept rejected-but-handled: every waiter sees the failure through its own `ready`.
        ready.catch(() => {});
        subscribed.set(userId, ready);
      }
      const ready = subscribed.get(userId)!;
      return subscription(() => {
        if (!listeners.remove(userId, listener).last) return;
        subscribed.delete(userId);
        subscriber.unsubscribe(channel(userId)).catch(() => {});
      }, ready);
    },
    async close() {
      listeners.clear();
      subscribed.clear();
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}

import type { Logger } from '../logging/create-logger.js';
import type { Redis } from '../redis/create-redis-client.js';
import { type ChannelSubscription, subscribeToChannel } from '../redis/subscribe-to-channel.js';
import { eventChannelName, parseSwitchyardEvent, type SwitchyardEvent } from './switchyard-event.js';

/** Receives the events of one organization. */
export type EventListener = (event: SwitchyardEvent) => void;

/** One subscription to the events channel per process, fanned out to listeners by organization. */
export interface EventHub {
  /**
   * Adds a listener for one organization's events; resolves once the channel subscription is live (events
   * published after that reach the listener). Returns the function that removes it.
   */
  listen(organizationId: string, listener: EventListener): Promise<() => void>;
  /** How many listeners are attached. */
  readonly listenerCount: number;
  close(): Promise<void>;
}

/** An EventHub that subscribes on the first listener and stays subscribed until closed. */
export function createEventHub(options: { redis: Redis; keyPrefix: string; logger: Logger }): EventHub {
  const listeners = new Map<string, Set<EventListener>>();
  let subscription: ChannelSubscription | undefined;
  let listenerCount = 0;
  let closed = false;

  const deliver = (message: string) => {
    const event = parseSwitchyardEvent(message);
    if (!event) return;
    for (const listener of listeners.get(event.organizationId) ?? []) {
      try {
        listener(event);
      } catch (error) {
        options.logger.warn({ err: error }, 'a live update listener failed');
      }
    }
  };

  return {
    async listen(organizationId, listener) {
      if (closed) throw new Error('the event hub is closed');
      subscription ??= subscribeToChannel({
        redis: options.redis,
        channel: eventChannelName(options.keyPrefix),
        logger: options.logger,
        onMessage: deliver,
      });
      let set = listeners.get(organizationId);
      if (!set) {
        set = new Set();
        listeners.set(organizationId, set);
      }
      set.add(listener);
      listenerCount += 1;
      let removed = false;
      const remove = () => {
        if (removed) return;
        removed = true;
        listenerCount -= 1;
        set.delete(listener);
        if (set.size === 0 && listeners.get(organizationId) === set) listeners.delete(organizationId);
      };
      try {
        await subscription.ready;
      } catch (error) {
        remove();
        throw error;
      }
      return remove;
    },
    get listenerCount() {
      return listenerCount;
    },
    async close() {
      closed = true;
      listeners.clear();
      listenerCount = 0;
      await subscription?.close();
    },
  };
}

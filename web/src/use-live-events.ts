import { useEffect, useRef, useState } from 'react';

/** A job's change as `GET /api/v1/events` sends it (`event: job`). */
export interface JobEvent {
  id: string;
  projectId: string;
  status: string;
  costUsd?: number | null;
  resultUrl?: string | null;
  errorCode?: string | null;
  queuedAt?: string | null;
  finishedAt?: string | null;
}

/** Spend as it happens (`event: usage`). */
export interface UsageEvent {
  projectId: string;
  costUsd: number;
  at: string;
}

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/** What a component wants to hear of an organization's live events. */
export interface LiveHandlers {
  onJob?: (event: JobEvent) => void;
  onUsage?: (event: UsageEvent) => void;
  /** After a dropped connection is back: events sent meanwhile are lost, so read the lists again. */
  onReconnect?: () => void;
}

/** One EventSource per organization, shared by every component on the page that listens to it. */
interface SharedStream {
  source: EventSource;
  state: LiveState;
  listeners: Set<{ handlers: { current: LiveHandlers }; setState: (state: LiveState) => void }>;
}

const streams = new Map<string, SharedStream>();

function openStream(organizationId: string): SharedStream {
  const source = new EventSource(`/api/v1/events?orgId=${encodeURIComponent(organizationId)}`);
  const stream: SharedStream = { source, state: 'connecting', listeners: new Set() };
  const setState = (state: LiveState) => {
    stream.state = state;
    for (const listener of stream.listeners) listener.setState(state);
  };
  const dispatch = <Key extends 'onJob' | 'onUsage'>(key: Key, message: MessageEvent<string>) => {
    let value: unknown;
    try {
      value = JSON.parse(message.data);
    } catch {
      // A malformed event is skipped; the next one (or a reload) brings the page up to date.
      return;
    }
    for (const listener of stream.listeners)
      (listener.handlers.current[key] as ((v: unknown) => void) | undefined)?.(value);
  };
  let dropped = false;
  source.onopen = () => {
    setState('live');
    if (dropped) for (const listener of stream.listeners) listener.handlers.current.onReconnect?.();
    dropped = false;
  };
  source.onerror = () => {
    dropped = true;
    setState('reconnecting');
  };
  source.addEventListener('job', (message) => dispatch('onJob', message));
  source.addEventListener('usage', (message) => dispatch('onUsage', message));
  return stream;
}

/**
 * Subscribes to the organization's Server-Sent Events (same-origin, so the session cookie is sent). The
 * components of a page share one connection; EventSource reconnects by itself after a dropped one.
 */
export function useLiveEvents(organizationId: string, handlers: LiveHandlers): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const stream = streams.get(organizationId) ?? openStream(organizationId);
    streams.set(organizationId, stream);
    const listener = { handlers: latest, setState };
    stream.listeners.add(listener);
    setState(stream.state);
    return () => {
      stream.listeners.delete(listener);
      if (stream.listeners.size > 0) return;
      stream.source.close();
      streams.delete(organizationId);
    };
  }, [organizationId]);
  return state;
}

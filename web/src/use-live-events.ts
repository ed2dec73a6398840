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

/**
 * Subscribes to the organization's Server-Sent Events (same-origin, so the session cookie is sent);
 * EventSource reconnects by itself after a dropped connection.
 */
export function useLiveEvents(
  organizationId: string,
  handlers: {
    onJob?: (event: JobEvent) => void;
    onUsage?: (event: UsageEvent) => void;
    /** After a dropped connection is back: events sent meanwhile are lost, so read the lists again. */
    onReconnect?: () => void;
  },
): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const source = new EventSource(`/api/v1/events?orgId=${encodeURIComponent(organizationId)}`);
    const read = <Value>(listener: ((value: Value) => void) | undefined, message: MessageEvent<string>) => {
      try {
        listener?.(JSON.parse(message.data) as Value);
      } catch {
        // A malformed event is skipped; the next one (or a reload) brings the page up to date.
      }
    };
    let dropped = false;
    source.onopen = () => {
      setState('live');
      if (dropped) latest.current.onReconnect?.();
      dropped = false;
    };
    source.onerror = () => {
      dropped = true;
      setState('reconnecting');
    };
    source.addEventListener('job', (message) => read(latest.current.onJob, message));
    source.addEventListener('usage', (message) => read(latest.current.onUsage, message));
    return () => source.close();
  }, [organizationId]);
  return state;
}

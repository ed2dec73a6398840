import type { LiveState } from '../use-live-events.js';

const text: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/** Whether live updates arrive. */
export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span className={`live live-${state}`} role="status" title="Live updates over Server-Sent Events">
      <span aria-hidden="true" className="dot" /> {text[state]}
    </span>
  );
}

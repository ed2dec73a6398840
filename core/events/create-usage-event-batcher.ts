import type { EventPublisher } from './publish-event.js';

/** What a usage row contributes to a live spend update. */
export interface UsageEventRowSummary {
  projectId: string;
  organizationId: string;
  costUsd: number;
  createdAt: Date;
}

/** Sums written usage rows per project and publishes one `usage` event per project per interval. */
export interface UsageEventBatcher {
  add(rows: readonly UsageEventRowSummary[]): void;
  /** Publishes what is pending and stops the timer. */
  close(): void;
}

interface PendingSpend {
  organizationId: string;
  costUsd: number;
  at: Date;
}

export function createUsageEventBatcher(options: {
  events: EventPublisher;
  intervalMs?: number;
}): UsageEventBatcher {
  const intervalMs = options.intervalMs ?? 1000;
  let pending = new Map<string, PendingSpend>();
  let timer: NodeJS.Timeout | undefined;

  const publishPending = () => {
    timer = undefined;
    const batch = pending;
    pending = new Map();
    for (const [projectId, spend] of batch) {
      options.events.publish({
        type: 'usage',
        organizationId: spend.organizationId,
        data: {
          projectId,
          costUsd: Math.round(spend.costUsd * 1e9) / 1e9,
          at: spend.at.toISOString(),
        },
      });
    }
  };

  return {
    add(rows) {
      for (const row of rows) {
        const spend = pending.get(row.projectId);
        if (spend) {
          spend.costUsd += row.costUsd;
          if (row.createdAt > spend.at) spend.at = row.createdAt;
        } else {
          pending.set(row.projectId, {
            organizationId: row.organizationId,
            costUsd: row.costUsd,
            at: row.createdAt,
          });
        }
      }
      if (pending.size > 0 && !timer) {
        timer = setTimeout(publishPending, intervalMs);
        // A pending live update must not keep a finished process alive.
        timer.unref();
      }
    },
    close() {
      clearTimeout(timer);
      publishPending();
    },
  };
}

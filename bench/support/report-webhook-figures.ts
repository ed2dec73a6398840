import type { ReviewLatencyResult, ReviewTimeline } from './measure-review-latency.js';
import type { WebhookLoadFigures } from './measure-webhook-load.js';

/** One closed-loop load run of bench:webhooks. */
export interface WebhookLoadResult {
  scenario: string;
  connections: number;
  figures: WebhookLoadFigures;
}

/** Everything bench:webhooks measured; parts it skipped (BENCH_ONLY) are undefined or empty. */
export interface WebhookBenchFigures {
  heading: string;
  load: WebhookLoadResult[];
  /** Role all: webhooks accepted and jobs found waiting in the queue afterwards. */
  queued?: { accepted: number; jobs: number; expected: number; drainSeconds: number };
  latency?: ReviewLatencyResult & { action: string };
  /** Postgres queries and Redis commands of the measured latency runs (BENCH_COUNT_CALLS=1). */
  storeCalls?: Record<string, number>;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

function reportLoad(load: WebhookLoadResult[]): void {
  console.table(
    load.map(({ scenario, connections, figures }) => {
      const floor = load.find(
        (result) => result.scenario.startsWith('(a)') && result.connections === connections,
      );
      const refused = Object.entries(figures.statuses).filter(([status]) => status !== '202');
      return {
        scenario,
        connections,
        'accepted/s': Math.round(figures.requestsPerSecond),
        'p50 ms': figures.p50Ms.toFixed(2),
        'p99 ms': figures.p99Ms.toFixed(2),
        '÷ floor': floor ? (figures.requestsPerSecond / floor.figures.requestsPerSecond).toFixed(2) : '',
        'not 202': refused.map(([status, count]) => `${status}×${count}`).join(' '),
      };
    }),
  );
  console.log('Target: ≥ 1,000 accepted/s with p99 < 20 ms in one process.');
}

const stages: Array<[string, (timeline: ReviewTimeline) => number]> = [
  ['webhook answered (202)', (timeline) => timeline.answered],
  ['→ first GitHub call of the job', (timeline) => timeline.firstGitHubCall - timeline.answered],
  ['→ model call', (timeline) => timeline.modelCall - timeline.firstGitHubCall],
  ['→ sticky comment visible', (timeline) => timeline.commented - timeline.modelCall],
  ['webhook → comment (total)', (timeline) => timeline.commented],
];

function reportLatency(latency: ReviewLatencyResult & { action: string }): void {
  const runs = Math.max(1, latency.timelines.length);
  console.log(
    `\nWebhook → review comment: ${latency.timelines.length} pull requests one after the other (after the warm-up), pull_request.${latency.action}, JOB_DEBOUNCE_MS=0, instant model; polled every 1 ms`,
  );
  console.table(
    stages.map(([stage, of]) => {
      const values = latency.timelines.map(of);
      return {
        stage,
        'p50 ms': percentile(values, 0.5).toFixed(1),
        'p90 ms': percentile(values, 0.9).toFixed(1),
        'max ms': Math.max(...values).toFixed(1),
      };
    }),
  );
  console.log('Target: webhook → comment p50 < 150 ms.');
  const githubCalls = [...latency.githubCalls.values()].reduce((sum, count) => sum + count, 0);
  const routes = [...latency.githubCalls.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([route, count]) => `${(count / runs).toFixed(1)}× ${route}`);
  console.log(
    `Per pull request: ${(latency.modelCalls / runs).toFixed(1)} model call(s), ${(githubCalls / runs).toFixed(1)} GitHub calls: ${routes.join(', ')}`,
  );
  for (const failure of latency.failures) console.log(`failed: ${failure}`);
}

function reportStoreCalls(counts: Record<string, number>, pullRequests: number): void {
  const perPullRequest = (count: number) => (count / Math.max(1, pullRequests)).toFixed(1);
  const total = (store: string) =>
    Object.entries(counts)
      .filter(([key]) => key.startsWith(store))
      .reduce((sum, [, count]) => sum + count, 0);
  console.log(
    `Per pull request (its jobs and webhook, and the worker's polling meanwhile): ${perPullRequest(total('postgres'))} Postgres queries, ${perPullRequest(total('redis'))} Redis commands`,
  );
  console.table(
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([call, count]) => ({ call, 'per pull request': perPullRequest(count) })),
  );
}

/** Prints bench:webhooks' tables: figures and the targets beside them, no verdicts enforced. */
export function reportWebhookFigures(figures: WebhookBenchFigures): void {
  console.log(`\n${figures.heading}`);
  if (figures.load.length > 0) reportLoad(figures.load);
  const { queued, latency, storeCalls } = figures;
  if (queued) {
    console.log(
      `Role all: ${queued.accepted} webhooks accepted, ${queued.jobs} jobs waiting in the queue (${queued.expected} expected: one per webhook), the intake drained ${queued.drainSeconds.toFixed(1)} s after the load stopped.`,
    );
  }
  if (latency) reportLatency(latency);
  if (storeCalls && latency) reportStoreCalls(storeCalls, latency.timelines.length);
}

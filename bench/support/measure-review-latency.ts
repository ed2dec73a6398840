import { request } from 'undici';
import type { FakeGitHub, FakeRepository } from '../../test/fakes/github-server.js';
import type { FakeOpenAI } from '../../test/fakes/openai-server.js';
import type { SignedWebhook } from './create-pull-request-webhooks.js';

const reviewMarker = '<!-- switchyard:review -->';
const pollIntervalMs = 1;

/** The stages of one webhook → review comment run, in milliseconds from the webhook's POST. */
export interface ReviewTimeline {
  /** Switchyard answered the webhook (202). */
  answered: number;
  /** The GitHub stand-in received the first call of the job (the worker took it). */
  firstGitHubCall: number;
  /** The model stand-in received the review call. */
  modelCall: number;
  /** The sticky review comment is on the pull request. */
  commented: number;
}

export interface ReviewLatencyResult {
  timelines: ReviewTimeline[];
  /** Pull requests whose comment did not appear within the timeout, or whose webhook was refused. */
  failures: string[];
  /** GitHub calls one measured pull request caused (review and describe jobs), by route, summed. */
  githubCalls: Map<string, number>;
  /** Model calls, summed over the measured pull requests. */
  modelCalls: number;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Opens `warmup + count` pull requests on the stand-in, one after the other; for each, posts its signed
 * webhook to Switchyard and polls the stand-ins (every millisecond, in this process) until the sticky review
 * comment appears, noting when the job's first GitHub call and its model call arrived. Warm-up runs (the
 * installation token, connection pools, JIT) are not returned.
 */
export async function measureReviewLatency(options: {
  url: string;
  github: FakeGitHub;
  openai: FakeOpenAI;
  repository: FakeRepository;
  webhookFor: (number: number, headSha: string) => SignedWebhook;
  count: number;
  warmup: number;
  timeoutMs: number;
  /** Called once the warm-up runs are done, before the first measured one. */
  afterWarmup?: () => void;
}): Promise<ReviewLatencyResult> {
  const { github, openai, repository } = options;
  const timelines: ReviewTimeline[] = [];
  const failures: string[] = [];
  const githubCalls = new Map<string, number>();
  let modelCalls = 0;
  for (let index = 0; index < options.warmup + options.count; index += 1) {
    if (index === options.warmup) options.afterWarmup?.();
    const pull = repository.pullRequest({
      title: `Add module ${index}`,
      body: 'Adds a small module for the benchmark.',
      files: {
        [`src/module-${index}.ts`]: `export function twice${index}(value: number): number {\n  return value * 2;\n}\n`,
      },
    });
    const webhook = options.webhookFor(pull.number, pull.headSha);
    const githubCallsBefore = github.calls.length;
    const modelCallsBefore = openai.calls.length;
    const started = performance.now();
    const timeline: Partial<ReviewTimeline> = {};
    const response = await request(options.url, {
      method: 'POST',
      headers: webhook.headers,
      body: webhook.body,
    });
    await response.body.text();
    timeline.answered = performance.now() - started;
    if (response.statusCode !== 202) {
      failures.push(`#${pull.number}: webhook answered ${response.statusCode}`);
      continue;
    }
    while (performance.now() - started < options.timeoutMs) {
      const now = performance.now() - started;
      if (timeline.firstGitHubCall === undefined && github.calls.length > githubCallsBefore) {
        timeline.firstGitHubCall = now;
      }
      if (timeline.modelCall === undefined && openai.calls.length > modelCallsBefore)
        timeline.modelCall = now;
      if (pull.issueComments().some((comment) => comment.body.includes(reviewMarker))) {
        timeline.commented = now;
        break;
      }
      await sleep(pollIntervalMs);
    }
    if (timeline.commented === undefined) {
      failures.push(`#${pull.number}: no review comment within ${options.timeoutMs} ms`);
    } else if (index >= options.warmup) {
      timelines.push({
        answered: timeline.answered,
        firstGitHubCall: timeline.firstGitHubCall ?? timeline.commented,
        modelCall: timeline.modelCall ?? timeline.commented,
        commented: timeline.commented,
      });
    }
    // Let the run finish its bookkeeping (and the describe job its skip) before the next pull request.
    await sleep(50);
    if (index >= options.warmup) {
      for (const call of github.calls.slice(githubCallsBefore)) {
        const route = call.route ?? `${call.method} ${call.path}`;
        githubCalls.set(route, (githubCalls.get(route) ?? 0) + 1);
      }
      modelCalls += openai.calls.length - modelCallsBefore;
    }
  }
  return { timelines, failures, githubCalls, modelCalls };
}

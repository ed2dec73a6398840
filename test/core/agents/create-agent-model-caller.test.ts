import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createAgentModelCaller } from '../../../core/agents/create-agent-model-caller.js';
import { isSwitchyardError } from '../../../core/errors/switchyard-error.js';
import { createJobKeys } from '../../../core/jobs/job-keys.js';
import type { Router } from '../../../core/llm/router/create-router.js';
import type { RouteInput, RouteOutcome } from '../../../core/llm/router/route-types.js';
import type { ModelRequest } from '../../../core/llm/spec/model-request.js';
import { buildProjectSettings } from '../../support/build-project-settings.js';
import { createTestRedis, testKeyPrefix } from '../../support/test-resources.js';

const redis = createTestRedis('agent-model-caller');
const keys = createJobKeys(testKeyPrefix('agent-calls'));
afterAll(() => redis.quit());

const request: ModelRequest = { messages: [{ role: 'user', content: 'Review this diff.' }] };

/** A router that answers every call with `text` at `costUsd` after one failed candidate, and keeps its inputs. */
function scriptedRouter(costUsd = 0.01, text = 'looks fine') {
  const inputs: RouteInput[] = [];
  const unused = () => Promise.reject(new Error('agents do not stream'));
  const router: Router = {
    async complete(input) {
      inputs.push(input);
      const outcome: RouteOutcome = {
        candidate: 'beta:medium',
        provider: 'beta',
        model: 'medium',
        response: {
          text: `${text} (${inputs.length})`,
          finishReason: 'stop',
          usage: { inputTokens: 120, outputTokens: 30 },
          responseModel: 'medium-2025',
        },
        costUsd,
        cached: false,
        attempts: [
          { candidate: 'alpha:small', outcome: 'failed', errorCode: 'llm.rate_limited', status: 429 },
          { candidate: 'beta:medium', outcome: 'success' },
        ],
        latencyMs: 12,
      };
      return outcome;
    },
    stream: unused,
    drain: async () => {},
  };
  return { router, inputs };
}

function caller(router: Router, jobId: string, perRunUsd?: number) {
  return createAgentModelCaller({
    router,
    settings: buildProjectSettings(),
    redis,
    keys,
    jobId,
    agent: 'review',
    models: ['beta:medium'],
    perRunUsd,
  });
}

describe('createAgentModelCaller', () => {
  it('calls the router once per call name, keyed by the job id and the name', async () => {
    const jobId = `review-${randomUUID()}`;
    const { router, inputs } = scriptedRouter(0.02);
    const record = await caller(router, jobId).call('review-chunk-0', request);
    expect(inputs).toEqual([
      expect.objectContaining({
        callKey: `job:${jobId}:review-chunk-0`,
        requestId: `${jobId}:review-chunk-0`,
        jobId,
        source: 'agent',
        agent: 'review',
        models: ['beta:medium'],
        request,
      }),
    ]);
    expect(record).toEqual({
      name: 'review-chunk-0',
      provider: 'beta',
      model: 'medium',
      text: 'looks fine (1)',
      finishReason: 'stop',
      inputTokens: 120,
      outputTokens: 30,
      costUsd: 0.02,
      failovers: 1,
      cached: false,
      replayed: false,
    });
  });

  it('replays the journaled answer in a rerun of the same job instead of calling the router again', async () => {
    const jobId = `review-${randomUUID()}`;
    const first = scriptedRouter(0.03);
    await caller(first.router, jobId).call('describe', request);

    const second = scriptedRouter(0.03);
    const rerun = caller(second.router, jobId);
    const replayed = await rerun.call('describe', request);
    expect(second.inputs).toHaveLength(0);
    expect(replayed).toMatchObject({
      name: 'describe',
      text: 'looks fine (1)',
      costUsd: 0.03,
      replayed: true,
    });
    expect(rerun.records).toEqual([replayed]);
    expect(rerun.spentUsd()).toBeCloseTo(0.03);
  });

  it('calls the router for a name the earlier run did not reach, and counts both in what was spent', async () => {
    const jobId = `review-${randomUUID()}`;
    await caller(scriptedRouter(0.01).router, jobId).call('review-chunk-0', request);
    const second = scriptedRouter(0.04);
    const rerun = caller(second.router, jobId);
    await rerun.call('review-chunk-0', request);
    const fresh = await rerun.call('review-chunk-1', request);
    expect(fresh.replayed).toBe(false);
    expect(second.inputs.map((input) => input.callKey)).toEqual([`job:${jobId}:review-chunk-1`]);
    expect(rerun.spentUsd()).toBeCloseTo(0.05);
  });

  it('does not share the journal between jobs', async () => {
    await caller(scriptedRouter().router, `review-${randomUUID()}`).call('describe', request);
    const other = scriptedRouter();
    const record = await caller(other.router, `review-${randomUUID()}`).call('describe', request);
    expect(record.replayed).toBe(false);
    expect(other.inputs).toHaveLength(1);
  });

  it('keeps the journal for a limited time', async () => {
    const jobId = `review-${randomUUID()}`;
    await caller(scriptedRouter().router, jobId).call('describe', request);
    const ttl = await redis.ttl(keys.callJournal(jobId));
    expect(ttl).toBeGreaterThan(6 * 24 * 60 * 60);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 60 * 60);
  });

  it('starts no further call once the run has spent its perRunUsd, failing with budget.run_cap_reached', async () => {
    const { router, inputs } = scriptedRouter(0.3);
    const capped = caller(router, `review-${randomUUID()}`, 0.5);
    await capped.call('review-chunk-0', request);
    expect(capped.capReached()).toBe(false);
    await capped.call('review-chunk-1', request);
    expect(capped.capReached()).toBe(true);

    const error = await capped.call('review-chunk-2', request).catch((caught: unknown) => caught);
    expect(isSwitchyardError(error) && error.code).toBe('budget.run_cap_reached');
    expect((error as Error).message).toContain('limits.perRunUsd');
    expect(inputs).toHaveLength(2);
  });

  it('counts replayed calls toward the per-run cap, since they belong to this run', async () => {
    const jobId = `review-${randomUUID()}`;
    await caller(scriptedRouter(0.6).router, jobId).call('review-chunk-0', request);
    const second = scriptedRouter(0.6);
    const rerun = caller(second.router, jobId, 0.5);
    await rerun.call('review-chunk-0', request);
    expect(rerun.capReached()).toBe(true);
    await expect(rerun.call('review-chunk-1', request)).rejects.toMatchObject({
      code: 'budget.run_cap_reached',
    });
    expect(second.inputs).toHaveLength(0);
  });
});

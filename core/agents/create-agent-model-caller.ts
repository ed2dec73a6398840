import { SwitchyardError } from '../errors/switchyard-error.js';
import type { JobKeys } from '../jobs/job-keys.js';
import type { Router } from '../llm/router/create-router.js';
import type { ModelRequest } from '../llm/spec/model-request.js';
import type { FinishReason } from '../llm/spec/model-response.js';
import type { ProjectSettings, RoutingPolicyName } from '../projects/project-settings.js';
import type { Redis } from '../redis/create-redis-client.js';

/** One model call an agent made, as its footer and the job's cost report it. */
export interface AgentCallRecord {
  /** The call's name within the job (`review-chunk-0`, `describe`…). */
  name: string;
  provider: string;
  model: string;
  text: string;
  finishReason: FinishReason;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Candidates that failed before this one answered. */
  failovers: number;
  cached: boolean;
  /** True when a previous run of the same job made this call and its answer was reused (charged once). */
  replayed: boolean;
}

/** Makes an agent's model calls through the router, once per call name per job. */
export interface AgentModelCaller {
  call(name: string, request: ModelRequest): Promise<AgentCallRecord>;
  /** Every call made (or replayed) so far, in order of completion. */
  readonly records: readonly AgentCallRecord[];
  /** What the job's calls cost, replayed ones included (they were charged once, by the run that made them). */
  spentUsd(): number;
  /** True once `limits.perRunUsd` is reached (replayed calls count: they belong to this run). */
  capReached(): boolean;
}

export interface AgentModelCallerOptions {
  router: Router;
  /** The project's settings, with the limits `.switchyard.yml` may have lowered. */
  settings: ProjectSettings;
  redis: Redis;
  keys: Pick<JobKeys, 'callJournal'>;
  jobId: string;
  /** The routing rule to use (`review`, `describe`, `ask`; falls back to `default`). */
  agent: string;
  /** `models.candidates` from `.switchyard.yml`. */
  models?: string[];
  policy?: RoutingPolicyName;
  signal?: AbortSignal;
  /** `limits.perRunUsd`: once the run has spent this much, it starts no further call. */
  perRunUsd?: number;
  /** How long the journal is kept (7 days: longer than any retry of the job). */
  journalTtlSeconds?: number;
}

/**
 * BullMQ delivers at least once: a job can run again after it already called the model (a worker killed
 * after the call, a retry after a failed post). Each call is journaled in Redis under the job id and its
 * name; a rerun replays the journaled answer instead of calling (and paying) again. The router's settle key
 * is the same name, so even a call whose journal write was lost is charged once by the ledger.
 */
export function createAgentModelCaller(options: AgentModelCallerOptions): AgentModelCaller {
  const { router, redis, jobId } = options;
  const journalKey = options.keys.callJournal(jobId);
  const ttl = options.journalTtlSeconds ?? 7 * 24 * 60 * 60;
  const records: AgentCallRecord[] = [];

  return {
    records,
    spentUsd: () => records.reduce((sum, record) => sum + record.costUsd, 0),
    capReached: () =>
      options.perRunUsd !== undefined &&
      records.reduce((sum, record) => sum + record.costUsd, 0) >= options.perRunUsd,
    async call(name, request) {
      const journaled = await redis.hget(journalKey, name);
      if (journaled) {
        const record: AgentCallRecord = { ...(JSON.parse(journaled) as AgentCallRecord), replayed: true };
        records.push(record);
        return record;
      }
      const spent = records.reduce((sum, record) => sum + record.costUsd, 0);
      if (options.perRunUsd !== undefined && spent >= options.perRunUsd) {
        throw new SwitchyardError({
          code: 'budget.run_cap_reached',
          status: 402,
          message: `This run has spent $${spent.toFixed(4)} of its $${options.perRunUsd.toFixed(2)} cap (limits.perRunUsd in .switchyard.yml).`,
        });
      }
      const outcome = await router.complete({
        settings: options.settings,
        request,
        callKey: `job:${jobId}:${name}`,
        requestId: `${jobId}:${name}`,
        jobId,
        source: 'agent',
        agent: options.agent,
        models: options.models,
        policy: options.policy,
        signal: options.signal,
      });
      const record: AgentCallRecord = {
        name,
        provider: outcome.provider,
        model: outcome.model,
        text: outcome.response.text,
        finishReason: outcome.response.finishReason,
        inputTokens: outcome.response.usage.inputTokens,
        outputTokens: outcome.response.usage.outputTokens,
        costUsd: outcome.costUsd,
        failovers: outcome.attempts.filter((attempt) => attempt.outcome === 'failed').length,
        cached: outcome.cached,
        replayed: false,
      };
      await redis.multi().hset(journalKey, name, JSON.stringify(record)).expire(journalKey, ttl).exec();
      records.push(record);
      return record;
    },
  };
}

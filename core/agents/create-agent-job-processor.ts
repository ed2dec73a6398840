import type { BudgetLedger } from '../budgets/budget-ledger.js';
import { nanoToUsd, usdToNano } from '../budgets/money.js';
import type { RepositoryConfig } from '../config/repository-config/repository-config-schema.js';
import { shouldIgnorePullRequest } from '../config/repository-config/should-ignore-pull-request.js';
import { summarizeRepositoryConfig } from '../config/repository-config/summarize-repository-config.js';
import type { PrismaClient } from '../db/create-prisma-client.js';
import { isSwitchyardError, SwitchyardError } from '../errors/switchyard-error.js';
import type { FailedJob, JobContext, JobProcessor, JobResult } from '../jobs/job-context.js';
import { createJobKeys } from '../jobs/job-keys.js';
import {
  type CodePlatform,
  isPullRequestJob,
  type JobPlatform,
  type JobRequest,
  type PullRequestJobRequest,
  targetPlatformOf,
} from '../jobs/job-request.js';
import type { Router } from '../llm/router/create-router.js';
import type { Logger } from '../logging/create-logger.js';
import type { PlatformProjectDirectory } from '../projects/create-platform-project-directory.js';
import type { ProjectSettingsStore } from '../projects/create-project-settings-store.js';
import type { ProjectSettings } from '../projects/project-settings.js';
import type { Redis } from '../redis/create-redis-client.js';
import type { AgentRun, AgentRunResult } from './agent-run.js';
import { authorizeCommand } from './authorize-command.js';
import { defaultCommandPrefix } from './commands/parse-comment-command.js';
import { runChatCommand } from './commands/run-chat-command.js';
import { type AgentModelCaller, createAgentModelCaller } from './create-agent-model-caller.js';
import {
  createCommentChannel,
  createConversationChannel,
  createWebChannel,
} from './create-command-channel.js';
import { createPullRequestStateStore } from './create-pull-request-state-store.js';
import { describeJobFailure } from './describe-job-failure.js';
import { loadPullRequestConfig, previewConfigChange } from './load-pull-request-config.js';
import type {
  ChangeSource,
  ConversationSink,
  PullRequestPlatform,
  ResultSink,
} from './pull-request-platform.js';
import { refreshRepositoryConfig } from './refresh-repository-config.js';
import { runAskAgent } from './run-ask-agent.js';
import { runDescribeAgent } from './run-describe-agent.js';
import { runReviewAgent } from './run-review-agent.js';
import { serializeSinkWrites } from './serialize-sink-writes.js';
import { stickyMarker } from './sticky-markers.js';

export interface AgentJobProcessorOptions {
  /** Where pull requests live: source and sink per code platform. */
  platforms: Partial<Record<CodePlatform, PullRequestPlatform>>;
  /** Chats that send commands (Slack): their progress and results go back there. */
  conversations?: Partial<Record<JobPlatform, ConversationSink>>;
  projectSettings: Pick<ProjectSettingsStore, 'get'>;
  router: Router;
  ledger: BudgetLedger;
  prisma: PrismaClient;
  redis: Redis;
  keyPrefix: string;
  directory: Pick<PlatformProjectDirectory, 'recordRepositoryConfig'>;
  logger: Logger;
}

/** The worker's processor and its failure hook: one place that turns a job into agent work and posts. */
export interface AgentJobProcessor {
  process: JobProcessor;
  /** Posts the one failure message of a job that failed for good. */
  onFailed(job: FailedJob, error: Error): Promise<void>;
}

/** The project's limits with the file's lower daily and monthly limits applied (it may only lower them). */
function applyFileLimits(settings: ProjectSettings, config: RepositoryConfig): ProjectSettings {
  const lower = (current: number | undefined, fileUsd: number | undefined) =>
    fileUsd === undefined ? current : Math.min(current ?? Number.POSITIVE_INFINITY, usdToNano(fileUsd));
  const project = {
    ...settings.limits.project,
    dailyNano: lower(settings.limits.project.dailyNano, config.limits.dailyUsd),
    monthlyNano: lower(settings.limits.project.monthlyNano, config.limits.monthlyUsd),
  };
  return { ...settings, limits: { ...settings.limits, project } };
}

function projectLimitsInUsd(settings: ProjectSettings) {
  const { dailyNano, monthlyNano } = settings.limits.project;
  return {
    dailyUsd: dailyNano === undefined ? undefined : nanoToUsd(dailyNano),
    monthlyUsd: monthlyNano === undefined ? undefined : nanoToUsd(monthlyNano),
  };
}

/** Why no automatic run happens on this event at all (closed, outdated, paused, ignored), or undefined. */
function automaticSkipReason(
  run: AgentRun,
  request: JobRequest,
  pausedBy: string | undefined,
): string | undefined {
  const { pullRequest, config } = run;
  if (pullRequest.state !== 'open') return `the pull request is ${pullRequest.state}`;
  if (request.revision !== pullRequest.headSha) return 'a newer commit was pushed; its own run reviews it';
  if (pausedBy !== undefined) return `automatic runs are paused by ${pausedBy}`;
  const decision = shouldIgnorePullRequest(config, {
    author: pullRequest.author.login,
    isBot: pullRequest.author.isBot,
    labels: pullRequest.labels,
    baseBranch: pullRequest.baseRef,
    sourceBranch: pullRequest.headRef,
    title: pullRequest.title,
    draft: pullRequest.draft,
  });
  return decision.ignore ? decision.reason : undefined;
}

/** Whether `.switchyard.yml` starts `agent` on this event. */
function agentRunsOn(
  config: RepositoryConfig,
  agent: 'review' | 'describe',
  event: string | undefined,
): boolean {
  const settings = config.agents[agent];
  return settings.enabled && (settings.triggers as readonly string[]).includes(event ?? '');
}

/** Why a command for an agent is refused by the file, or undefined. */
function disabledAgentReason(
  config: RepositoryConfig,
  agent: 'review' | 'describe' | 'ask',
  request: Pick<JobRequest, 'requestedVia'>,
): string | undefined {
  const settings = config.agents[agent];
  if (!settings.enabled)
    return `The ${agent} agent is disabled in \`.switchyard.yml\` (\`agents.${agent}.enabled\`).`;
  // A re-run from the web page repeats a run the file allowed; it is not a comment command.
  if (request.requestedVia === 'web') return undefined;
  if (!(settings.triggers as readonly string[]).includes('command')) {
    return `The ${agent} agent does not answer commands here (\`agents.${agent}.triggers\` has no \`command\`).`;
  }
  return undefined;
}

export function createAgentJobProcessor(options: AgentJobProcessorOptions): AgentJobProcessor {
  const { prisma, redis, logger } = options;
  const keys = createJobKeys(options.keyPrefix);
  const states = createPullRequestStateStore(prisma);

  const platformOf = (request: JobRequest): PullRequestPlatform => {
    const target = targetPlatformOf(request);
    const platform = options.platforms[target];
    if (!platform) {
      throw new SwitchyardError({
        code: 'job.platform_unavailable',
        message: `This Switchyard has no ${target} integration configured, so it cannot run jobs on ${target} pull requests.`,
      });
    }
    return platform;
  };

  const open = async (request: PullRequestJobRequest) => {
    const opened = await platformOf(request).open({
      organizationId: request.organizationId,
      projectId: request.projectId,
      repository: request.target.repository,
      number: request.target.number,
    });
    // The config preview and the agent both read the files: once per run.
    let files: ReturnType<ChangeSource['listChangedFiles']> | undefined;
    const source: ChangeSource = {
      ...opened.source,
      listChangedFiles: () => {
        files ??= opened.source.listChangedFiles();
        return files;
      },
    };
    const sink = serializeSinkWrites(opened.sink, {
      redis,
      keyPrefix: options.keyPrefix,
      projectId: request.projectId,
      number: request.target.number,
    });
    return { source, sink };
  };

  const process: JobProcessor = async (job: JobContext): Promise<JobResult> => {
    const { request } = job;
    if (!isPullRequestJob(request)) {
      const repository = await platformOf(request).openRepository({
        organizationId: request.organizationId,
        projectId: request.projectId,
        repository: request.target.repository,
      });
      return refreshRepositoryConfig({ job, repository, directory: options.directory });
    }
    const { source, sink } = await open(request);
    const [pullRequest, baseSettings] = await Promise.all([
      source.getPullRequest(),
      options.projectSettings.get(request.projectId),
    ]);
    // Started now, awaited where needed: the config, the files and the pull request's state load together.
    const statePromise = states.read(request.projectId, request.target.number);
    statePromise.catch(() => {});
    if (request.agent !== 'command') source.listChangedFiles().catch(() => {});
    const loaded = await loadPullRequestConfig({
      source,
      sink,
      pullRequest,
      projectLimits: projectLimitsInUsd(baseSettings),
    });
    const { config } = loaded;
    if (pullRequest.baseRef === pullRequest.defaultBranch) {
      await options.directory.recordRepositoryConfig(
        request.projectId,
        summarizeRepositoryConfig(config, loaded.source, defaultCommandPrefix),
      );
    }
    const settings = applyFileLimits(baseSettings, config);
    const extraCallers: AgentModelCaller[] = [];
    const callerFor = (agent: string) => {
      const created = createAgentModelCaller({
        router: options.router,
        settings,
        redis,
        keys,
        jobId: job.jobId,
        agent,
        models: config.models.candidates,
        policy: config.models.policy,
        signal: job.signal,
        perRunUsd: config.limits.perRunUsd,
      });
      if (agent !== request.agent) extraCallers.push(created);
      return created;
    };
    const caller = callerFor(request.agent);
    const run: AgentRun = {
      job,
      source,
      sink,
      pullRequest,
      config,
      configWarnings: loaded.warnings,
      settings,
      caller,
      states,
    };
    const finish = (result: AgentRunResult): JobResult => {
      if (result.skipped) job.logger.info({ reason: result.skipped }, 'agent run skipped');
      return { costUsd: caller.spentUsd(), resultUrl: result.resultUrl };
    };

    if (
      request.agent === 'review' &&
      (request.trigger === 'command' || request.revision === pullRequest.headSha)
    ) {
      await previewConfigChange({
        source,
        sink,
        pullRequest,
        files: await source.listChangedFiles(),
        projectLimits: projectLimitsInUsd(baseSettings),
      });
    }
    if (request.trigger === 'automatic') {
      const state = await statePromise;
      const skip = automaticSkipReason(run, request, state.pausedBy);
      if (skip) return finish({ skipped: skip });
      // An opened pull request gets one job: it reviews and, where the file asks for it, describes too.
      const agents = (['review', 'describe'] as const).filter(
        (agent) =>
          agentRunsOn(config, agent, request.event) &&
          (agent === request.agent || (request.agent === 'review' && request.event === 'opened')),
      );
      if (agents.length === 0)
        return finish({ skipped: `${request.event} starts no agent in .switchyard.yml` });
      const results = await Promise.all(
        agents.map((agent) =>
          agent === 'review'
            ? runReviewAgent(run, state)
            : runDescribeAgent(
                request.agent === 'describe' ? run : { ...run, caller: callerFor('describe') },
              ),
        ),
      );
      if (results.some((result) => !result.skipped)) await resolveFailureComment(sink);
      const costUsd = [caller, ...extraCallers].reduce((sum, each) => sum + each.spentUsd(), 0);
      return { costUsd, resultUrl: results.find((result) => result.resultUrl)?.resultUrl };
    }

    const requestedBy = request.requestedBy ?? '';
    const conversation = options.conversations?.[request.platform];
    // A web re-run was authorized by the management API (a member of the organization asked for it).
    const fromWeb = request.requestedVia === 'web';
    const channel = fromWeb
      ? createWebChannel()
      : conversation
        ? createConversationChannel(request, conversation, {
            pullRequest,
            callers: () => [caller, ...extraCallers],
          })
        : createCommentChannel(request, sink, job.jobId);
    const publicCommand =
      request.agent === 'command' && (request.command === 'help' || request.command === 'unknown');
    if (!publicCommand && !fromWeb) {
      const authorization = await authorizeCommand({ source, config, login: requestedBy });
      if (!authorization.allowed) {
        const url = await channel.refuse(authorization.message);
        return finish({ resultUrl: url, skipped: `refused: ${authorization.reason}` });
      }
    }
    await channel.acknowledge();
    let result: AgentRunResult;
    if (request.agent === 'command') {
      const body = await runChatCommand({
        command: request.command!,
        commandText: request.commandText,
        requestedBy,
        platform: request.platform,
        prefix: config.commands.prefix,
        projectId: request.projectId,
        number: request.target.number,
        settings,
        states,
        ledger: options.ledger,
        prisma,
        perRunUsd: config.limits.perRunUsd,
      });
      result = { resultUrl: await channel.answer(body) };
    } else {
      const disabled = disabledAgentReason(config, request.agent, request);
      if (disabled) {
        result = { resultUrl: await channel.refuse(disabled), skipped: disabled };
        return finish(result);
      } else if (request.agent === 'review') {
        result = await runReviewAgent(run, await states.read(request.projectId, request.target.number));
      } else if (request.agent === 'describe') {
        result = await runDescribeAgent(run);
      } else {
        result = await runAskAgent(run, {
          question: request.question!,
          answer: async (body) => (await channel.answer(body)) ?? '',
        });
      }
    }
    const completed = await channel.complete(result);
    if (request.agent === 'review' || request.agent === 'describe') await resolveFailureComment(sink);
    return finish({ ...result, resultUrl: result.resultUrl ?? completed });
  };

  const onFailed = async (failed: FailedJob, error: Error) => {
    const { request } = failed;
    // A repository-wide job has no pull request to comment on: job_runs and the log carry its error.
    if (!isPullRequestJob(request)) return;
    const message = describeJobFailure(error, failed);
    try {
      const conversation =
        request.requestedVia === 'web' ? undefined : options.conversations?.[request.platform];
      if (conversation) {
        await conversation.fail(request.replyTo ?? {}, message);
        return;
      }
      const { sink } = await open(request);
      if (request.trigger === 'command' && request.replyTo) {
        await createCommentChannel(request, sink, failed.jobId).refuse(message);
      } else {
        await postFailureComment(sink, message);
      }
    } catch (postError) {
      logger.error(
        { err: postError, jobId: failed.jobId, code: isSwitchyardError(error) ? error.code : undefined },
        'could not post the failure message of a job',
      );
    }
  };

  return { process, onFailed };
}

async function postFailureComment(sink: ResultSink, message: string): Promise<void> {
  await sink.upsertStickyComment(stickyMarker('failure'), message);
}

const resolvedNote = '### ✅ Resolved';

/** After a success, an earlier failure comment says it is resolved, so nobody chases a stale error. */
async function resolveFailureComment(sink: ResultSink): Promise<void> {
  const failure = await sink.readStickyComment(stickyMarker('failure'));
  if (!failure || failure.body.startsWith(resolvedNote)) return;
  await sink.upsertStickyComment(
    stickyMarker('failure'),
    `${resolvedNote}

A later run succeeded; the failure reported here earlier no longer applies.`,
  );
}

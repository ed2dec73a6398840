import { z } from 'zod';
import { SwitchyardError } from '../errors/switchyard-error.js';

/** Where a job request came from. */
export const jobPlatformSchema = z.enum(['github', 'gitlab', 'slack']);
export type JobPlatform = z.infer<typeof jobPlatformSchema>;

/**
 * What a job runs: one of the built-in agents, `command` for the comment commands that call no model
 * (`help`, `pause`, `resume`, `budget`, an unknown one), or `config`, which re-reads a repository's
 * `.switchyard.yml` from its default branch and records it (no model, nothing posted). Commands go through
 * the queue too, so the webhook answers at once and the permission check and the reply survive a restart.
 */
export const jobAgentSchema = z.enum(['review', 'describe', 'ask', 'command', 'config']);
export type JobAgent = z.infer<typeof jobAgentSchema>;

/** The comment commands that call no model; `unknown` answers with the help text. */
export const chatCommandNames = ['help', 'pause', 'resume', 'budget', 'unknown'] as const;
export const chatCommandSchema = z.enum(chatCommandNames);
export type ChatCommand = z.infer<typeof chatCommandSchema>;

/** The platform event behind an automatic job; the worker checks it against the agent's configured triggers. */
export const pullRequestEventNames = ['opened', 'synchronize', 'reopened', 'ready_for_review'] as const;
export const pullRequestEventSchema = z.enum(pullRequestEventNames);
export type PullRequestEvent = z.infer<typeof pullRequestEventSchema>;

/** `automatic` for events (opened, new commits), `command` for work a person asked for. */
export const jobTriggerSchema = z.enum(['automatic', 'command']);
export type JobTrigger = z.infer<typeof jobTriggerSchema>;

/** Where a pull request lives. */
export const codePlatformSchema = z.enum(['github', 'gitlab']);
export type CodePlatform = z.infer<typeof codePlatformSchema>;

/** `owner/name` on GitHub, the project path (`group/subgroup/project`) on GitLab. */
const repositoryNameSchema = z.string().trim().min(1).max(500);

/** One pull request (a merge request on GitLab): what every agent but `config` works on. */
export const pullRequestTargetSchema = z.object({
  kind: z.literal('pull_request'),
  /** Where the pull request lives; defaults to the request's platform (required for requests from Slack). */
  platform: codePlatformSchema.optional(),
  repository: repositoryNameSchema,
  number: z.number().int().positive(),
});
export type PullRequestTarget = z.infer<typeof pullRequestTargetSchema>;

/** A whole repository: what the `config` agent works on. */
export const repositoryTargetSchema = z.object({
  kind: z.literal('repository'),
  platform: codePlatformSchema.optional(),
  repository: repositoryNameSchema,
});
export type RepositoryTarget = z.infer<typeof repositoryTargetSchema>;

/** What a job works on. */
export const jobTargetSchema = z.discriminatedUnion('kind', [
  pullRequestTargetSchema,
  repositoryTargetSchema,
]);
export type JobTarget = z.infer<typeof jobTargetSchema>;

/** One unit of agent work, as the apps enqueue it and the worker receives it. */
export const jobRequestSchema = z
  .object({
    projectId: z.uuid(),
    organizationId: z.uuid(),
    platform: jobPlatformSchema,
    target: jobTargetSchema,
    agent: jobAgentSchema,
    /** The head commit SHA the job works on (for `config`, the pushed commit or what connected the repository). */
    revision: z.string().trim().min(1).max(200),
    trigger: jobTriggerSchema,
    /** Login of the person who typed the command. */
    requestedBy: z.string().trim().min(1).max(200).optional(),
    /** The question of an `ask`. */
    question: z.string().trim().min(1).max(20_000).optional(),
    /** The command of a `command` job. */
    command: chatCommandSchema.optional(),
    /** What the person typed after the command word (for an `unknown` command, the word itself). */
    commandText: z.string().max(2_000).optional(),
    /** The event that started an automatic job. */
    event: pullRequestEventSchema.optional(),
    /** Where to answer (a comment id, a Slack channel and thread…), opaque to the pipeline. */
    replyTo: z.record(z.string(), z.unknown()).optional(),
    /**
     * `web`: a re-run asked for on the web page. The management API checked the user's role already, so the
     * worker skips the platform permission check and posts no command replies (there is no comment).
     */
    requestedVia: z.literal('web').optional(),
    /** The Switchyard user id behind a `web` request. */
    requestedByUser: z.string().trim().min(1).max(200).optional(),
    /** The webhook delivery that caused the request. */
    deliveryId: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((request, context) => {
    if (request.agent === 'ask' && request.question === undefined) {
      context.addIssue({ code: 'custom', path: ['question'], message: 'is required for the ask agent' });
    }
    if (request.agent !== 'ask' && request.question !== undefined) {
      context.addIssue({ code: 'custom', path: ['question'], message: 'is only accepted by the ask agent' });
    }
    if ((request.agent === 'command') !== (request.command !== undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['command'],
        message: 'is required for, and only for, command jobs',
      });
    }
    if (request.platform === 'slack' && request.target.platform === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['target', 'platform'],
        message: 'is required for requests from Slack',
      });
    }
    if ((request.agent === 'config') !== (request.target.kind === 'repository')) {
      context.addIssue({
        code: 'custom',
        path: ['target', 'kind'],
        message: 'must be repository for, and only for, config jobs',
      });
    }
    if (
      request.trigger === 'automatic' &&
      request.target.kind === 'pull_request' &&
      request.event === undefined
    ) {
      context.addIssue({ code: 'custom', path: ['event'], message: 'is required for automatic jobs' });
    }
  });
export type JobRequest = z.infer<typeof jobRequestSchema>;

/** A request for work on one pull request: every agent but `config` (the schema ties the two together). */
export type PullRequestJobRequest = JobRequest & {
  target: PullRequestTarget;
  agent: Exclude<JobAgent, 'config'>;
};

/** Whether a request works on a pull request (rather than on a whole repository). */
export function isPullRequestJob(request: JobRequest): request is PullRequestJobRequest {
  return request.target.kind === 'pull_request';
}

/** The outcome of parsing untrusted input into a JobRequest. */
export type JobRequestParseResult =
  | { success: true; value: JobRequest }
  | { success: false; error: SwitchyardError };

/** Parses untrusted input into a JobRequest; a failure is a `job.invalid_request` error naming each field. */
export function parseJobRequest(input: unknown): JobRequestParseResult {
  const result = jobRequestSchema.safeParse(input);
  if (result.success) return { success: true, value: result.data };
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : 'request';
    return `${path}: ${issue.message}`;
  });
  return {
    success: false,
    error: new SwitchyardError({
      code: 'job.invalid_request',
      status: 400,
      message: `The job request is invalid: ${problems.join('; ')}`,
    }),
  };
}

/** The platform a request's pull request lives on. */
export function targetPlatformOf(request: Pick<JobRequest, 'platform' | 'target'>): CodePlatform {
  return request.target.platform ?? (request.platform === 'gitlab' ? 'gitlab' : 'github');
}

import { z } from 'zod';
import { SwitchyardError } from '../errors/switchyard-error.js';

/** Where a job request came from. */
export const jobPlatformSchema = z.enum(['github', 'gitlab', 'slack']);
export type JobPlatform = z.infer<typeof jobPlatformSchema>;

/** The built-in agents a job can run. */
export const jobAgentSchema = z.enum(['review', 'describe', 'ask']);
export type JobAgent = z.infer<typeof jobAgentSchema>;

/** `automatic` for events (opened, new commits), `command` for work a person asked for. */
export const jobTriggerSchema = z.enum(['automatic', 'command']);
export type JobTrigger = z.infer<typeof jobTriggerSchema>;

/** What a job works on: one pull request (a merge request on GitLab). */
export const jobTargetSchema = z.object({
  kind: z.literal('pull_request'),
  /** `owner/name` on GitHub, the project path (`group/subgroup/project`) on GitLab. */
  repository: z.string().trim().min(1).max(500),
  number: z.number().int().positive(),
});
export type JobTarget = z.infer<typeof jobTargetSchema>;

/** One unit of agent work, as the apps enqueue it and the worker receives it. */
export const jobRequestSchema = z
  .object({
    projectId: z.uuid(),
    organizationId: z.uuid(),
    platform: jobPlatformSchema,
    target: jobTargetSchema,
    agent: jobAgentSchema,
    /** The head commit SHA the job works on. */
    revision: z.string().trim().min(1).max(200),
    trigger: jobTriggerSchema,
    /** Login of the person who typed the command. */
    requestedBy: z.string().trim().min(1).max(200).optional(),
    /** The question of an `ask`. */
    question: z.string().trim().min(1).max(20_000).optional(),
    /** Where to answer (a comment id, a Slack channel and thread…), opaque to the pipeline. */
    replyTo: z.record(z.string(), z.unknown()).optional(),
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
  });
export type JobRequest = z.infer<typeof jobRequestSchema>;

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

import { z } from 'zod';
import { pushedCommitFilesSchema } from '../../core/agents/screen-config-push.js';

/**
 * The fields of GitHub's webhook payloads Switchyard reads, validated at the edge. Everything else in a
 * payload is ignored; a payload missing one of these is answered 400 and nothing is enqueued.
 */
const accountSchema = z.object({ login: z.string().min(1), type: z.string().optional() });
const installationReferenceSchema = z.object({ id: z.number().int().positive() });
const repositorySchema = z.object({
  id: z.number().int().positive(),
  full_name: z.string().min(3),
});

export const pullRequestPayloadSchema = z.object({
  action: z.string(),
  installation: installationReferenceSchema,
  repository: repositorySchema,
  sender: accountSchema,
  pull_request: z.object({
    number: z.number().int().positive(),
    draft: z.boolean().optional().default(false),
    state: z.string(),
    head: z.object({ sha: z.string().min(7) }),
    user: accountSchema,
  }),
});
export type PullRequestPayload = z.infer<typeof pullRequestPayloadSchema>;

export const issueCommentPayloadSchema = z.object({
  action: z.string(),
  installation: installationReferenceSchema,
  repository: repositorySchema,
  sender: accountSchema,
  issue: z.object({
    number: z.number().int().positive(),
    state: z.string().optional(),
    pull_request: z.object({ url: z.string().optional() }).optional(),
  }),
  comment: z.object({
    id: z.number().int().positive(),
    body: z
      .string()
      .nullable()
      .transform((body) => body ?? ''),
    html_url: z.string().optional(),
    user: accountSchema,
  }),
});
export type IssueCommentPayload = z.infer<typeof issueCommentPayloadSchema>;

/** Only what tells whether a push changed `.switchyard.yml` on the default branch. */
export const pushPayloadSchema = z.object({
  ref: z.string(),
  /** The branch's new head (all zeros when the push deleted it). */
  after: z.string().min(7),
  created: z.boolean().optional().default(false),
  deleted: z.boolean().optional().default(false),
  forced: z.boolean().optional().default(false),
  installation: installationReferenceSchema,
  repository: repositorySchema.extend({ default_branch: z.string().min(1) }),
  /** At most 2,048 commits, each listing at most 3,000 changed files. */
  commits: z.array(pushedCommitFilesSchema).optional().default([]),
  /** The number of pushed commits where a payload carries it (the Events API does; webhook deliveries do not). */
  size: z.number().int().nonnegative().optional(),
});
export type PushPayload = z.infer<typeof pushPayloadSchema>;

/** A validated payload of an event that can start work, by event. */
export type GitHubEventPayload =
  | { kind: 'pull_request'; value: PullRequestPayload }
  | { kind: 'issue_comment'; value: IssueCommentPayload }
  | { kind: 'push'; value: PushPayload };

const eventSchemas = {
  pull_request: pullRequestPayloadSchema,
  issue_comment: issueCommentPayloadSchema,
  push: pushPayloadSchema,
} as const;

/**
 * Validates the payload of an `X-GitHub-Event` that can start work: undefined for other events, else the
 * payload or the paths of the fields that are missing or invalid.
 */
export function parseGitHubEventPayload(
  event: string,
  payload: unknown,
): { success: true; value: GitHubEventPayload } | { success: false; fields: string[] } | undefined {
  if (!Object.hasOwn(eventSchemas, event)) return undefined;
  const kind = event as keyof typeof eventSchemas;
  const result = eventSchemas[kind].safeParse(payload);
  if (!result.success) {
    return { success: false, fields: result.error.issues.map((issue) => issue.path.join('.') || 'payload') };
  }
  return { success: true, value: { kind, value: result.data } as GitHubEventPayload };
}

const installedRepositorySchema = z.object({ id: z.number().int().positive(), full_name: z.string().min(3) });

export const installationPayloadSchema = z.object({
  action: z.string(),
  installation: installationReferenceSchema.extend({
    account: z
      .object({ login: z.string().min(1), type: z.string().optional() })
      .nullable()
      .optional(),
  }),
  repositories: z.array(installedRepositorySchema).optional(),
  repositories_added: z.array(installedRepositorySchema).optional(),
  repositories_removed: z.array(installedRepositorySchema.partial({ full_name: true })).optional(),
  sender: accountSchema.optional(),
});
export type InstallationPayload = z.infer<typeof installationPayloadSchema>;

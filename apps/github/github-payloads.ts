import { z } from 'zod';

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

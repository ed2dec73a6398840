import { z } from 'zod';
import { pushedCommitFilesSchema } from '../../core/agents/screen-config-push.js';

/**
 * The fields of GitLab's webhook payloads Switchyard reads, validated at the edge (field names as in
 * GitLab's "Webhook events" documentation). Everything else in a payload is ignored; a payload missing one
 * of these is answered 400 and nothing is enqueued. Project and group webhooks send the same payloads.
 */

/** `X-Gitlab-Event` of the hooks that can start work; every other event is answered 200 and ignored. */
export const mergeRequestHookEvent = 'Merge Request Hook';
export const noteHookEvent = 'Note Hook';
export const pushHookEvent = 'Push Hook';
export const gitlabHookEventsRead: ReadonlySet<string> = new Set([
  mergeRequestHookEvent,
  noteHookEvent,
  pushHookEvent,
]);

const userSchema = z.object({
  username: z.string().min(1),
  /** Set on bot users (project and group access tokens, service accounts) by recent GitLab versions. */
  bot: z.boolean().optional(),
});

const projectSchema = z.object({
  id: z.number().int().positive(),
  /** `group/subgroup/project`: the merge request's target project. */
  path_with_namespace: z.string().min(3),
  web_url: z.string().optional(),
  default_branch: z.string().nullable().optional(),
});

/** `previous` → `current` of one attribute, in `changes`; read leniently (GitLab sends what it has). */
const attributeChangeSchema = z.object({ previous: z.unknown(), current: z.unknown() }).partial().optional();

export const mergeRequestHookPayloadSchema = z.object({
  object_kind: z.literal('merge_request'),
  user: userSchema,
  project: projectSchema,
  object_attributes: z.object({
    iid: z.number().int().positive(),
    /** open, close, reopen, update, approved, unapproved, approval, unapproval, merge. */
    action: z.string().optional(),
    state: z.string(),
    /** Only on an `update` that brought new commits (a push, an applied suggestion). */
    oldrev: z.string().nullable().optional(),
    /** The head commit. */
    last_commit: z
      .object({ id: z.string().min(7) })
      .nullable()
      .optional(),
    source_branch: z.string().optional(),
    target_branch: z.string().optional(),
    /** `draft` since GitLab 13.x; `work_in_progress` before (both are still sent). */
    draft: z.boolean().optional(),
    work_in_progress: z.boolean().optional(),
    url: z.string().optional(),
  }),
  changes: z.object({ draft: attributeChangeSchema, work_in_progress: attributeChangeSchema }).optional(),
});
export type MergeRequestHookPayload = z.infer<typeof mergeRequestHookPayloadSchema>;

export const noteHookPayloadSchema = z
  .object({
    object_kind: z.literal('note'),
    user: userSchema,
    project: projectSchema,
    object_attributes: z.object({
      id: z.number().int().positive(),
      note: z
        .string()
        .nullable()
        .transform((note) => note ?? ''),
      /** MergeRequest, Issue, Commit, Snippet. */
      noteable_type: z.string(),
      /** `create` or `update` (an edit) since GitLab 16.11; absent before. */
      action: z.string().optional(),
      /** True for the notes GitLab writes itself ("added 1 commit", "marked as draft"). */
      system: z.boolean().optional(),
      discussion_id: z.string().optional(),
      url: z.string().optional(),
    }),
    merge_request: z.object({ iid: z.number().int().positive(), state: z.string().optional() }).optional(),
  })
  .superRefine((payload, context) => {
    if (payload.object_attributes.noteable_type === 'MergeRequest' && !payload.merge_request) {
      context.addIssue({
        code: 'custom',
        path: ['merge_request'],
        message: 'is required on merge request notes',
      });
    }
  });
export type NoteHookPayload = z.infer<typeof noteHookPayloadSchema>;

/** Only what tells whether a push changed `.switchyard.yml` on the default branch. */
export const pushHookPayloadSchema = z.object({
  object_kind: z.literal('push'),
  project: projectSchema,
  ref: z.string(),
  /** All zeros when the push created the branch. */
  before: z.string().min(7),
  /** The branch's new head; all zeros when the push deleted it. */
  after: z.string().min(7),
  /** The newest 20 commits at most. */
  commits: z.array(pushedCommitFilesSchema).optional().default([]),
  /** Every commit the push brought, listed or not. */
  total_commits_count: z.number().int().nonnegative().optional(),
});
export type PushHookPayload = z.infer<typeof pushHookPayloadSchema>;

/** A validated hook Switchyard reads, by kind. */
export type GitLabHookPayload =
  | { kind: 'merge_request'; value: MergeRequestHookPayload }
  | { kind: 'note'; value: NoteHookPayload }
  | { kind: 'push'; value: PushHookPayload };

/**
 * Validates the payload of an `X-Gitlab-Event`: undefined for events Switchyard does not read, else the
 * payload or the paths of the fields that are missing or invalid.
 */
export function parseGitLabHookPayload(
  event: string,
  payload: unknown,
): { success: true; value: GitLabHookPayload } | { success: false; fields: string[] } | undefined {
  const result =
    event === mergeRequestHookEvent
      ? mergeRequestHookPayloadSchema.safeParse(payload)
      : event === noteHookEvent
        ? noteHookPayloadSchema.safeParse(payload)
        : event === pushHookEvent
          ? pushHookPayloadSchema.safeParse(payload)
          : undefined;
  if (!result) return undefined;
  if (!result.success) {
    return {
      success: false,
      fields: result.error.issues.map((issue) => issue.path.join('.') || 'payload'),
    };
  }
  const value = result.data;
  if (value.object_kind === 'merge_request')
    return { success: true, value: { kind: 'merge_request', value } };
  if (value.object_kind === 'note') return { success: true, value: { kind: 'note', value } };
  return { success: true, value: { kind: 'push', value } };
}

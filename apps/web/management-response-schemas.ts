import { z } from 'zod';
import { organizationRoles } from '../../core/auth/principal.js';
import { routingPolicyNames } from '../../core/projects/project-settings.js';
import { priceEntrySchema } from '../../core/projects/settings-schemas.js';

// Response schemas of the management API (/api/v1), as the JSON on the wire (dates are ISO strings).
// The handlers do not parse their answers with these: they document them in /api/v1/openapi.json, and
// test/apps/web/openapi.test.ts checks real answers against the document so the two cannot drift apart.

const idSchema = z.guid();
const timestampSchema = z.iso.datetime().describe('ISO 8601 date-time in UTC');
const usdLimitSchema = z.number().nullable().describe('USD; null means no limit');
const roleSchema = z.enum(organizationRoles as [string, ...string[]]);

/** `{error: {code, message, requestId}}`: every non-2xx answer of the management API. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('Namespaced and stable, e.g. request.invalid, project.not_found'),
    message: z.string().describe('What went wrong and what to do about it'),
    requestId: z.string().describe('Also sent as the x-request-id header; search the server log for it'),
    details: z.unknown().optional(),
  }),
});

/** `201` of a create: the new record's id. */
export const createdResponseSchema = z.object({ id: idSchema });

/** An organization or project as listed. */
export const listedRecordSchema = z.object({
  id: idSchema,
  name: z.string(),
  platform: z.string().describe('manual, github, gitlab or slack: where the record was created'),
  externalId: z.string().nullable(),
  createdAt: timestampSchema,
  deactivatedAt: timestampSchema.nullable(),
});

export const organizationListResponseSchema = z.object({ organizations: z.array(listedRecordSchema) });

/** A budget in USD per UTC day and month. */
export const budgetResponseSchema = z.object({
  dailyUsd: usdLimitSchema,
  monthlyUsd: usdLimitSchema,
  softAlertRatio: z.number().describe('Fraction of a limit at which one alert per period is recorded'),
});

/** The Slack channels a project's budget alerts are posted to (its links in slack_channel_links). */
export const alertChannelListResponseSchema = z.object({
  channels: z.array(
    z.object({
      teamId: z.string().describe('Slack workspace id, e.g. T024BE7LD'),
      channelId: z.string().describe('Slack channel id, e.g. C024BE91L'),
      linkedBy: z.string().describe('Who linked it: a Slack user id, or user:<id> when set here'),
      createdAt: timestampSchema,
    }),
  ),
});

/** A provider in force: never its key, only a masked hint and where it comes from. */
export const providerResponseSchema = z.object({
  name: z.string(),
  kind: z.string(),
  baseUrl: z.string().nullable(),
  keyHint: z.string().nullable().describe('Masked, e.g. sk-…wxyz; null when the provider has no key'),
  source: z.enum(['project', 'organization', 'environment']),
});

export const organizationResponseSchema = z.object({
  id: idSchema,
  name: z.string(),
  platform: z.string(),
  createdAt: timestampSchema,
  budget: budgetResponseSchema,
  providers: z.array(providerResponseSchema),
});

const routingRuleShape = {
  policy: z.enum(routingPolicyNames),
  models: z.array(z.string()),
  weights: z.record(z.string(), z.number()).optional(),
  allowedModels: z.array(z.string()).optional(),
};

/** A project's settings: routing per agent, budgets, price overrides, cache TTL and masked providers. */
export const projectResponseSchema = z.object({
  id: idSchema,
  name: z.string(),
  organizationId: idSchema,
  organizationName: z.string(),
  platform: z.string(),
  cacheTtlSeconds: z.number().int(),
  createdAt: timestampSchema,
  routing: z.record(z.string(), z.object(routingRuleShape)),
  budget: budgetResponseSchema,
  organizationBudget: budgetResponseSchema,
  prices: z.record(z.string(), priceEntrySchema),
  providers: z.array(providerResponseSchema),
});

export const cacheResponseSchema = z.object({ ttlSeconds: z.number().int() });

/** `201` of a key creation: the only time the key itself is shown. */
export const createdApiKeyResponseSchema = z.object({
  id: idSchema,
  key: z.string().describe('sy-…: shown once, only its SHA-256 is stored'),
  prefix: z.string(),
  name: z.string(),
  createdAt: timestampSchema,
});

export const apiKeyListResponseSchema = z.object({
  keys: z.array(
    z.object({
      id: idSchema,
      name: z.string(),
      prefix: z.string(),
      createdAt: timestampSchema,
      lastUsedAt: timestampSchema.nullable(),
      revokedAt: timestampSchema.nullable(),
    }),
  ),
});

export const routingRuleResponseSchema = z.object({ agent: z.string(), ...routingRuleShape });

export const pricesResponseSchema = z.object({ prices: z.record(z.string(), priceEntrySchema) });

const usageTotalsShape = {
  requests: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  p50LatencyMs: z.number().nullable().describe('Median latency of the successful calls; null without any'),
  p95LatencyMs: z.number().nullable(),
  failovers: z.number().describe('Successful calls served by another model than the first one tried'),
};

/**
 * Usage in `[from, to)`, one row per UTC day (`2026-11-01`), provider, `provider:model`, agent (calls
 * without an agent, from the gateway, count as `gateway`) or, for an organization, project (keyed by id).
 */
export const usageResponseSchema = z.object({
  from: timestampSchema,
  to: timestampSchema,
  groupBy: z.enum(['day', 'provider', 'model', 'agent', 'project']),
  rows: z.array(
    z.object({
      key: z.string(),
      name: z.string().optional().describe("The project's name, when grouped by project"),
      ...usageTotalsShape,
    }),
  ),
  totals: z.object(usageTotalsShape),
});

const jobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'superseded']);

/** One job run as `job_runs` records it, with its project's name. */
export const jobResponseSchema = z.object({
  id: z.string().describe('The job id (also the BullMQ job id)'),
  projectId: idSchema,
  projectName: z.string().nullable(),
  platform: z.string().describe('github, gitlab or slack: where the request came from'),
  agent: z.string().describe('review, describe, ask, command, or config (a read of .switchyard.yml)'),
  trigger: z.enum(['automatic', 'command']),
  status: jobStatusSchema,
  repository: z.string(),
  targetNumber: z.number().int().describe('The pull (merge) request number; 0 for a config job'),
  revision: z
    .string()
    .describe(
      'The head commit (for config: the pushed commit, or connect-… when the repository was connected), or rerun-… for a re-run from the web page',
    ),
  requestedBy: z.string().nullable().describe('The platform login, or user:<id> for a web re-run'),
  attempts: z.number().int(),
  costUsd: z.number(),
  resultUrl: z.string().nullable().describe('Link to what the job posted'),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  queuedAt: timestampSchema,
  startedAt: timestampSchema.nullable(),
  finishedAt: timestampSchema.nullable(),
  durationMs: z.number().int().nullable(),
});

/** A project with its status: newest webhook event, newest job and the agents its configuration enables. */
export const projectStatusSchema = listedRecordSchema.extend({
  repositoryUrl: z
    .string()
    .nullable()
    .describe('The repository on GitHub or GitLab; null for a manual project'),
  lastEvent: z
    .object({
      event: z.string().describe('As the delivery log records it, e.g. pull_request.opened'),
      at: timestampSchema,
    })
    .nullable()
    .describe('The newest webhook event handled for the project'),
  lastJob: jobResponseSchema
    .pick({
      id: true,
      agent: true,
      trigger: true,
      status: true,
      targetNumber: true,
      resultUrl: true,
      errorCode: true,
      queuedAt: true,
      finishedAt: true,
    })
    .nullable()
    .describe('The newest job, in short (GET /orgs/{id}/jobs has every field)'),
  repositoryConfig: z
    .object({
      source: z
        .enum(['file', 'defaults', 'invalid'])
        .describe(
          'file; defaults: no .switchyard.yml; invalid: the file has problems, so the defaults apply',
        ),
      readAt: timestampSchema.describe('When a job last read it from the default branch'),
      commandPrefix: z.string().nullable().describe('The comment command prefix; null: /agent'),
      agents: z.array(z.object({ agent: z.string(), triggers: z.array(z.string()) })),
    })
    .nullable()
    .describe('What .switchyard.yml on the default branch enables; null until a job has read it'),
});

export const projectListResponseSchema = z.object({ projects: z.array(projectStatusSchema) });

const nextBeforeSchema = timestampSchema
  .optional()
  .describe('Pass as `before` to read the next (older) page; absent on the last page');

export const jobListResponseSchema = z.object({
  jobs: z.array(jobResponseSchema),
  nextBefore: nextBeforeSchema,
});

/** `202` of a re-run: the new job and what the queue did with it. */
export const jobRerunResponseSchema = z.object({
  jobId: z.string(),
  status: z
    .enum(['enqueued', 'duplicate', 'superseded-older'])
    .describe(
      'enqueued: a new job; superseded-older: a new job that stopped an older one for the same pull request',
    ),
});

export const auditEventResponseSchema = z.object({
  id: idSchema,
  action: z.string().describe('Noun first, e.g. budget.update, provider-credential.update, job.rerun'),
  actor: z
    .string()
    .describe('admin-token, user:<id>, api-key:<id>, system:<component> or <platform>:<login>'),
  targetType: z.string(),
  targetId: z.string().nullable(),
  projectId: idSchema.nullable(),
  details: z.unknown().describe('What changed, never a secret'),
  ipAddress: z.string().nullable(),
  createdAt: timestampSchema,
});

export const auditListResponseSchema = z.object({
  events: z.array(auditEventResponseSchema),
  nextBefore: nextBeforeSchema,
});

/** The outcome of a provider test: one call of at most one output token; the key is never returned. */
export const providerTestResponseSchema = z.object({
  ok: z.boolean(),
  model: z.string().optional().describe('The provider:model called'),
  latencyMs: z.number().optional(),
  error: z
    .object({
      code: z.string().describe('e.g. llm.auth_failed, llm.not_found, llm.connection'),
      message: z.string(),
    })
    .optional(),
});

/** The pending invites of an organization (not accepted, revoked or expired); never a token or its hash. */
export const inviteListResponseSchema = z.object({
  invites: z.array(
    z.object({
      id: idSchema,
      email: z.string(),
      role: roleSchema,
      createdBy: z.string().describe('Who created it: admin-token or user:<id>'),
      createdByUser: z
        .object({ id: idSchema, email: z.string(), name: z.string() })
        .nullable()
        .describe('The user who created it; null for the admin token (or a user since deleted)'),
      createdAt: timestampSchema,
      expiresAt: timestampSchema,
    }),
  ),
});

/** A user account as the admin token sees it: never its password hash. */
export const userAccountResponseSchema = z.object({
  id: idSchema,
  email: z.string().describe('Lower-case; unique'),
  name: z.string(),
  createdAt: timestampSchema,
  disabledAt: timestampSchema
    .nullable()
    .describe('Set while the account is disabled: no sign-in, no session'),
  memberships: z.array(z.object({ organizationId: idSchema, role: roleSchema })),
});

export const userListResponseSchema = z.object({ users: z.array(userAccountResponseSchema) });

/** `201` of `POST /users`: the new account and its first membership (no disabledAt: it is not disabled). */
export const createdUserResponseSchema = userAccountResponseSchema.omit({ disabledAt: true });

/** A signed-in user as `POST /auth/login`, `POST /auth/accept-invite` and `GET /auth/me` answer it. */
export const signedInUserResponseSchema = z.object({
  type: z.literal('user'),
  user: z.object({ id: idSchema, email: z.string(), name: z.string() }),
  memberships: z
    .array(z.object({ organizationId: idSchema, organizationName: z.string(), role: roleSchema }))
    .describe("The user's organizations, by name"),
  csrfToken: z
    .string()
    .describe(
      'Send it as the x-csrf-token header with every POST, PUT and DELETE made with the session cookie; ' +
        'fixed for the session',
    ),
});

/** `GET /auth/me`: a signed-in user, or a token (the admin token or a project API key), which has no user. */
export const currentPrincipalResponseSchema = z.discriminatedUnion('type', [
  signedInUserResponseSchema,
  z.object({
    type: z.enum(['admin-token', 'api-key']),
    user: z.null(),
    memberships: z.array(z.never()).max(0).describe('Always empty: a token has no memberships'),
    csrfToken: z.null().describe('A token needs no CSRF header'),
  }),
]);

/** `GET /auth/methods`: what the sign-in page offers. */
export const authMethodsResponseSchema = z.object({
  password: z.literal(true).describe('Email and password sign-in is always on'),
  oidc: z
    .object({ label: z.string().describe('The text of the sign-in button (OIDC_BUTTON_LABEL)') })
    .nullable()
    .describe('Single sign-on, or null when it is not configured; start it at GET /auth/oidc/start'),
});

/** `201` of an invite: the only time its token is shown (only its SHA-256 is stored). */
export const createdInviteResponseSchema = z.object({
  id: idSchema,
  email: z.string().describe('Lower-case'),
  role: roleSchema,
  expiresAt: timestampSchema,
  token: z.string().describe('Shown once; accept with POST /auth/accept-invite'),
  url: z
    .string()
    .describe(
      'PUBLIC_URL/accept-invite#token=…: the link to send; the token is in the fragment, never sent to a server',
    ),
});

/** The members of an organization, oldest membership first. */
export const memberListResponseSchema = z.object({
  members: z.array(
    z.object({
      id: idSchema.describe('The user id'),
      email: z.string(),
      name: z.string(),
      role: roleSchema,
      memberSince: timestampSchema,
    }),
  ),
});

/** `200` of a role change: the membership as it is now. */
export const membershipResponseSchema = z.object({
  userId: idSchema,
  organizationId: idSchema,
  role: roleSchema,
});

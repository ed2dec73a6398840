import { z } from 'zod';
import { jobAgentSchema } from '../../core/jobs/job-request.js';
import {
  agentNameSchema,
  checkRoutingSettings,
  modelNameSchema,
  priceEntrySchema,
  providerKindSchema,
  routingSettingsShape,
} from '../../core/projects/settings-schemas.js';

// Request schemas of the management API (/api/v1). Kept as named exports: the OpenAPI document is
// generated from them. Bodies are strict so a misspelt field (`dailyUSD`) is an error, not a silent no-op.

const nameSchema = z.string().trim().min(1, 'must not be empty').max(200);
const idSchema = z.guid('must be an id (a UUID) as returned when it was created');

/** `POST /api/v1/orgs` */
export const createOrganizationBodySchema = z.strictObject({ name: nameSchema });

/** `POST /api/v1/projects` */
export const createProjectBodySchema = z.strictObject({ orgId: idSchema, name: nameSchema });

/** `POST /api/v1/projects/:id/keys` */
export const createApiKeyBodySchema = z.strictObject({ name: nameSchema });

/** Budgets are stored with 4 decimals (DECIMAL(14,4)): a finer value would be silently rounded, so it is refused. */
const usdLimitSchema = z
  .number()
  .min(0)
  .max(1_000_000_000)
  .refine((usd) => Math.abs(Math.round(usd * 10_000) - usd * 10_000) < 1e-6, {
    message: 'must have at most 4 decimals (budgets are kept to a hundredth of a cent), e.g. 0.0001',
  })
  .nullable()
  .optional();

/** `PUT /api/v1/projects/:id/budget` and `/api/v1/orgs/:id/budget`: omitted keeps a value, null clears a limit. */
export const budgetBodySchema = z.strictObject({
  dailyUsd: usdLimitSchema,
  monthlyUsd: usdLimitSchema,
  softAlertRatio: z.number().gt(0).max(1).optional(),
});

/** A Slack channel of a workspace, by the ids Slack shows (workspace `T…`, channel `C…` or private `G…`). */
export const slackChannelSchema = z.strictObject({
  teamId: z
    .string()
    .trim()
    .regex(/^T[A-Z0-9]+$/, 'must be a Slack workspace (team) id such as T024BE7LD')
    .max(64),
  channelId: z
    .string()
    .trim()
    .regex(/^[CG][A-Z0-9]+$/, 'must be a Slack channel id such as C024BE91L (or G… for a private one)')
    .max(64),
});

/** `PUT /api/v1/projects/:id/alert-channels`: the channels that replace the project's links. */
export const alertChannelsBodySchema = z.strictObject({
  channels: z.array(slackChannelSchema).max(50, 'at most 50 channels'),
});

/** `PUT …/providers/:name`: omitted keeps the stored value, null clears it. The key is stored encrypted. */
export const providerBodySchema = z.strictObject({
  kind: providerKindSchema,
  apiKey: z
    .string()
    .trim()
    .min(1, 'must not be empty (use null to remove the key)')
    .max(8192)
    .nullable()
    .optional(),
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.groq.com/openai/v1' })
    .max(2048)
    .nullable()
    .optional(),
});

/** `PUT /api/v1/projects/:id/routing`: one agent's rule (`default` when `agent` is omitted). */
export const routingBodySchema = z
  .strictObject({ ...routingSettingsShape, agent: agentNameSchema.default('default') })
  .superRefine(checkRoutingSettings);

/** `PUT /api/v1/projects/:id/prices`: the project's complete set of overrides, keyed by `provider:model`. */
export const pricesBodySchema = z
  .record(modelNameSchema, priceEntrySchema.strict())
  .refine((prices) => Object.keys(prices).length <= 1000, 'must list at most 1000 models');

/** `PUT /api/v1/projects/:id/cache`: how long an exact-match response is served from cache; 0 disables it. */
export const cacheBodySchema = z.strictObject({
  ttlSeconds: z
    .number()
    .int('must be a whole number of seconds')
    .min(0, 'must be 0 (no response cache) or more')
    .max(86_400, 'must be at most 86400 (one day)'),
});

const dateOrTimeSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'must be a date (2026-11-01) or an ISO date-time (2026-11-01T00:00:00Z)',
  })
  .transform((value) => new Date(value));

/** `GET /api/v1/projects/:id/usage` query: `from` defaults to the start of the UTC month, `to` to now. */
export const usageQuerySchema = z.strictObject({
  from: dateOrTimeSchema.optional(),
  to: dateOrTimeSchema.optional(),
  groupBy: z.enum(['day', 'provider', 'model', 'agent']).default('day'),
});

/** `GET /api/v1/orgs/:id/usage` query: the project report's, and a grouping per project. */
export const organizationUsageQuerySchema = z.strictObject({
  from: dateOrTimeSchema.optional(),
  to: dateOrTimeSchema.optional(),
  groupBy: z.enum(['day', 'provider', 'model', 'agent', 'project']).default('day'),
});

/** `GET /api/v1/projects/:id/usage.csv` query: the same range as the JSON report. */
export const usageCsvQuerySchema = z.strictObject({
  from: dateOrTimeSchema.optional(),
  to: dateOrTimeSchema.optional(),
});

const pageLimitSchema = z.coerce
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(200, 'must be at most 200')
  .default(50);
const beforeSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO date-time, the nextBefore of the previous page' })
  .transform((value) => new Date(value));

/** Statuses of a job run (see core/jobs/record-job-run.ts). */
export const jobStatusNames = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'superseded',
] as const;

/** `GET /api/v1/orgs/:id/jobs` query: newest first, `before` pages back. */
export const jobListQuerySchema = z.strictObject({
  projectId: idSchema.optional(),
  status: z.enum(jobStatusNames).optional(),
  agent: jobAgentSchema.optional().describe("Only this agent's jobs (config: re-reads of .switchyard.yml)"),
  limit: pageLimitSchema,
  before: beforeSchema.optional(),
});

/** `GET /api/v1/orgs/:id/audit` query: newest first, `before` pages back; `[from, to)` bounds the time. */
export const auditQuerySchema = z.strictObject({
  action: z.string().trim().min(1).max(100).optional().describe('Exact action, e.g. budget.update'),
  actor: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Exact actor, e.g. user:<id>, admin-token, github:octocat'),
  projectId: idSchema.optional(),
  from: dateOrTimeSchema.optional(),
  to: dateOrTimeSchema.optional(),
  limit: pageLimitSchema,
  before: beforeSchema.optional(),
});

/** `POST …/providers/:name/test`: the model to call (`gpt-4.1-nano` or `openai:gpt-4.1-nano`); optional. */
export const providerTestBodySchema = z.strictObject({
  model: z.string().trim().min(1).max(200).optional(),
});

/** `GET /api/v1/events` query: the organization whose live updates to stream. */
export const eventStreamQuerySchema = z.strictObject({ orgId: idSchema });

export type BudgetBody = z.infer<typeof budgetBodySchema>;
export type AlertChannelsBody = z.infer<typeof alertChannelsBodySchema>;
export type ProviderBody = z.infer<typeof providerBodySchema>;
export type UsageQuery = z.infer<typeof usageQuerySchema>;
export type JobListQuery = z.infer<typeof jobListQuerySchema>;
export type AuditQuery = z.infer<typeof auditQuerySchema>;

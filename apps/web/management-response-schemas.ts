import { z } from 'zod';
import { routingPolicyNames } from '../../core/projects/project-settings.js';
import { priceEntrySchema } from '../../core/projects/settings-schemas.js';

// Response schemas of the management API (/api/v1), as the JSON on the wire (dates are ISO strings).
// The handlers do not parse their answers with these: they document them in /api/v1/openapi.json, and
// test/apps/web/openapi.test.ts checks real answers against the document so the two cannot drift apart.

const idSchema = z.guid();
const timestampSchema = z.iso.datetime().describe('ISO 8601 date-time in UTC');
const usdLimitSchema = z.number().nullable().describe('USD; null means no limit');

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
export const projectListResponseSchema = z.object({ projects: z.array(listedRecordSchema) });

/** A budget in USD per UTC day and month. */
export const budgetResponseSchema = z.object({
  dailyUsd: usdLimitSchema,
  monthlyUsd: usdLimitSchema,
  softAlertRatio: z.number().describe('Fraction of a limit at which one alert per period is recorded'),
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
};

/** Usage in `[from, to)`, one row per UTC day (`2026-11-01`), provider or `provider:model`. */
export const usageResponseSchema = z.object({
  from: timestampSchema,
  to: timestampSchema,
  groupBy: z.enum(['day', 'provider', 'model']),
  rows: z.array(z.object({ key: z.string(), ...usageTotalsShape })),
  totals: z.object(usageTotalsShape),
});

import { z } from 'zod';
import { routingPolicyNames } from './project-settings.js';

/** A provider prefix as used in `provider:model`: lowercase, no colon. */
export const providerNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,62}$/,
    'must be a provider name such as openai, anthropic or groq (lowercase letters, digits, ".", "_", "-")',
  );

/** A model named `provider:model`, e.g. `openai:gpt-4.1-mini`. */
export const modelNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,62}:[^\s:][^\s]{0,199}$/,
    'must be "provider:model", e.g. openai:gpt-4.1-mini',
  );

/** An agent name in routing rules; `default` covers the gateway and agents without a rule of their own. */
export const agentNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be an agent name such as default or review');

export const providerKindSchema = z.enum(['openai', 'anthropic', 'openai-compatible']);

/** Fields of routing settings, shared by the stored rule and the management API body. */
export const routingSettingsShape = {
  policy: z.enum(routingPolicyNames),
  models: z.array(modelNameSchema).min(1, 'must list at least one provider:model').max(50),
  weights: z.record(modelNameSchema, z.number().positive().max(1_000_000)).optional(),
  allowedModels: z
    .array(modelNameSchema)
    .min(1, 'must list at least one provider:model (leave allowedModels out to allow any model)')
    .max(200)
    .optional(),
};

/**
 * Cross-field rules of routing settings: weights name listed models, every listed model is allowed,
 * and no model is listed twice.
 */
export function checkRoutingSettings(
  value: { models: string[]; weights?: Record<string, number>; allowedModels?: string[] },
  context: z.RefinementCtx,
): void {
  for (const model of Object.keys(value.weights ?? {})) {
    if (!value.models.includes(model)) {
      context.addIssue({
        code: 'custom',
        path: ['weights', model],
        message: `names ${model}, which is not in models`,
      });
    }
  }
  if (value.allowedModels) {
    const allowed = new Set(value.allowedModels);
    value.models.forEach((model, index) => {
      if (allowed.has(model)) return;
      // The router would skip it on every call, so a rule like this can only be a mistake.
      context.addIssue({
        code: 'custom',
        path: ['models', index],
        message: `names ${model}, which is not in allowedModels: add it to allowedModels or remove it from models`,
      });
    });
    if (allowed.size !== value.allowedModels.length) {
      context.addIssue({ code: 'custom', path: ['allowedModels'], message: 'lists a model twice' });
    }
  }
  if (new Set(value.models).size !== value.models.length) {
    context.addIssue({ code: 'custom', path: ['models'], message: 'lists a model twice' });
  }
}

/** How one agent's calls are routed, as stored in `routing_rules`. */
export const routingSettingsSchema = z.object(routingSettingsShape).superRefine(checkRoutingSettings);

/** A price override for one `provider:model`, in USD per million tokens. */
export const priceEntrySchema = z.object({
  inputPerMTok: z.number().min(0).max(100_000),
  outputPerMTok: z.number().min(0).max(100_000),
  contextWindow: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
});

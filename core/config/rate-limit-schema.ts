import { z } from 'zod';

/** Requests and tokens per minute allowed for one `provider:model`, shared by every process. */
export const rateLimitSchema = z.object({
  rpm: z.number().int().positive().optional(),
  tpm: z.number().int().positive().optional(),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

/** `ROUTER_RATE_LIMITS`: JSON object of `provider:model` → {rpm?, tpm?}. */
export const rateLimitTableSchema = z.record(
  z.string().regex(/^[a-z0-9][a-z0-9_-]*:.+$/, 'keys are provider:model'),
  rateLimitSchema,
);
export type RateLimitTable = z.infer<typeof rateLimitTableSchema>;

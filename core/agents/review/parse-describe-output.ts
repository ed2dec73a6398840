import { z } from 'zod';
import { clampText, extractJsonValue, type OutputParseResult } from './extract-json-value.js';

/** A pull request description as the describe agent gave it. */
export interface DescribeOutput {
  summary: string;
  changes: string[];
  risks: string[];
  /** Undefined when the model gave none. */
  suggestedTitle?: string;
}

/** Limits on what a description may carry into a comment (GitHub titles stop at 256 characters). */
export const describeOutputLimits = { summary: 4_000, item: 500, items: 30, title: 256 } as const;

const itemsSchema = z
  .array(z.unknown())
  .catch([])
  .transform((items) =>
    items
      .filter((item): item is string => typeof item === 'string')
      .map((item) => item.trim())
      .filter((item) => item.length > 0)
      .slice(0, describeOutputLimits.items)
      .map((item) => clampText(item, describeOutputLimits.item)),
  );

const describeSchema = z.object({
  summary: z.string().trim().min(1),
  changes: itemsSchema.optional().transform((items) => items ?? []),
  risks: itemsSchema.optional().transform((items) => items ?? []),
  suggestedTitle: z.string().optional().catch(undefined),
});

/** Parses the describe agent's JSON answer; only `summary` is required, lists and title are tolerated missing. */
export function parseDescribeOutput(text: string): OutputParseResult<DescribeOutput> {
  const extracted = extractJsonValue(text);
  if (!extracted.success) return extracted;
  const parsed = describeSchema.safeParse(extracted.value);
  if (!parsed.success) return { success: false, error: 'the model answered JSON without a "summary" text' };
  const value: DescribeOutput = {
    summary: clampText(parsed.data.summary, describeOutputLimits.summary),
    changes: parsed.data.changes,
    risks: parsed.data.risks,
  };
  const title = parsed.data.suggestedTitle?.replace(/\s+/g, ' ').trim();
  if (title) value.suggestedTitle = clampText(title, describeOutputLimits.title);
  return { success: true, value };
}

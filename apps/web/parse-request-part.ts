import type { z } from 'zod';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';

/**
 * Validates a body or query with its schema; a failure becomes a 400 `request.invalid` naming each field.
 * Zod's messages describe the expected shape and never echo the value, so a mistyped secret is not repeated.
 */
export function parseRequestPart<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  part: 'body' | 'query',
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : part;
    return `${path}: ${issue.message}`;
  });
  throw new SwitchyardError({
    code: 'request.invalid',
    message: `The request ${part} is invalid: ${problems.join('; ')}`,
    status: 400,
  });
}

import type { z } from 'zod';

/**
 * Error map for `.switchyard.yml`: messages written for people editing YAML ("must be true or false
 * (found "yes")") instead of zod's defaults. Messages set on the schema itself still win.
 */
export function describeSchemaIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return describeInvalidType(issue.expected, issue.input);
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')} (found ${describeValue(issue.input)})`;
    case 'too_small':
      return describeBound('at least', issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case 'too_big':
      return describeBound('at most', issue.origin, Number(issue.maximum), issue.inclusive !== false);
    default:
      return undefined;
  }
}

const expectedNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys to values',
};

function describeInvalidType(expected: string, input: unknown): string {
  const expectedName = expectedNames[expected] ?? expected;
  if (input === undefined) return `is required (${expectedName})`;
  const message = `must be ${expectedName} (found ${describeValue(input)})`;
  if (expected === 'boolean' && typeof input === 'string' && /^(yes|no|on|off|y|n)$/i.test(input)) {
    // YAML 1.1 read these as booleans; YAML 1.2, which this file uses, reads them as text.
    return `${message}: YAML 1.2 reads yes, no, on and off as text`;
  }
  if (expected === 'array' && (typeof input === 'string' || typeof input === 'number')) {
    return `${message}: write a list, e.g. [${JSON.stringify(String(input))}]`;
  }
  return message;
}

function describeBound(
  bound: 'at least' | 'at most',
  origin: string,
  limit: number,
  inclusive: boolean,
): string {
  switch (origin) {
    case 'string':
      if (bound === 'at least' && limit === 1) return 'must not be empty';
      return `must be ${bound} ${limit} characters long`;
    case 'array':
      return `must list ${bound} ${limit} ${limit === 1 ? 'entry' : 'entries'}`;
    default:
      if (inclusive) return `must be ${bound} ${limit}`;
      return `must be ${bound === 'at least' ? 'greater' : 'less'} than ${limit}`;
  }
}

/** A short description of a value found in the file, never more than a few dozen characters. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

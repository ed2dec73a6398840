import { z } from 'zod';
import { formatConfigPath } from './config-problem.js';
import { findClosestKey } from './find-closest-key.js';

/**
 * The message for a key the schema does not know (it follows the key's path, which names the key):
 * the closest known key when one is near, otherwise the list of keys allowed at that place.
 */
export function explainUnknownKey(
  schema: z.ZodType,
  objectPath: readonly PropertyKey[],
  key: string,
): string {
  const place = objectPath.length === 0 ? 'at the top level' : `in ${formatConfigPath(objectPath)}`;
  const knownKeys = knownKeysAt(schema, objectPath);
  if (knownKeys.length === 0) return `is not a known key ${place}`;
  const closest = findClosestKey(key, knownKeys);
  if (closest) return `is not a known key ${place}: did you mean "${closest}"?`;
  return `is not a known key ${place}; the keys allowed here are ${knownKeys.join(', ')}`;
}

/** Keys of the object schema found by following `path` (list indices step into the list's items). */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject && typeof segment === 'string') {
      const child: z.ZodType | undefined = (current.shape as Record<string, z.ZodType | undefined>)[segment];
      current = child && unwrap(child);
    } else if (current instanceof z.ZodArray && typeof segment === 'number') {
      current = unwrap(current.element as z.ZodType);
    } else {
      return [];
    }
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPrefault ||
    current instanceof z.ZodNullable
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

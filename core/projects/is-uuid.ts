const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID; ids that are not cannot name any row (and would make Postgres throw). */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

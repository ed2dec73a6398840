import { randomUUID } from 'node:crypto';
import type { BudgetSubject, ScopeLimits } from '../../../../core/budgets/budget-types.js';
import type { Redis } from '../../../../core/redis/create-redis-client.js';

/** A subject with fresh project and organization ids, so tests never share counters. */
export function makeSubject(
  limits: { project?: Partial<ScopeLimits>; organization?: Partial<ScopeLimits> } = {},
  ids: { projectId?: string; organizationId?: string } = {},
): BudgetSubject {
  return {
    projectId: ids.projectId ?? randomUUID(),
    organizationId: ids.organizationId ?? randomUUID(),
    project: { softAlertRatio: 0.8, ...limits.project },
    organization: { softAlertRatio: 0.8, ...limits.organization },
  };
}

/** Deletes every key under `prefix` (what a Redis restart without persistence does to the ledger). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** A clock the test moves by hand, starting at noon UTC so no test straddles midnight. */
export function createManualClock(startMs = Date.UTC(2026, 10, 20, 12)) {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

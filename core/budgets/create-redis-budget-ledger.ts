import { SwitchyardError } from '../errors/switchyard-error.js';
import type { Logger } from '../logging/create-logger.js';
import type { Redis } from '../redis/create-redis-client.js';
import type { BudgetLedger, BudgetStatusLine } from './budget-ledger.js';
import { createBudgetLedgerKeys } from './budget-ledger-keys.js';
import { releaseScript, reserveScript, settleScript, statusScript } from './budget-ledger-scripts.js';
import type { BudgetAlert, BudgetSubject } from './budget-types.js';
import type { SpendSource } from './create-usage-spend-source.js';
import type { NanoUsd } from './money.js';
import { type BudgetLine, resolveBudgetLines, softAlertThresholdNano } from './resolve-budget-lines.js';

export interface RedisBudgetLedgerOptions {
  redis: Redis;
  /** Prepended to every key (`${keyPrefix}budget:{ledger}:...`). */
  keyPrefix: string;
  /** How long a hold lives without settle or release (a crashed process's hold lapses after this). */
  leaseMs: number;
  /** Settled spend from Postgres, used to rebuild a spent counter Redis does not have. */
  spendSource: SpendSource;
  /** How long a settlement key is remembered, so a repeated settle within it changes nothing (3 days). */
  settlementKeyTtlSeconds?: number;
  now?: () => number;
  logger?: Logger;
}

type ScriptCommand = (...keysThenArguments: (string | number)[]) => Promise<unknown>;

// Command names are global to the Redis client the ledger is given; the prefix keeps them clear of others.
const commandNames = {
  reserve: 'switchyardBudgetReserve',
  settle: 'switchyardBudgetSettle',
  release: 'switchyardBudgetRelease',
  status: 'switchyardBudgetStatus',
} as const;

// Long enough for any retry of a settle (job retries included); each marker is one small key per call.
const defaultSettlementKeyTtlSeconds = 3 * 24 * 60 * 60;
// Rebuild, retry: a counter gone again at once means Redis evicts it; refusing beats looping.
const maxReserveAttempts = 3;
const unlimitedRebuildPauseMs = 10_000;

/** A BudgetLedger on Redis: each reserve, settle, release and status read is one Lua script round trip. */
export function createRedisBudgetLedger(options: RedisBudgetLedgerOptions): BudgetLedger {
  const { redis, leaseMs, spendSource, logger } = options;
  if (!(Number.isSafeInteger(leaseMs) && leaseMs > 0))
    throw new RangeError('leaseMs must be a positive integer');
  const now = options.now ?? Date.now;
  const settlementKeyTtlSeconds = options.settlementKeyTtlSeconds ?? defaultSettlementKeyTtlSeconds;
  const keys = createBudgetLedgerKeys(options.keyPrefix);
  redis.defineCommand(commandNames.reserve, { numberOfKeys: 10, lua: reserveScript });
  redis.defineCommand(commandNames.settle, { numberOfKeys: 11, lua: settleScript });
  redis.defineCommand(commandNames.release, { numberOfKeys: 2, lua: releaseScript });
  redis.defineCommand(commandNames.status, { numberOfKeys: 10, lua: statusScript });
  // defineCommand adds methods ioredis cannot type; calling them as methods keeps `this` bound to the client.
  const commands = redis as unknown as Record<string, ScriptCommand>;
  const run = async (name: string, ...keysThenArguments: (string | number)[]) => {
    try {
      return (await commands[name]!(...keysThenArguments)) as number[];
    } catch (error) {
      // Without Redis no limit can be checked: refuse clearly (503), never let the call through unchecked.
      throw new SwitchyardError({
        code: 'budget.unavailable',
        status: 503,
        retryable: true,
        message: `Budgets cannot be checked: Redis did not answer (${(error as Error).message}). Check REDIS_URL and the Redis server, then retry.`,
        cause: error,
      });
    }
  };
  const rebuildsInFlight = new Map<string, Promise<void>>();

  const rebuildOne = async (line: BudgetLine): Promise<void> => {
    let spentNano: NanoUsd;
    try {
      spentNano = await spendSource({
        scope: line.scope,
        scopeId: line.scopeId,
        periodStart: line.start,
        periodEnd: line.end,
      });
      if (!(Number.isSafeInteger(spentNano) && spentNano >= 0)) {
        throw new RangeError(`spend source returned ${spentNano}, not a whole non-negative nano-USD amount`);
      }
    } catch (error) {
      logger?.error(
        {
          scope: line.scope,
          scopeId: line.scopeId,
          period: line.period,
          periodKey: line.periodKey,
          err: error,
        },
        'budget counter could not be rebuilt from usage rows',
      );
      throw new SwitchyardError({
        code: 'budget.unavailable',
        status: 503,
        retryable: true,
        message:
          `Budgets cannot be checked until Postgres is reachable: the ${line.scope} ${line.period} spend ` +
          `(${line.periodKey}) must be rebuilt from usage rows first. Check DATABASE_URL and the database, then retry.`,
        cause: error,
      });
    }
    // NX: if another process rebuilt it meanwhile, its counter may already include newer settles.
    const written = await redis.set(line.spentKey, String(spentNano), 'EX', line.ttlSeconds, 'NX');
    if (written) {
      logger?.info(
        { scope: line.scope, scopeId: line.scopeId, periodKey: line.periodKey, spentNano },
        'budget counter rebuilt from usage rows',
      );
    }
  };

  // Concurrent calls that find the same counter missing share one Postgres read.
  const rebuildShared = (line: BudgetLine): Promise<void> => {
    let pending = rebuildsInFlight.get(line.spentKey);
    if (!pending) {
      pending = rebuildOne(line).finally(() => rebuildsInFlight.delete(line.spentKey));
      rebuildsInFlight.set(line.spentKey, pending);
    }
    return pending;
  };

  // A line without a limit checks nothing, so failing to rebuild its counter must not refuse the call; it is
  // left alone for a while so that an outage does not add a Postgres attempt to every call.
  const unlimitedRebuildPausedUntil = new Map<string, number>();
  const limitArgument = (line: BudgetLine, nowMs: number): number => {
    if (line.limitNano !== undefined) return line.limitNano;
    const pausedUntil = unlimitedRebuildPausedUntil.get(line.spentKey);
    if (pausedUntil === undefined) return -1;
    if (pausedUntil > nowMs) return -2;
    unlimitedRebuildPausedUntil.delete(line.spentKey);
    return -1;
  };

  const rebuildForReserve = async (lines: BudgetLine[], nowMs: number): Promise<void> => {
    const results = await Promise.allSettled(lines.map(rebuildShared));
    let refusal: unknown;
    results.forEach((result, index) => {
      if (result.status === 'fulfilled') return;
      const line = lines[index]!;
      if (line.limitNano === undefined)
        unlimitedRebuildPausedUntil.set(line.spentKey, nowMs + unlimitedRebuildPauseMs);
      else refusal ??= result.reason;
    });
    if (refusal !== undefined) throw refusal;
  };

  const lineKeys = (lines: BudgetLine[]) => [
    keys.holds,
    keys.holdExpiries,
    ...lines.map((line) => line.spentKey),
    ...lines.map((line) => line.reservedKey),
  ];

  return {
    async reserve({ reservationId, subject, amountNano }) {
      assertNano(amountNano, 'amountNano');
      for (let attempt = 1; attempt <= maxReserveAttempts; attempt++) {
        const nowMs = now();
        const lines = resolveBudgetLines(subject, nowMs, keys);
        const reply = await run(
          commandNames.reserve,
          ...lineKeys(lines),
          nowMs,
          reservationId,
          amountNano,
          nowMs + leaseMs,
          ...lines.map((line) => limitArgument(line, nowMs)),
          ...lines.map((line) => line.ttlSeconds),
        );
        if (reply[0] === 0) return { ok: true };
        if (reply[0] === 1) {
          const line = lines[reply[1]! - 1]!;
          return {
            ok: false,
            breach: {
              scope: line.scope,
              scopeId: line.scopeId,
              period: line.period,
              periodKey: line.periodKey,
              limitNano: line.limitNano!,
              spentNano: reply[2]!,
              reservedNano: reply[3]!,
              requestedNano: amountNano,
            },
          };
        }
        await rebuildForReserve(
          reply.slice(1).map((index) => lines[index - 1]!),
          nowMs,
        );
      }
      throw new SwitchyardError({
        code: 'budget.unavailable',
        status: 503,
        retryable: true,
        message:
          'Budgets cannot be checked: Redis drops the spend counters as soon as they are rebuilt. ' +
          'Set maxmemory-policy to noeviction on the Redis used by Switchyard.',
      });
    },

    async settle({ reservationId, settlementKey, subject, costNano }) {
      assertNano(costNano, 'costNano');
      const lines = resolveBudgetLines(subject, now(), keys);
      const reply = await run(
        commandNames.settle,
        keys.holds,
        keys.holdExpiries,
        keys.settlement(settlementKey),
        ...lines.map((line) => line.spentKey),
        ...lines.map((line) => line.softAlertKey),
        reservationId,
        costNano,
        settlementKeyTtlSeconds,
        ...lines.map(softAlertThresholdNano),
        ...lines.map((line) => line.ttlSeconds),
      );
      if (reply[0] === 0) return { applied: false, alerts: [] };
      const alerts: BudgetAlert[] = [];
      for (let index = 1; index < reply.length; index += 2) {
        const line = lines[reply[index]! - 1]!;
        alerts.push({
          scope: line.scope,
          scopeId: line.scopeId,
          period: line.period,
          periodKey: line.periodKey,
          limitNano: line.limitNano!,
          spentNano: reply[index + 1]!,
          ratio: line.softAlertRatio,
        });
      }
      return { applied: true, alerts };
    },

    async release(reservationId) {
      await run(commandNames.release, keys.holds, keys.holdExpiries, reservationId);
    },

    async readStatus(subject: BudgetSubject): Promise<BudgetStatusLine[]> {
      const nowMs = now();
      const lines = resolveBudgetLines(subject, nowMs, keys);
      let reply = await run(commandNames.status, ...lineKeys(lines), nowMs);
      const missing = lines.filter((_, index) => reply[index * 2] === -1);
      if (missing.length > 0) {
        await Promise.all(missing.map(rebuildShared));
        reply = await run(commandNames.status, ...lineKeys(lines), nowMs);
      }
      return lines.map((line, index) => ({
        scope: line.scope,
        scopeId: line.scopeId,
        period: line.period,
        periodKey: line.periodKey,
        ...(line.limitNano === undefined ? {} : { limitNano: line.limitNano }),
        spentNano: Math.max(reply[index * 2]!, 0),
        reservedNano: reply[index * 2 + 1]!,
      }));
    },
  };
}

function assertNano(value: NanoUsd, name: string): void {
  if (!(Number.isSafeInteger(value) && value >= 0)) {
    throw new RangeError(`${name} must be a whole non-negative nano-USD amount, got ${value}`);
  }
}

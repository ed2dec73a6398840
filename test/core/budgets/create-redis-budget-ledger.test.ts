import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { BudgetLedger } from '../../../core/budgets/budget-ledger.js';
import type { BudgetSubject } from '../../../core/budgets/budget-types.js';
import { createRedisBudgetLedger } from '../../../core/budgets/create-redis-budget-ledger.js';
import type { SpendSource } from '../../../core/budgets/create-usage-spend-source.js';
import { createTestRedis, testKeyPrefix } from '../../support/test-resources.js';
import { createManualClock, deleteKeys, makeSubject } from './__fixtures__/budget-fixtures.js';

const keyPrefix = testKeyPrefix('budget-ledger');
const redis = createTestRedis('budget-ledger');
const secondRedis = createTestRedis('budget-ledger-second-process');
const noSpendYet: SpendSource = async () => 0;
const unit = 1_000_000; // 0.001 USD

afterAll(async () => {
  await deleteKeys(redis, keyPrefix);
  await Promise.all([redis.quit(), secondRedis.quit()]);
});

function createLedger(overrides: Partial<Parameters<typeof createRedisBudgetLedger>[0]> = {}): BudgetLedger {
  return createRedisBudgetLedger({
    redis,
    keyPrefix,
    leaseMs: 60_000,
    spendSource: noSpendYet,
    ...overrides,
  });
}

async function statusOf(ledger: BudgetLedger, subject: BudgetSubject, scope: string, period: string) {
  const lines = await ledger.readStatus(subject);
  return lines.find((line) => line.scope === scope && line.period === period)!;
}

/** Reserve, then settle at `costNano` after an optional pause; false when the reservation was refused. */
async function runCall(
  ledger: BudgetLedger,
  subject: BudgetSubject,
  amountNano: number,
  costNano: number,
  pauseMs = 0,
): Promise<boolean> {
  const reservationId = randomUUID();
  const reserved = await ledger.reserve({ reservationId, subject, amountNano });
  if (!reserved.ok) return false;
  if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  await ledger.settle({ reservationId, settlementKey: `${reservationId}:1:1`, subject, costNano });
  return true;
}

describe('the Redis budget ledger', () => {
  it('lets exactly the 50 calls that fit through when 200 reserve and settle at once from two processes', async () => {
    const clock = createManualClock();
    const ledgers = [createLedger({ now: clock.now }), createLedger({ now: clock.now, redis: secondRedis })];
    const subject = makeSubject({ project: { dailyNano: 50 * unit } });

    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, index) => runCall(ledgers[index % 2]!, subject, unit, unit, index % 3)),
    );

    expect(outcomes.filter(Boolean)).toHaveLength(50);
    const day = await statusOf(ledgers[0]!, subject, 'project', 'day');
    expect(day).toMatchObject({ spentNano: 50 * unit, reservedNano: 0, limitNano: 50 * unit });
  });

  it('lets more calls through when reservations exceed the real cost, yet never spends past the limit', async () => {
    const ledger = createLedger({ now: createManualClock().now });
    const subject = makeSubject({ project: { dailyNano: 100 * unit } });
    let succeeded = 0;
    // Ten workers in a loop: holds of 4 units settle to 1, so the limit of 100 admits far more than 100 / 4.
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let call = 0; call < 30; call++) {
          if (await runCall(ledger, subject, 4 * unit, unit)) succeeded += 1;
        }
      }),
    );

    const day = await statusOf(ledger, subject, 'project', 'day');
    expect(succeeded).toBeGreaterThan(25);
    expect(day.spentNano).toBe(succeeded * unit);
    expect(day.spentNano).toBeLessThanOrEqual(100 * unit);
    expect(day.reservedNano).toBe(0);
  });

  it('frees the hold of a lease that expired without settle or release', async () => {
    const clock = createManualClock();
    const ledger = createLedger({ now: clock.now, leaseMs: 1_000 });
    const subject = makeSubject({ project: { dailyNano: 10 * unit } });

    expect(await ledger.reserve({ reservationId: randomUUID(), subject, amountNano: 10 * unit })).toEqual({
      ok: true,
    });
    const refused = await ledger.reserve({ reservationId: randomUUID(), subject, amountNano: unit });
    expect(refused).toMatchObject({ ok: false, breach: { reservedNano: 10 * unit } });

    clock.advance(1_001);
    expect(await ledger.reserve({ reservationId: randomUUID(), subject, amountNano: 10 * unit })).toEqual({
      ok: true,
    });
    expect((await statusOf(ledger, subject, 'project', 'day')).reservedNano).toBe(10 * unit);
  });

  it('charges once when the same settlement key is settled twice', async () => {
    const ledger = createLedger({ now: createManualClock().now });
    const subject = makeSubject({ project: { dailyNano: 10 * unit } });
    const reservationId = randomUUID();
    await ledger.reserve({ reservationId, subject, amountNano: 3 * unit });

    const first = await ledger.settle({
      reservationId,
      settlementKey: 'request-1:1:1',
      subject,
      costNano: 2 * unit,
    });
    const second = await ledger.settle({
      reservationId,
      settlementKey: 'request-1:1:1',
      subject,
      costNano: 2 * unit,
    });

    expect(first.applied).toBe(true);
    expect(second).toEqual({ applied: false, alerts: [] });
    expect(await statusOf(ledger, subject, 'project', 'day')).toMatchObject({
      spentNano: 2 * unit,
      reservedNano: 0,
    });
  });

  it('returns the hold on release, and a second release changes nothing', async () => {
    const ledger = createLedger({ now: createManualClock().now });
    const subject = makeSubject({ project: { dailyNano: 10 * unit } });
    const reservationId = randomUUID();
    await ledger.reserve({ reservationId, subject, amountNano: 8 * unit });
    await ledger.reserve({ reservationId: randomUUID(), subject, amountNano: 1 * unit });

    await ledger.release(reservationId);
    await ledger.release(reservationId);

    expect(await statusOf(ledger, subject, 'organization', 'month')).toMatchObject({
      spentNano: 0,
      reservedNano: unit,
    });
    expect(await ledger.reserve({ reservationId: randomUUID(), subject, amountNano: 9 * unit })).toEqual({
      ok: true,
    });
  });

  it('charges only the provider that answered, once, after a failover', async () => {
    const ledger = createLedger({ now: createManualClock().now });
    const subject = makeSubject({ project: { dailyNano: 10 * unit } });
    // Attempt 1 reserves and fails over; attempt 2 reserves against another provider and answers.
    await ledger.reserve({ reservationId: 'call-7:1', subject, amountNano: 6 * unit });
    await ledger.release('call-7:1');
    await ledger.reserve({ reservationId: 'call-7:2', subject, amountNano: 6 * unit });
    await ledger.settle({
      reservationId: 'call-7:2',
      settlementKey: 'call-7:2:1',
      subject,
      costNano: 5 * unit,
    });
    await ledger.settle({
      reservationId: 'call-7:2',
      settlementKey: 'call-7:2:1',
      subject,
      costNano: 5 * unit,
    });

    const lines = await ledger.readStatus(subject);
    expect(lines.map((line) => [line.scope, line.period, line.spentNano, line.reservedNano])).toEqual([
      ['project', 'day', 5 * unit, 0],
      ['project', 'month', 5 * unit, 0],
      ['organization', 'day', 5 * unit, 0],
      ['organization', 'month', 5 * unit, 0],
    ]);
  });

  it('shares an organization limit between two projects and names the organization when it refuses', async () => {
    const ledger = createLedger({ now: createManualClock().now });
    const organizationId = randomUUID();
    const first = makeSubject({ organization: { monthlyNano: 10 * unit } }, { organizationId });
    const second = makeSubject({ organization: { monthlyNano: 10 * unit } }, { organizationId });

    expect(await runCall(ledger, first, 6 * unit, 6 * unit)).toBe(true);
    const refused = await ledger.reserve({
      reservationId: randomUUID(),
      subject: second,
      amountNano: 6 * unit,
    });

    expect(refused).toEqual({
      ok: false,
      breach: {
        scope: 'organization',
        scopeId: organizationId,
        period: 'month',
        periodKey: '2026-11',
        limitNano: 10 * unit,
        spentNano: 6 * unit,
        reservedNano: 0,
        requestedNano: 6 * unit,
      },
    });
    expect(await runCall(ledger, second, 4 * unit, 4 * unit)).toBe(true);
  });

  it('refuses with budget.unavailable (503) and holds nothing when the spend source fails', async () => {
    let postgresIsDown = true;
    const ledger = createLedger({
      now: createManualClock().now,
      spendSource: async () => {
        if (postgresIsDown) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return 0;
      },
    });
    const subject = makeSubject({ project: { dailyNano: 10 * unit } });

    await expect(
      ledger.reserve({ reservationId: randomUUID(), subject, amountNano: unit }),
    ).rejects.toMatchObject({
      code: 'budget.unavailable',
      status: 503,
      message: expect.stringContaining('until Postgres is reachable'),
    });

    postgresIsDown = false;
    const lines = await ledger.readStatus(subject);
    expect(lines.every((line) => line.reservedNano === 0 && line.spentNano === 0)).toBe(true);
  });

  it('still serves a subject without limits while the spend source fails, since there is nothing to check', async () => {
    let spendSourceCalls = 0;
    const ledger = createLedger({
      now: createManualClock().now,
      spendSource: async () => {
        spendSourceCalls += 1;
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      },
    });
    const subject = makeSubject();

    expect(await runCall(ledger, subject, unit, unit)).toBe(true);
    expect(await runCall(ledger, subject, unit, unit)).toBe(true);
    // The failed rebuild is not retried on every call during the outage.
    expect(spendSourceCalls).toBe(4);
  });

  it('returns a soft alert once per scope and period, and again in the next period', async () => {
    const clock = createManualClock();
    const ledger = createLedger({ now: clock.now });
    const subject = makeSubject({ project: { dailyNano: 100 * unit, softAlertRatio: 0.8 } });
    const settle = async (costNano: number) => {
      const reservationId = randomUUID();
      await ledger.reserve({ reservationId, subject, amountNano: costNano });
      return (await ledger.settle({ reservationId, settlementKey: reservationId, subject, costNano })).alerts;
    };

    expect(await settle(50 * unit)).toEqual([]);
    expect(await settle(30 * unit)).toEqual([
      {
        scope: 'project',
        scopeId: subject.projectId,
        period: 'day',
        periodKey: '2026-11-20',
        limitNano: 100 * unit,
        spentNano: 80 * unit,
        ratio: 0.8,
      },
    ]);
    expect(await settle(10 * unit)).toEqual([]);

    clock.advance(24 * 60 * 60 * 1000);
    expect(await settle(85 * unit)).toMatchObject([{ periodKey: '2026-11-21', spentNano: 85 * unit }]);
  });

  it('treats a repeated reserve of the same reservation id as one hold', async () => {
    const ledger = createLedger({ now: createManualClock().now });
    const subject = makeSubject({ project: { dailyNano: 10 * unit } });
    const reservationId = randomUUID();
    await ledger.reserve({ reservationId, subject, amountNano: 4 * unit });
    await ledger.reserve({ reservationId, subject, amountNano: 4 * unit });

    expect((await statusOf(ledger, subject, 'project', 'day')).reservedNano).toBe(4 * unit);
    await ledger.release(reservationId);
    expect((await statusOf(ledger, subject, 'project', 'day')).reservedNano).toBe(0);
  });
});

import type { BudgetLedgerKeys } from './budget-ledger-keys.js';
import type { BudgetPeriod, BudgetScope, BudgetSubject, ScopeLimits } from './budget-types.js';
import type { NanoUsd } from './money.js';

/** One UTC budget period: its key (`2026-11-20` or `2026-11`) and its bounds [start, end). */
export interface BudgetPeriodWindow {
  period: BudgetPeriod;
  periodKey: string;
  start: Date;
  end: Date;
}

/** One of the four limits of a subject (project/organization × day/month) with its Redis keys. */
export interface BudgetLine extends BudgetPeriodWindow {
  scope: BudgetScope;
  scopeId: string;
  limitNano: NanoUsd | undefined;
  softAlertRatio: number;
  spentKey: string;
  reservedKey: string;
  softAlertKey: string;
  /** Lifetime of the line's counters and markers: long enough to outlive the period, short enough to vanish. */
  ttlSeconds: number;
}

const daySeconds = 24 * 60 * 60;
const ttlSecondsByPeriod: Record<BudgetPeriod, number> = { day: 3 * daySeconds, month: 40 * daySeconds };

/** The UTC day and month that contain `nowMs`. */
export function resolveBudgetPeriods(nowMs: number): { day: BudgetPeriodWindow; month: BudgetPeriodWindow } {
  const now = new Date(nowMs);
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const date = now.getUTCDate();
  const iso = now.toISOString();
  return {
    day: {
      period: 'day',
      periodKey: iso.slice(0, 10),
      start: new Date(Date.UTC(year, month, date)),
      end: new Date(Date.UTC(year, month, date + 1)),
    },
    month: {
      period: 'month',
      periodKey: iso.slice(0, 7),
      start: new Date(Date.UTC(year, month, 1)),
      end: new Date(Date.UTC(year, month + 1, 1)),
    },
  };
}

const cachedLines = new Map<string, { dayKey: string; lines: BudgetLine[] }>();
const maxCachedSubjects = 10_000;

/**
 * The subject's four lines, memoized per subject, limits and UTC day: every reserve and settle needs them
 * and building the keys and period bounds each time showed up in the gateway's profile.
 */
export function resolveBudgetLines(
  subject: BudgetSubject,
  nowMs: number,
  keys: BudgetLedgerKeys,
): BudgetLine[] {
  const { project, organization } = subject;
  const cacheKey = `${keys.holds}|${subject.projectId}|${subject.organizationId}|${project.dailyNano}|${project.monthlyNano}|${project.softAlertRatio}|${organization.dailyNano}|${organization.monthlyNano}|${organization.softAlertRatio}`;
  const dayKey = new Date(nowMs).toISOString().slice(0, 10);
  const cached = cachedLines.get(cacheKey);
  if (cached && cached.dayKey === dayKey) return cached.lines;
  const lines = buildBudgetLines(subject, nowMs, keys);
  if (cachedLines.size >= maxCachedSubjects) cachedLines.clear();
  cachedLines.set(cacheKey, { dayKey, lines });
  return lines;
}

function buildBudgetLines(subject: BudgetSubject, nowMs: number, keys: BudgetLedgerKeys): BudgetLine[] {
  const periods = resolveBudgetPeriods(nowMs);
  const scopes: [BudgetScope, string, ScopeLimits][] = [
    ['project', subject.projectId, subject.project],
    ['organization', subject.organizationId, subject.organization],
  ];
  return scopes.flatMap(([scope, scopeId, limits]) =>
    [periods.day, periods.month].map((window) => {
      const limitNano = window.period === 'day' ? limits.dailyNano : limits.monthlyNano;
      if (limitNano !== undefined && !(Number.isSafeInteger(limitNano) && limitNano >= 0)) {
        throw new RangeError(`${scope} ${window.period} limit must be a whole non-negative nano-USD amount`);
      }
      const parts = [scope, scopeId, window.period, window.periodKey] as const;
      return {
        ...window,
        scope,
        scopeId,
        limitNano,
        softAlertRatio: limits.softAlertRatio,
        spentKey: keys.spent(...parts),
        reservedKey: keys.reserved(...parts),
        softAlertKey: keys.softAlert(...parts),
        ttlSeconds: ttlSecondsByPeriod[window.period],
      };
    }),
  );
}

/** Spent amount at which the line's soft alert fires, or -1 when it has no limit or no (positive) ratio. */
export function softAlertThresholdNano(line: BudgetLine): number {
  if (line.limitNano === undefined || !(line.softAlertRatio > 0)) return -1;
  return Math.ceil(line.limitNano * line.softAlertRatio);
}

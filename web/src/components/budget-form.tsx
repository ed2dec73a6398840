import { type FormEvent, useId, useState } from 'react';
import { api, describeError } from '../api-client.js';
import type { Budget } from '../api-types.js';
import { parseLimit } from '../format.js';
import { ErrorBanner } from './error-banner.js';

interface BudgetFormProps {
  /** `/projects/:id/budget` or `/orgs/:id/budget` */
  path: string;
  budget: Budget;
  title: string;
  description: string;
  /** False: the limits are shown, not offered for change (the API would refuse the caller). */
  canManage: boolean;
  onSaved?: () => void;
}

const show = (value: number | null) => (value === null ? '' : String(value));

/** Daily and monthly limits in USD (empty means no limit) and the soft-alert threshold. */
export function BudgetForm({ path, budget, title, description, canManage, onSaved }: BudgetFormProps) {
  const id = useId();
  const [dailyUsd, setDailyUsd] = useState(show(budget.dailyUsd));
  const [monthlyUsd, setMonthlyUsd] = useState(show(budget.monthlyUsd));
  const [alertPercent, setAlertPercent] = useState(String(Math.round(budget.softAlertRatio * 100)));
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    setBusy(true);
    try {
      await api('PUT', path, {
        dailyUsd: parseLimit(dailyUsd),
        monthlyUsd: parseLimit(monthlyUsd),
        softAlertRatio: Number(alertPercent) / 100,
      });
      setSaved(true);
      onSaved?.();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-heading`} className="panel">
      <h2 id={`${id}-heading`}>{title}</h2>
      <p className="muted">{description} Leave a limit empty for none; limits keep 4 decimals.</p>
      <fieldset className="field-row" disabled={!canManage}>
        <legend className="visually-hidden">Limits</legend>
        <div>
          <label htmlFor={`${id}-daily`}>Daily limit (USD)</label>
          <input
            id={`${id}-daily`}
            type="number"
            min="0"
            step="0.0001"
            value={dailyUsd}
            onChange={(event) => setDailyUsd(event.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-monthly`}>Monthly limit (USD)</label>
          <input
            id={`${id}-monthly`}
            type="number"
            min="0"
            step="0.0001"
            value={monthlyUsd}
            onChange={(event) => setMonthlyUsd(event.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-alert`}>Alert at (% of limit)</label>
          <input
            id={`${id}-alert`}
            type="number"
            min="1"
            max="100"
            required
            value={alertPercent}
            onChange={(event) => setAlertPercent(event.target.value)}
          />
        </div>
      </fieldset>
      <ErrorBanner message={error} />
      {saved ? <p role="status">Budget saved. The next gateway call sees the new limits.</p> : null}
      {canManage ? (
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save budget'}
        </button>
      ) : (
        <p className="read-only-note">Changing budgets takes the admin or owner role.</p>
      )}
    </form>
  );
}

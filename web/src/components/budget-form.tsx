import { type FormEvent, useState } from 'react';
import { api, describeError } from '../api-client.js';
import { ErrorBanner } from './error-banner.js';

/** Daily and monthly limits of a project, in USD; empty means no limit. */
export function BudgetForm({ projectId }: { projectId: string }) {
  const [dailyUsd, setDailyUsd] = useState('');
  const [monthlyUsd, setMonthlyUsd] = useState('');
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const toLimit = (text: string) => (text.trim() === '' ? null : Number(text));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      await api('PUT', `/projects/${projectId}/budget`, {
        dailyUsd: toLimit(dailyUsd),
        monthlyUsd: toLimit(monthlyUsd),
      });
      setSaved(true);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby="budget-heading">
      <h3 id="budget-heading">Budget</h3>
      <label htmlFor="daily-usd">Daily limit (USD)</label>
      <input
        id="daily-usd"
        inputMode="decimal"
        value={dailyUsd}
        onChange={(event) => setDailyUsd(event.target.value)}
      />
      <label htmlFor="monthly-usd">Monthly limit (USD)</label>
      <input
        id="monthly-usd"
        inputMode="decimal"
        value={monthlyUsd}
        onChange={(event) => setMonthlyUsd(event.target.value)}
      />
      <ErrorBanner message={error} />
      {saved ? <p role="status">Budget saved.</p> : null}
      <button type="submit">Save budget</button>
    </form>
  );
}

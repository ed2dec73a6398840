import { useId, useState } from 'react';
import type { UsageReport } from '../api-types.js';
import { formatCount, formatLatency, formatUsd, isoDay } from '../format.js';
import { useApi } from '../use-api.js';
import { useCoalesced } from '../use-coalesced.js';
import { useLiveEvents } from '../use-live-events.js';
import { ErrorBanner, Loading } from './error-banner.js';
import { UsageBreakdown, type UsageGrouping } from './usage-breakdown.js';
import { UsageChart } from './usage-chart.js';

function monthStart(): string {
  const now = new Date();
  return isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
}

/** The day after `day`: the API's `to` is exclusive, the form's is inclusive. */
function dayAfter(day: string): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000));
}

/**
 * Cost per day, totals, a breakdown and the CSV export for a date range; refreshed live as
 * spend arrives. Without `projectId` it is the usage of every project of the organization.
 */
export function UsageSection({
  projectId,
  organizationId,
  title = 'Usage',
}: {
  projectId?: string;
  organizationId: string;
  title?: string;
}) {
  const id = useId();
  const [from, setFrom] = useState(monthStart);
  const [to, setTo] = useState(() => isoDay(new Date()));
  const range = `from=${from}&to=${dayAfter(to)}`;
  const basePath = projectId ? `/projects/${projectId}` : `/orgs/${organizationId}`;
  const groupings: UsageGrouping[] = projectId
    ? ['provider', 'model', 'agent']
    : ['project', 'provider', 'model', 'agent'];
  const [report, reload] = useApi<UsageReport>(`${basePath}/usage?${range}&groupBy=day`);
  // Spend arrives per model call: reload at most once a second.
  const reloadSoon = useCoalesced(reload, 1000);
  useLiveEvents(organizationId, {
    onUsage: (event) => {
      if (!projectId || event.projectId === projectId) reloadSoon();
    },
    onReconnect: reload,
  });
  return (
    <section aria-labelledby={`${id}-heading`} className="panel">
      <div className="section-title">
        <h2 id={`${id}-heading`}>{title}</h2>
        <a className="button-link secondary" href={`/api/v1${basePath}/usage.csv?${range}`} download>
          Export CSV
        </a>
      </div>
      <fieldset className="field-row inline">
        <legend className="visually-hidden">Date range (UTC days)</legend>
        <div>
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="date"
            value={from}
            onChange={(event) => setFrom(event.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-to`}>To (inclusive)</label>
          <input id={`${id}-to`} type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </div>
      </fieldset>
      {report.state === 'loading' ? <Loading what="usage" /> : null}
      {report.state === 'error' ? <ErrorBanner message={report.message} /> : null}
      {report.state === 'ready' ? (
        <>
          <dl className="stats">
            <div>
              <dt>Cost</dt>
              <dd>{formatUsd(report.value.totals.costUsd)}</dd>
            </div>
            <div>
              <dt>Requests</dt>
              <dd>{formatCount(report.value.totals.requests)}</dd>
            </div>
            <div>
              <dt>Input tokens</dt>
              <dd>{formatCount(report.value.totals.inputTokens)}</dd>
            </div>
            <div>
              <dt>Output tokens</dt>
              <dd>{formatCount(report.value.totals.outputTokens)}</dd>
            </div>
            <div>
              <dt>p50 latency</dt>
              <dd>{formatLatency(report.value.totals.p50LatencyMs)}</dd>
            </div>
            <div>
              <dt>p95 latency</dt>
              <dd>{formatLatency(report.value.totals.p95LatencyMs)}</dd>
            </div>
            <div>
              <dt>Failovers</dt>
              <dd>{formatCount(report.value.totals.failovers)}</dd>
            </div>
          </dl>
          {report.value.totals.costUsd > 0 ? (
            <UsageChart rows={report.value.rows} from={from} to={to} />
          ) : (
            <p className="empty">
              No spend from {from} to {to}
              {report.value.totals.requests > 0
                ? ` (${formatCount(report.value.totals.requests)} requests at no cost)`
                : ''}
              . Cost per day appears here once gateway calls or agent jobs spend money.
            </p>
          )}
        </>
      ) : null}
      <UsageBreakdown basePath={basePath} range={range} groupings={groupings} />
    </section>
  );
}

import { useState } from 'react';
import type { UsageReport } from '../api-types.js';
import { formatCount, formatLatency, formatUsd } from '../format.js';
import { useApi } from '../use-api.js';
import { ErrorBanner, Loading } from './error-banner.js';

const groupings = [
  ['provider', 'Provider'],
  ['model', 'Model'],
  ['agent', 'Agent'],
] as const;

/** Usage in the range grouped by provider, model or agent, most expensive first. */
export function UsageBreakdown({ projectId, range }: { projectId: string; range: string }) {
  const [groupBy, setGroupBy] = useState<(typeof groupings)[number][0]>('provider');
  const [report] = useApi<UsageReport>(`/projects/${projectId}/usage?${range}&groupBy=${groupBy}`);
  const label = groupings.find(([value]) => value === groupBy)![1];
  const rows = report.state === 'ready' ? [...report.value.rows].sort((a, b) => b.costUsd - a.costUsd) : [];
  return (
    <div className="breakdown">
      <div className="section-title">
        <h3 id="breakdown-heading">Breakdown by {label.toLowerCase()}</h3>
        <fieldset className="segmented">
          <legend className="visually-hidden">Group usage by</legend>
          {groupings.map(([value, text]) => (
            <button
              key={value}
              type="button"
              aria-pressed={groupBy === value}
              className="small"
              onClick={() => setGroupBy(value)}
            >
              {text}
            </button>
          ))}
        </fieldset>
      </div>
      {report.state === 'loading' ? <Loading what="breakdown" /> : null}
      {report.state === 'error' ? <ErrorBanner message={report.message} /> : null}
      {report.state === 'ready' && rows.length === 0 ? (
        <p className="empty">No usage in this range yet.</p>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table aria-labelledby="breakdown-heading">
            <thead>
              <tr>
                <th scope="col">{label}</th>
                <th scope="col">Requests</th>
                <th scope="col">Input tokens</th>
                <th scope="col">Output tokens</th>
                <th scope="col">Cost</th>
                <th scope="col">p50 latency</th>
                <th scope="col">p95 latency</th>
                <th scope="col">Failovers</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.key}</th>
                  <td>{formatCount(row.requests)}</td>
                  <td>{formatCount(row.inputTokens)}</td>
                  <td>{formatCount(row.outputTokens)}</td>
                  <td>{formatUsd(row.costUsd)}</td>
                  <td className="nowrap">{formatLatency(row.p50LatencyMs)}</td>
                  <td className="nowrap">{formatLatency(row.p95LatencyMs)}</td>
                  <td>{formatCount(row.failovers)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

import { useId, useState } from 'react';
import type { UsageReport } from '../api-types.js';
import { formatCount, formatLatency, formatUsd } from '../format.js';
import { useApi } from '../use-api.js';
import { ErrorBanner, Loading } from './error-banner.js';

export type UsageGrouping = 'project' | 'provider' | 'model' | 'agent';

const groupingLabels: Record<UsageGrouping, string> = {
  project: 'Project',
  provider: 'Provider',
  model: 'Model',
  agent: 'Agent',
};

/**
 * Usage in the range grouped by one of `groupings` (the first is the default), most expensive first.
 * `basePath` is the project's or the organization's API path; project rows link to the project's page.
 */
export function UsageBreakdown({
  basePath,
  range,
  groupings = ['provider', 'model', 'agent'],
}: {
  basePath: string;
  range: string;
  groupings?: UsageGrouping[];
}) {
  const id = useId();
  const [groupBy, setGroupBy] = useState<UsageGrouping>(groupings[0]!);
  const [report] = useApi<UsageReport>(`${basePath}/usage?${range}&groupBy=${groupBy}`);
  const label = groupingLabels[groupBy];
  const rows = report.state === 'ready' ? [...report.value.rows].sort((a, b) => b.costUsd - a.costUsd) : [];
  return (
    <div className="breakdown">
      <div className="section-title">
        <h3 id={`${id}-breakdown-heading`}>Breakdown by {label.toLowerCase()}</h3>
        <fieldset className="segmented">
          <legend className="visually-hidden">Group usage by</legend>
          {groupings.map((value) => (
            <button
              key={value}
              type="button"
              aria-pressed={groupBy === value}
              className="small"
              onClick={() => setGroupBy(value)}
            >
              {groupingLabels[value]}
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
          <table aria-labelledby={`${id}-breakdown-heading`}>
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
                  <th scope="row">
                    {report.state === 'ready' && report.value.groupBy === 'project' ? (
                      <a href={`#/projects/${row.key}`}>{row.name ?? row.key}</a>
                    ) : (
                      row.key
                    )}
                  </th>
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

import Chart from 'chart.js/auto';
import { useEffect, useRef } from 'react';
import type { UsageReport } from '../api-types.js';
import { formatCount, formatUsd, isoDay } from '../format.js';

type Row = UsageReport['rows'][number];

/** Every day of the range, with zero for days without usage, so the chart has no gaps. */
function fillDays(rows: Row[], from: string, to: string): Row[] {
  const byDay = new Map(rows.map((row) => [row.key.slice(0, 10), row]));
  const days: Row[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= end && days.length < 366; at += 86_400_000) {
    const day = isoDay(new Date(at));
    days.push(
      byDay.get(day) ?? {
        key: day,
        requests: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        p50LatencyMs: null,
        p95LatencyMs: null,
        failovers: 0,
      },
    );
  }
  return days;
}

/** Cost per UTC day as a bar chart, with the same numbers as a table for screen readers and keyboards. */
export function UsageChart({ rows, from, to }: { rows: Row[]; from: string; to: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const days = fillDays(rows, from, to);
  const labels = days.map((day) => day.key.slice(5));
  const costs = days.map((day) => day.costUsd);
  const key = JSON.stringify([labels, costs]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for labels and costs.
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets: [{ label: 'Cost (USD)', data: costs, backgroundColor: '#2f6fbd' }] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => formatUsd(item.parsed.y) } },
        },
        scales: { y: { beginAtZero: true, ticks: { callback: (value) => `$${value}` } } },
      },
    });
    return () => chart.destroy();
  }, [key]);
  const total = costs.reduce((sum, cost) => sum + cost, 0);
  return (
    <figure className="chart">
      <div className="chart-box">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`Cost per day from ${from} to ${to}: ${formatUsd(total)} in total. The table below has the numbers.`}
        />
      </div>
      <figcaption className="muted small">Cost per UTC day</figcaption>
      <details>
        <summary>Show cost per day as a table</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Requests</th>
                <th scope="col">Input tokens</th>
                <th scope="col">Output tokens</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.key}>
                  <th scope="row">{day.key}</th>
                  <td>{formatCount(day.requests)}</td>
                  <td>{formatCount(day.inputTokens)}</td>
                  <td>{formatCount(day.outputTokens)}</td>
                  <td>{formatUsd(day.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

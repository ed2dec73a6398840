/** Small formatters shared by the tables. */

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
const count = new Intl.NumberFormat('en-US');

export function formatUsd(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : usd.format(value);
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : count.format(value);
}

/** A latency in milliseconds, or a dash when there were no successful calls. */
export function formatLatency(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : `${count.format(Math.round(ms))} ms`;
}

/** `2026-11-02 14:05` in the viewer's time zone, or a dash. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const pad = (part: number) => String(part).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** `YYYY-MM-DD` of a date in UTC (the API's days are UTC). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A limit typed into a form: empty clears it (null). */
export function parseLimit(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

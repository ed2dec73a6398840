import { escapeMarkdown } from '../../config/repository-config/format-markdown.js';

/** One model call of a run, as the router reported it. */
export interface ModelCallRecord {
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Candidates tried and failed before this one answered. */
  failovers: number;
  cached: boolean;
}

/** What every post's footer reports. */
export interface FooterInput {
  calls: readonly ModelCallRecord[];
  coverage?: { reviewedFiles: number; totalFiles: number };
}

/** `$0.0123` under a dollar, `$1.23` from a dollar, `<$0.0001` for a tiny non-zero amount. */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.00005) return '<$0.0001';
  return `$${usd >= 1 ? usd.toFixed(2) : usd.toFixed(4)}`;
}

function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

function plural(count: number, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The short line every post ends with: models and providers used, failovers, tokens in and out, cost and
 * coverage, e.g. `Switchyard · gpt-4o-mini (openai) · 1 failover · 12,345 tokens in / 678 out · $0.0123`.
 */
export function renderFooter(input: FooterInput): string {
  const parts = ['Switchyard'];
  const calls = input.calls;
  if (calls.length === 0) {
    parts.push('no model calls');
  } else {
    const models = new Map<string, number>();
    for (const call of calls) {
      const name = `${call.model} (${call.provider})`;
      models.set(name, (models.get(name) ?? 0) + 1);
    }
    parts.push([...models].map(([name, count]) => (count > 1 ? `${name} ×${count}` : name)).join(', '));
    const failovers = calls.reduce((total, call) => total + call.failovers, 0);
    if (failovers > 0) parts.push(plural(failovers, 'failover'));
    const cached = calls.filter((call) => call.cached).length;
    if (cached > 0) parts.push(`${formatCount(cached)} of ${plural(calls.length, 'call')} cached`);
    const inputTokens = calls.reduce((total, call) => total + call.inputTokens, 0);
    const outputTokens = calls.reduce((total, call) => total + call.outputTokens, 0);
    parts.push(`${formatCount(inputTokens)} tokens in / ${formatCount(outputTokens)} out`);
    parts.push(formatUsd(calls.reduce((total, call) => total + call.costUsd, 0)));
  }
  if (input.coverage) {
    parts.push(
      `${formatCount(input.coverage.reviewedFiles)} of ${plural(input.coverage.totalFiles, 'file')} reviewed`,
    );
  }
  return `<sub>${parts.map(escapeMarkdown).join(' · ')}</sub>`;
}

import { describe, expect, it } from '@jest/globals';
import {
  formatUsd,
  type ModelCallRecord,
  renderFooter,
} from '../../../../core/agents/format/render-footer.js';

function call(overrides: Partial<ModelCallRecord> = {}): ModelCallRecord {
  return {
    provider: 'openai',
    model: 'gpt-4o-mini',
    inputTokens: 1_000,
    outputTokens: 100,
    costUsd: 0.001,
    failovers: 0,
    cached: false,
    ...overrides,
  };
}

describe('renderFooter', () => {
  it('names models and providers, failovers, tokens, cost and coverage on one small line', () => {
    const footer = renderFooter({
      calls: [
        call(),
        call({ inputTokens: 11_345, outputTokens: 578, costUsd: 0.0113, failovers: 1 }),
        call({ provider: 'anthropic', model: 'claude-haiku', costUsd: 0, cached: true }),
      ],
      coverage: { reviewedFiles: 8, totalFiles: 10 },
    });
    expect(footer).toBe(
      '<sub>Switchyard · gpt-4o-mini \\(openai\\) ×2, claude-haiku \\(anthropic\\) · 1 failover · ' +
        '1 of 3 calls cached · 13,345 tokens in / 778 out · $0.0123 · 8 of 10 files reviewed</sub>',
    );
  });

  it('says when no model was called', () => {
    expect(renderFooter({ calls: [] })).toBe('<sub>Switchyard · no model calls</sub>');
  });

  it('escapes Markdown in model names', () => {
    expect(renderFooter({ calls: [call({ model: 'my_model*[x]' })] })).toContain('my\\_model\\*\\[x\\]');
  });
});

describe('formatUsd', () => {
  it('shows four decimals under a dollar, two from a dollar, and a floor for tiny amounts', () => {
    expect(formatUsd(0.0123)).toBe('$0.0123');
    expect(formatUsd(0)).toBe('$0.0000');
    expect(formatUsd(1.234)).toBe('$1.23');
    expect(formatUsd(0.00001)).toBe('<$0.0001');
  });
});

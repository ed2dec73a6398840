import { describe, expect, it } from '@jest/globals';
import {
  describeOutputLimits,
  parseDescribeOutput,
} from '../../../../core/agents/review/parse-describe-output.js';

describe('parseDescribeOutput', () => {
  it('reads the summary, changes, risks and suggested title', () => {
    const text = JSON.stringify({
      summary: 'Adds retries.',
      changes: ['router: retry on 429'],
      risks: ['More load on providers'],
      suggestedTitle: 'Retry rate-limited calls',
    });
    expect(parseDescribeOutput(text)).toEqual({
      success: true,
      value: {
        summary: 'Adds retries.',
        changes: ['router: retry on 429'],
        risks: ['More load on providers'],
        suggestedTitle: 'Retry rate-limited calls',
      },
    });
  });

  it('tolerates fences, missing lists and non-text items', () => {
    const text = '```json\n{"summary": "s", "changes": ["a", 3, "", null, "b"], "risks": "none"}\n```';
    expect(parseDescribeOutput(text)).toEqual({
      success: true,
      value: { summary: 's', changes: ['a', 'b'], risks: [] },
    });
  });

  it('clamps the title and the lists', () => {
    const result = parseDescribeOutput(
      JSON.stringify({
        summary: 's',
        changes: Array.from({ length: 100 }, () => 'c'.repeat(1_000)),
        suggestedTitle: `${'t'.repeat(300)}\n`,
      }),
    );
    if (!result.success) throw new Error(result.error);
    expect(result.value.changes).toHaveLength(describeOutputLimits.items);
    expect(result.value.changes[0]!.length).toBe(describeOutputLimits.item);
    expect(result.value.suggestedTitle!.length).toBe(describeOutputLimits.title);
  });

  it('fails without a summary', () => {
    expect(parseDescribeOutput('{"changes": []}')).toEqual({
      success: false,
      error: 'the model answered JSON without a "summary" text',
    });
    expect(parseDescribeOutput('no json here')).toMatchObject({ success: false });
  });
});

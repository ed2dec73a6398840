import { describe, expect, it } from '@jest/globals';
import { parseReviewOutput, reviewOutputLimits } from '../../../../core/agents/review/parse-review-output.js';

function parsed(text: string) {
  const result = parseReviewOutput(text);
  if (!result.success) throw new Error(result.error);
  return result.value;
}

const validFinding = {
  path: 'src/app.ts',
  line: 3,
  severity: 'major',
  title: 'Null dereference',
  body: 'May be undefined.',
};

describe('parseReviewOutput', () => {
  it('reads the summary and findings, defaulting the side to RIGHT', () => {
    expect(parsed(JSON.stringify({ summary: 'Looks fine.', findings: [validFinding] }))).toEqual({
      summary: 'Looks fine.',
      findings: [{ ...validFinding, side: 'RIGHT' }],
      droppedFindings: 0,
    });
  });

  it('tolerates a ```json fence and prose around the object', () => {
    const text = `Here you go:\n\`\`\`json\n${JSON.stringify({ summary: 's', findings: [validFinding] })}\n\`\`\`\nDone.`;
    expect(parsed(text).findings).toHaveLength(1);
  });

  it('drops invalid findings one by one and counts them', () => {
    const value = parsed(
      JSON.stringify({
        summary: 's',
        findings: [
          validFinding,
          { ...validFinding, line: 0 },
          { ...validFinding, path: '' },
          { ...validFinding, severity: 'catastrophic' },
          { ...validFinding, title: '   ' },
          'not an object',
          { ...validFinding, line: '7' },
        ],
      }),
    );
    expect(value.findings.map((finding) => finding.line)).toEqual([3, 7]);
    expect(value.droppedFindings).toBe(5);
  });

  it('maps common severity words and spellings onto ours', () => {
    const severities = ['HIGH', 'blocker', 'Low', 'info', 'Minor'].map(
      (severity) =>
        parsed(JSON.stringify({ summary: 's', findings: [{ ...validFinding, severity }] })).findings[0]!
          .severity,
    );
    expect(severities).toEqual(['major', 'critical', 'minor', 'nit', 'minor']);
  });

  it('orders a reversed range, drops a one-line range and accepts a lowercase side', () => {
    const [reversed, single, left] = parsed(
      JSON.stringify({
        summary: 's',
        findings: [
          { ...validFinding, line: 9, endLine: 4 },
          { ...validFinding, endLine: 3 },
          { ...validFinding, side: 'left' },
        ],
      }),
    ).findings;
    expect(reversed).toMatchObject({ line: 4, endLine: 9 });
    expect(single!.endLine).toBeUndefined();
    expect(left!.side).toBe('LEFT');
  });

  it('clamps long texts and caps the number of findings', () => {
    const value = parsed(
      JSON.stringify({
        summary: 's'.repeat(10_000),
        findings: Array.from({ length: 80 }, () => ({
          ...validFinding,
          title: 't'.repeat(500),
          body: 'b'.repeat(9_000),
        })),
      }),
    );
    expect(value.summary.length).toBe(reviewOutputLimits.summary);
    expect(value.findings).toHaveLength(reviewOutputLimits.findings);
    expect(value.droppedFindings).toBe(80 - reviewOutputLimits.findings);
    expect(value.findings[0]!.title.length).toBe(reviewOutputLimits.title);
    expect(value.findings[0]!.body.length).toBe(reviewOutputLimits.body);
  });

  it('strips a fence the model put around its suggestion and drops an empty one', () => {
    const [fenced, empty, plain] = parsed(
      JSON.stringify({
        summary: 's',
        findings: [
          { ...validFinding, suggestion: '```ts\n  return value ?? 0;\n```' },
          { ...validFinding, suggestion: '  \n ' },
          { ...validFinding, suggestion: '  return value ?? 0;\n' },
        ],
      }),
    ).findings;
    expect(fenced!.suggestion).toBe('  return value ?? 0;');
    expect(empty!.suggestion).toBeUndefined();
    expect(plain!.suggestion).toBe('  return value ?? 0;');
  });

  it('normalizes the path and flattens the title to one line', () => {
    const [finding] = parsed(
      JSON.stringify({
        summary: 's',
        findings: [{ ...validFinding, path: './src/app.ts', title: 'Two\nlines ' }],
      }),
    ).findings;
    expect(finding).toMatchObject({ path: 'src/app.ts', title: 'Two lines' });
  });

  it('accepts a summary without findings and findings without a summary', () => {
    expect(parsed('{"summary": "All good."}')).toEqual({
      summary: 'All good.',
      findings: [],
      droppedFindings: 0,
    });
    expect(parsed(JSON.stringify({ findings: [validFinding] })).summary).toBe('');
  });

  it('fails when the answer has no JSON or neither summary nor findings', () => {
    expect(parseReviewOutput('LGTM!')).toMatchObject({ success: false });
    expect(parseReviewOutput('{"verdict": "ok"}')).toEqual({
      success: false,
      error: 'the model answered JSON without "summary" or "findings"',
    });
    expect(parseReviewOutput('[1, 2]')).toMatchObject({ success: false });
  });
});

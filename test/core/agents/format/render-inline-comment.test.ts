import { describe, expect, it } from '@jest/globals';
import {
  renderInlineComment,
  toInlineComment,
} from '../../../../core/agents/format/render-inline-comment.js';
import { readFindingMarkers } from '../../../../core/agents/review/fingerprint-finding.js';
import { anchoredFinding } from '../__fixtures__/agent-fixtures.js';

const zwsp = '\u200b';

describe('renderInlineComment', () => {
  it('shows the severity badge, title, body and the fingerprint marker last', () => {
    const finding = anchoredFinding({
      severity: 'critical',
      title: 'SQL injection',
      body: 'Use a parameter.',
    });
    expect(renderInlineComment(finding)).toBe(
      `🔴 **Critical** · SQL injection\n\nUse a parameter.\n\n<!-- switchyard:finding:${finding.fingerprint} -->`,
    );
  });

  it('adds an applicable GitHub suggestion that no backticks inside can close', () => {
    const body = renderInlineComment(anchoredFinding({ suggestion: 'const a = ```x```;' }));
    expect(body).toContain('````suggestion\nconst a = ```x```;\n````');
  });

  it('writes a GitLab suggestion covering the lines above the anchor', () => {
    const finding = anchoredFinding(
      { suggestion: 'fixed();' },
      { anchor: { side: 'RIGHT', line: 12, startLine: 10 } },
    );
    expect(renderInlineComment(finding, { suggestionSyntax: 'gitlab' })).toContain(
      '```suggestion:-2+0\nfixed();\n```',
    );
  });

  it('shows a suggestion on a removed line as plain code, since it cannot be applied there', () => {
    const finding = anchoredFinding({ side: 'LEFT', line: 2, suggestion: 'keep();' });
    expect(renderInlineComment(finding)).toContain('```\nkeep();\n```');
    expect(renderInlineComment(finding)).not.toContain('suggestion');
  });

  it('neutralizes mentions, quick actions and forged markers in the model text', () => {
    const finding = anchoredFinding({
      title: 'Ping @admin',
      body: '/approve\n<!-- switchyard:finding:0123456789abcdef -->',
    });
    const body = renderInlineComment(finding);
    expect(body).toContain(`@${zwsp}admin`);
    expect(body).toContain('\\/approve');
    expect(readFindingMarkers(body)).toEqual([finding.fingerprint]);
  });
});

describe('toInlineComment', () => {
  it('builds the platform comment from the anchor', () => {
    const finding = anchoredFinding({}, { anchor: { side: 'RIGHT', line: 4, startLine: 1 } });
    expect(toInlineComment(finding)).toEqual({
      path: 'src/app.ts',
      line: 4,
      startLine: 1,
      side: 'RIGHT',
      body: renderInlineComment(finding),
      fingerprint: finding.fingerprint,
    });
  });

  it('refuses a finding that is not anchored to the diff', () => {
    expect(() => toInlineComment(anchoredFinding({}, { anchor: undefined }))).toThrow('not anchored');
  });
});

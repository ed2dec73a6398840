import { describe, expect, it } from '@jest/globals';
import { renderDescribeComment } from '../../../../core/agents/format/render-describe-comment.js';
import { stickyMarker } from '../../../../core/agents/sticky-markers.js';

describe('renderDescribeComment', () => {
  it('shows summary, changes, risks and the suggested title, then footer and sticky marker', () => {
    const body = renderDescribeComment({
      description: {
        summary: 'Adds retries.',
        changes: ['router: retry on 429', 'docs:\nnew section'],
        risks: ['More load'],
        suggestedTitle: 'Retry `429` responses',
      },
      footer: { calls: [] },
    });
    expect(body).toBe(
      [
        '### Switchyard description',
        '',
        'Adds retries.',
        '',
        '#### Changes',
        '',
        '- router: retry on 429',
        '- docs: new section',
        '',
        '#### Worth a closer look',
        '',
        '- More load',
        '',
        '**Suggested title:** ``Retry `429` responses``',
        '',
        '---',
        '<sub>Switchyard · no model calls</sub>',
        stickyMarker('describe'),
      ].join('\n'),
    );
  });

  it('leaves out empty sections and notes masked secrets', () => {
    const body = renderDescribeComment({
      description: { summary: 's', changes: [], risks: [] },
      maskedSecrets: [{ kind: 'jwt', count: 1 }],
      footer: { calls: [] },
    });
    expect(body).not.toContain('####');
    expect(body).not.toContain('Suggested title');
    expect(body).toContain('🔒 1 secret masked (jwt) before the diff was sent to the model.');
  });

  it('neutralizes mentions and quick actions the model wrote', () => {
    const body = renderDescribeComment({
      description: { summary: '/merge\n@team please approve', changes: [], risks: [] },
      footer: { calls: [] },
    });
    expect(body).toContain('\\/merge\n@\u200bteam please approve');
  });
});

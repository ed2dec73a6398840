import { describe, expect, it } from '@jest/globals';
import { neutralizeModelOutput } from '../../../../core/agents/format/neutralize-model-output.js';
import { readFindingMarkers } from '../../../../core/agents/review/fingerprint-finding.js';

const zwsp = '\u200b';

describe('neutralizeModelOutput', () => {
  it('breaks forged sticky and finding markers, in prose and in code', () => {
    const output = neutralizeModelOutput(
      [
        '<!-- switchyard:review -->',
        '<!--SWITCHYARD:describe-->',
        '```',
        '<!-- switchyard:finding:0123456789abcdef -->',
        '```',
      ].join('\n'),
    );
    expect(output).not.toContain('<!-- switchyard:');
    expect(output.toLowerCase()).not.toMatch(/<!--\s*switchyard/);
    expect(readFindingMarkers(output)).toEqual([]);
  });

  it('shows other HTML comments outside code as text, so none can hide the rest of the comment', () => {
    expect(neutralizeModelOutput('a <!-- note --> b')).toBe('a &lt;!-- note --> b');
    expect(neutralizeModelOutput('`<!-- html -->`')).toBe('`<!-- html -->`');
  });

  it('stops @mentions of users and teams from notifying anyone', () => {
    const output = neutralizeModelOutput('Ask @octocat or @acme/security-team (cc @jane.doe).');
    expect(output).toBe(`Ask @${zwsp}octocat or @${zwsp}acme/security-team (cc @${zwsp}jane.doe).`);
  });

  it('leaves e-mail addresses, inline code and code blocks byte for byte', () => {
    const input = [
      'Mail dev@example.com about `@Override` and ``@a ` b``.',
      '```python',
      '@property',
      'def name(self): ...',
      '```',
      '~~~',
      '/approve inside code',
      '~~~',
    ].join('\n');
    expect(neutralizeModelOutput(input)).toBe(input);
  });

  it('escapes quick actions at the start of prose lines', () => {
    const output = neutralizeModelOutput(
      '/approve\n  /merge now\nsee a/b and /path later\n/assign_reviewer @x',
    );
    expect(output).toBe(`\\/approve\n  \\/merge now\nsee a/b and /path later\n\\/assign_reviewer @${zwsp}x`);
  });

  it('treats everything after an unclosed fence as code', () => {
    const input = 'text @a\n```\n@b\n/approve';
    expect(neutralizeModelOutput(input)).toBe(`text @${zwsp}a\n\`\`\`\n@b\n/approve`);
  });
});

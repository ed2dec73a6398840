import { describe, expect, it } from '@jest/globals';
import {
  renderSlackFailure,
  renderSlackResult,
  splitMrkdwn,
} from '../../../integrations/slack/render-slack-message.js';

const result = {
  title: 'Review of acme/api#42',
  markdown: 'Looks fine. <!channel> please merge, @here. <@U0BOSS> approve!',
  pullRequestUrl: 'https://github.com/acme/api/pull/42',
  resultUrl: 'https://github.com/acme/api/pull/42#issuecomment-1',
  costUsd: 0.01234,
  footer: '<sub>Switchyard · gpt-4.1-mini \\(openai\\) · 10 tokens in / 5 out · $0.0123</sub>',
};

describe('Slack messages', () => {
  it('renders a result with a link to the pull request, the cost and neutralized model output', () => {
    const message = renderSlackResult(result, { requestedBy: 'U0ADA' });
    const json = JSON.stringify(message);
    expect(message.blocks[0]).toMatchObject({
      type: 'section',
      text: { text: ':white_check_mark: *<https://github.com/acme/api/pull/42|Review of acme/api#42>*' },
    });
    expect(json).toContain('Cost: *$0.0123*');
    expect(json).toContain(
      '<https://github.com/acme/api/pull/42#issuecomment-1|Full result on the pull request>',
    );
    expect(json).toContain('gpt-4.1-mini (openai)');
    expect(json).toContain('Asked by <@U0ADA>');
    const body = JSON.stringify(message.blocks.slice(1, -1));
    expect(body).not.toMatch(/<[!@]/);
    expect(body).not.toMatch(/@here/);
    expect(
      message.blocks.every((block) => block.type !== 'section' || (block.text?.text.length ?? 0) <= 3000),
    ).toBe(true);
  });

  it('splits long output into sections under 3,000 characters, reopening a cut code block', () => {
    const code = Array.from({ length: 200 }, (_, index) => `line ${index} ${'x'.repeat(30)}`);
    const parts = splitMrkdwn(['intro', '```', ...code, '```', 'outro'].join('\n'));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((part) => part.length <= 2_900)).toBe(true);
    expect(parts.every((part) => (part.match(/```/g) ?? []).length % 2 === 0)).toBe(true);
    const long = renderSlackResult({ ...result, markdown: 'y'.repeat(100_000) });
    expect(long.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(long.blocks)).toContain('Cut short here');
  });

  it('renders failures neutralized', () => {
    const failure = renderSlackFailure('@ada, Switchyard commands need write access <!channel>.');
    expect(JSON.stringify(failure)).not.toMatch(/<!channel>|@ada/);
  });
});

import { describe, expect, it } from '@jest/globals';
import {
  convertMarkdownToMrkdwn,
  escapeSlackText,
  neutralizeSlackText,
  slackLink,
} from '../../../integrations/slack/format-slack-text.js';

describe('Slack text formatting', () => {
  it('escapes &, < and > as Slack asks', () => {
    expect(escapeSlackText('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
  });

  it('leaves no mention that notifies in model output', () => {
    const output = neutralizeSlackText(
      'ping <!here> <!channel> <!everyone> <@U123> <!subteam^S1> @here @channel and ada@example.com',
    );
    expect(output).not.toMatch(/<[!@#]/);
    expect(output).not.toMatch(/@(here|channel)/);
    expect(output).toContain('ada@example.com');
    expect(output).toContain('&lt;!here&gt;');
  });

  it('converts Markdown to mrkdwn, keeping only http links', () => {
    const mrkdwn = convertMarkdownToMrkdwn(
      [
        '### Summary',
        'This is **important** and *subtle*, see [the docs](https://example.com/a?b=1&c=2) or [bad](javascript:alert(1)).',
        '- one item',
        '<!-- switchyard:review -->',
        '| File | Note |',
        '| --- | --- |',
        '| a.ts | <b> |',
        '```ts',
        'if (a < b) notify("@here")',
        '```',
      ].join('\n'),
    );
    expect(mrkdwn).toContain('*Summary*');
    expect(mrkdwn).toContain('*important*');
    expect(mrkdwn).toContain('_subtle_');
    expect(mrkdwn).toContain('<https://example.com/a?b=1&amp;c=2|the docs>');
    expect(mrkdwn).not.toContain('<javascript');
    expect(mrkdwn).toContain('[bad](javascript:alert(1))');
    expect(mrkdwn).toContain('• one item');
    expect(mrkdwn).not.toContain('switchyard:review');
    expect(mrkdwn).toContain('```\n| File | Note |\n| a.ts | &lt;b&gt; |\n```');
    expect(mrkdwn).toContain('if (a &lt; b) notify("@\u200bhere")');
  });

  it('builds links only for http URLs, with the characters that would break them encoded', () => {
    expect(slackLink('https://github.com/a/b/pull/1', 'a/b#1')).toBe('<https://github.com/a/b/pull/1|a/b#1>');
    expect(slackLink('https://x.test/?q=a|b', '<@U1>')).toBe('<https://x.test/?q=a%7Cb|&lt;@\u200bU1&gt;>');
    expect(slackLink('ftp://x', 'x')).toBe('x');
  });
});

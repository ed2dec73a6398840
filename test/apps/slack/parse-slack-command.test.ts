import { describe, expect, it } from '@jest/globals';
import {
  parseProjectName,
  parsePullRequestUrl,
  readPlatformHosts,
} from '../../../apps/slack/parse-pull-request-url.js';
import { parseSlackCommand } from '../../../apps/slack/parse-slack-command.js';

const hosts = readPlatformHosts({
  GHE_HOST: 'github.example.com',
  GITLAB_URL: 'https://code.example.com/gitlab',
});
const parse = (text: string) => parseSlackCommand(text, { command: '/switchyard', hosts });

describe('parsePullRequestUrl', () => {
  it('reads GitHub, GitHub Enterprise and GitLab URLs, with or without Slack link brackets', () => {
    expect(parsePullRequestUrl('https://github.com/acme/api/pull/42', hosts)).toEqual({
      success: true,
      value: {
        platform: 'github',
        repository: 'acme/api',
        number: 42,
        url: 'https://github.com/acme/api/pull/42',
      },
    });
    expect(
      parsePullRequestUrl('<https://github.example.com/acme/api/pull/7/files|acme/api#7>', hosts),
    ).toMatchObject({
      success: true,
      value: { platform: 'github', repository: 'acme/api', number: 7 },
    });
    expect(
      parsePullRequestUrl(
        'https://code.example.com/gitlab/group/sub/project/-/merge_requests/3#note_1',
        hosts,
      ),
    ).toMatchObject({
      success: true,
      value: { platform: 'gitlab', repository: 'group/sub/project', number: 3 },
    });
  });

  it('explains what it expected for anything else', () => {
    const notPull = parsePullRequestUrl('https://github.com/acme/api/issues/4', hosts);
    expect(notPull).toMatchObject({ success: false });
    expect(!notPull.success && notPull.error).toContain('https://github.com/acme/api/pull/42');
    const elsewhere = parsePullRequestUrl('https://bitbucket.org/acme/api/pull-requests/1', hosts);
    expect(!elsewhere.success && elsewhere.error).toContain('does not work with bitbucket.org');
    const text = parsePullRequestUrl('<!channel>', hosts);
    expect(text.success).toBe(false);
    expect(!text.success && text.error).not.toContain('<!channel>');
  });

  it('reads project names as paths, prefixed paths and repository URLs', () => {
    expect(parseProjectName('acme/api', hosts)).toEqual({ success: true, value: { name: 'acme/api' } });
    expect(parseProjectName('gitlab:group/sub/project', hosts)).toEqual({
      success: true,
      value: { name: 'group/sub/project', platform: 'gitlab' },
    });
    expect(parseProjectName('<https://github.com/acme/api>', hosts)).toEqual({
      success: true,
      value: { name: 'acme/api', platform: 'github' },
    });
    expect(parseProjectName('api', hosts).success).toBe(false);
  });
});

describe('parseSlackCommand', () => {
  it('parses review, summarize and ask', () => {
    expect(parse('review https://github.com/acme/api/pull/42')).toMatchObject({
      success: true,
      value: { name: 'review', target: { repository: 'acme/api', number: 42 } },
    });
    expect(parse('summarize https://github.com/acme/api/pull/42')).toMatchObject({
      value: { name: 'summarize' },
    });
    expect(parse('describe https://github.com/acme/api/pull/42')).toMatchObject({
      value: { name: 'summarize' },
    });
    expect(
      parse('ask <https://github.com/acme/api/pull/42>  why is a &lt;lock&gt; &amp; a map needed?'),
    ).toMatchObject({
      success: true,
      value: { name: 'ask', question: 'why is a <lock> & a map needed?' },
    });
  });

  it('answers usage for missing arguments and help for unknown words', () => {
    expect(parse('review')).toMatchObject({ success: false, error: expect.stringContaining('Usage') });
    expect(parse('ask https://github.com/acme/api/pull/42')).toMatchObject({ success: false });
    expect(parse('')).toEqual({ success: true, value: { name: 'help' } });
    expect(parse('deploy <!here>')).toEqual({ success: true, value: { name: 'help', unknown: 'deploy' } });
    expect(parse('<@U123>')).toEqual({
      success: true,
      value: { name: 'help', unknown: '&lt;@\u200bU123&gt;' },
    });
  });

  it('parses the workspace commands', () => {
    expect(parse('status')).toEqual({ success: true, value: { name: 'status' } });
    expect(parse('budget acme/api')).toEqual({
      success: true,
      value: { name: 'budget', project: { name: 'acme/api' } },
    });
    expect(parse('link acme/api github:acme/web')).toEqual({
      success: true,
      value: { name: 'link', projects: [{ name: 'acme/api' }, { name: 'acme/web', platform: 'github' }] },
    });
    expect(parse('whoami github @octocat')).toEqual({
      success: true,
      value: { name: 'whoami', claim: { platform: 'github', login: 'octocat' } },
    });
    expect(parse('identify <@U0ADA|ada> github ada-l')).toEqual({
      success: true,
      value: { name: 'identify', userId: 'U0ADA', platform: 'github', login: 'ada-l' },
    });
    expect(parse('identify <@U0ADA> gitlab none')).toMatchObject({
      value: { login: undefined, platform: 'gitlab' },
    });
    expect(parse('identify @ada github ada').success).toBe(false);
    expect(parse('whoami github bad/login').success).toBe(false);
  });
});

import { describe, expect, it } from '@jest/globals';
import { parseRepositoryConfig } from '../../../../core/config/repository-config/parse-repository-config.js';
import {
  type PullRequestFacts,
  shouldIgnorePullRequest,
} from '../../../../core/config/repository-config/should-ignore-pull-request.js';

function configFor(yaml: string) {
  const parsed = parseRepositoryConfig(yaml);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const pullRequest: PullRequestFacts = {
  author: 'octocat',
  labels: ['enhancement'],
  baseBranch: 'main',
  sourceBranch: 'feature/cache',
  title: 'Add a cache in front of the pricing API',
  draft: false,
  isBot: false,
};

const rules = configFor(
  [
    'ignore:',
    '  authors: ["*[bot]", "release-*"]',
    '  labels: [no-review, "wip*"]',
    '  baseBranches: [gh-pages, "legacy/*"]',
    '  sourceBranches: ["renovate/*"]',
    '  titleKeywords: [WIP, "[skip review]"]',
  ].join('\n'),
);

describe('shouldIgnorePullRequest', () => {
  it('lets an ordinary pull request through', () => {
    expect(shouldIgnorePullRequest(rules, pullRequest)).toEqual({ ignore: false });
  });

  it('skips drafts by default and reviews them when drafts is review', () => {
    const draft = { ...pullRequest, draft: true };
    expect(shouldIgnorePullRequest(configFor(''), draft)).toEqual({
      ignore: true,
      reason: expect.stringContaining('is a draft'),
    });
    expect(shouldIgnorePullRequest(configFor('drafts: review\n'), draft)).toEqual({ ignore: false });
  });

  it('skips authors the platform marks as bots unless ignore.bots is false', () => {
    const fromBot = { ...pullRequest, author: 'some-app', isBot: true };
    expect(shouldIgnorePullRequest(configFor(''), fromBot)).toEqual({
      ignore: true,
      reason: 'The author some-app is a bot, and ignore.bots is true.',
    });
    expect(shouldIgnorePullRequest(configFor('ignore:\n  bots: false\n'), fromBot)).toEqual({
      ignore: false,
    });
  });

  it('skips authors matching a pattern, where brackets are literal and case does not matter', () => {
    expect(shouldIgnorePullRequest(rules, { ...pullRequest, author: 'Dependabot[bot]' })).toEqual({
      ignore: true,
      reason: 'The author Dependabot[bot] matches "*[bot]" in ignore.authors.',
    });
    expect(shouldIgnorePullRequest(rules, { ...pullRequest, author: 'release-train' }).ignore).toBe(true);
    // `[bot]` is not a character class: a login merely containing b, o or t is not ignored.
    expect(shouldIgnorePullRequest(rules, { ...pullRequest, author: 'robot' })).toEqual({ ignore: false });
  });

  it('skips pull requests with an ignored label', () => {
    expect(shouldIgnorePullRequest(rules, { ...pullRequest, labels: ['bug', 'No-Review'] })).toEqual({
      ignore: true,
      reason: 'The label "No-Review" matches "no-review" in ignore.labels.',
    });
    expect(shouldIgnorePullRequest(rules, { ...pullRequest, labels: ['WIP: design'] }).ignore).toBe(true);
  });

  it('skips pull requests into an ignored base branch', () => {
    expect(shouldIgnorePullRequest(rules, { ...pullRequest, baseBranch: 'legacy/v1' })).toEqual({
      ignore: true,
      reason: 'The base branch legacy/v1 matches "legacy/*" in ignore.baseBranches.',
    });
    expect(shouldIgnorePullRequest(rules, { ...pullRequest, baseBranch: 'GH-PAGES' })).toEqual({
      ignore: false,
    });
  });

  it('skips pull requests from an ignored source branch', () => {
    expect(shouldIgnorePullRequest(rules, { ...pullRequest, sourceBranch: 'renovate/jest-30.x' })).toEqual({
      ignore: true,
      reason: 'The source branch renovate/jest-30.x matches "renovate/*" in ignore.sourceBranches.',
    });
  });

  it('skips titles containing a keyword as a whole word, ignoring case', () => {
    expect(shouldIgnorePullRequest(rules, { ...pullRequest, title: '[wip] Add a cache' })).toEqual({
      ignore: true,
      reason: 'The title contains "WIP", listed in ignore.titleKeywords.',
    });
    expect(shouldIgnorePullRequest(rules, { ...pullRequest, title: 'Docs [skip review]' }).ignore).toBe(true);
    expect(shouldIgnorePullRequest(rules, { ...pullRequest, title: 'Wipe stale cache entries' })).toEqual({
      ignore: false,
    });
  });
});

import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import {
  mapGitHubFile,
  mapGitHubPermission,
  mapGitHubPullRequest,
} from '../../../integrations/github/map-github-pull-request.js';

const webhookExamples: WebhookDefinition[] = createRequire(import.meta.url)('@octokit/webhooks-examples');
const pullRequestExamples = (
  webhookExamples.find(
    (definition) => definition.name === 'pull_request',
  ) as WebhookDefinition<'pull_request'>
).examples;

describe('mapGitHubPullRequest', () => {
  it('maps a real pull_request payload', () => {
    const payload = pullRequestExamples.find((example) => example.action === 'opened')!;
    const pull = payload.pull_request;
    expect(mapGitHubPullRequest(pull)).toEqual({
      repository: payload.repository.full_name,
      number: pull.number,
      title: pull.title,
      body: pull.body ?? '',
      author: { login: pull.user.login, isBot: false },
      draft: pull.draft === true,
      state: 'open',
      labels: pull.labels.map((label) => label.name),
      baseRef: pull.base.ref,
      baseSha: pull.base.sha,
      headRef: pull.head.ref,
      headSha: pull.head.sha,
      defaultBranch: payload.repository.default_branch,
      url: pull.html_url,
    });
  });

  it('tells a merged pull request from a closed one', () => {
    const closed = pullRequestExamples.find((example) => example.action === 'closed')!.pull_request;
    expect(mapGitHubPullRequest(closed).state).toBe('closed');
    const merged = { ...closed, merged: true, merged_at: closed.closed_at };
    expect(mapGitHubPullRequest(merged).state).toBe('merged');
  });
});

describe('mapGitHubFile', () => {
  it('keeps a renamed file’s old path and leaves a binary file without a patch', () => {
    expect(
      mapGitHubFile({
        filename: 'logo.png',
        previous_filename: 'old.png',
        status: 'renamed',
        additions: 0,
        deletions: 0,
      }),
    ).toEqual({ path: 'logo.png', previousPath: 'old.png', status: 'renamed', additions: 0, deletions: 0 });
  });
});

describe('mapGitHubPermission', () => {
  it('maps GitHub’s base roles, and a custom role by its permission flags', () => {
    const map = (permission: string, flags = {}) =>
      mapGitHubPermission({ permission, user: { permissions: flags } });
    expect(
      ['admin', 'maintain', 'write', 'triage', 'read', 'none'].map((permission) => map(permission)),
    ).toEqual(['admin', 'write', 'write', 'read', 'read', 'none']);
    expect(map('security-reviewer', { push: true, pull: true })).toBe('write');
    expect(map('auditor', { pull: true })).toBe('read');
    expect(map('unknown')).toBe('none');
  });
});

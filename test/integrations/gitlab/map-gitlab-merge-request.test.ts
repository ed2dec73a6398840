import { describe, expect, it } from '@jest/globals';
import {
  mapGitLabAccessLevel,
  mapGitLabDiff,
  mapGitLabMergeRequest,
} from '../../../integrations/gitlab/map-gitlab-merge-request.js';

const diff = {
  old_path: 'a.ts',
  new_path: 'a.ts',
  new_file: false,
  renamed_file: false,
  deleted_file: false,
  diff: '@@ -1,2 +1,2 @@\n-one\n+uno\n two\n',
};

describe('mapping GitLab merge requests', () => {
  it('maps renamed and deleted files to their neutral status and paths', () => {
    expect(mapGitLabDiff({ ...diff, old_path: 'old.ts', new_path: 'new.ts', renamed_file: true })).toEqual({
      path: 'new.ts',
      previousPath: 'old.ts',
      status: 'renamed',
      additions: 1,
      deletions: 1,
      patch: '@@ -1,2 +1,2 @@\n-one\n+uno\n two',
    });
    expect(
      mapGitLabDiff({ ...diff, new_path: 'a.ts', deleted_file: true, diff: '@@ -1 +0,0 @@\n-one\n' }),
    ).toMatchObject({
      path: 'a.ts',
      status: 'removed',
      deletions: 1,
    });
  });

  it('gives no patch for diffs GitLab collapsed, found too large, or could not show (binary)', () => {
    expect(mapGitLabDiff({ ...diff, too_large: true, diff: '' })).toEqual({
      path: 'a.ts',
      status: 'modified',
      additions: 0,
      deletions: 0,
    });
    expect(mapGitLabDiff({ ...diff, collapsed: true }).patch).toBeUndefined();
    expect(
      mapGitLabDiff({ ...diff, diff: 'Binary files a/a.png and b/a.png differ\n' }).patch,
    ).toBeUndefined();
  });

  it('trusts only the API bot flag to call an author a bot', () => {
    const mergeRequest = {
      iid: 3,
      title: 't',
      web_url: 'https://gitlab.example.com/a/b/-/merge_requests/3',
      state: 'locked',
      target_branch: 'main',
      source_branch: 'x',
      sha: 'h',
      diff_refs: { base_sha: 'b', start_sha: 's', head_sha: 'h' },
    };
    const project = { path: 'a/b', defaultBranch: 'main' };
    expect(
      mapGitLabMergeRequest({ ...mergeRequest, author: { username: 'renovate-bot' } }, project).author,
    ).toEqual({
      login: 'renovate-bot',
      isBot: false,
    });
    expect(
      mapGitLabMergeRequest({ ...mergeRequest, author: { username: 'project_7_bot_x', bot: true } }, project),
    ).toMatchObject({
      author: { isBot: true },
      state: 'open',
      body: '',
    });
  });

  it('maps GitLab roles to permissions', () => {
    expect([5, 10, 15, 20, 30, 40, 50].map(mapGitLabAccessLevel)).toEqual([
      'none',
      'read',
      'read',
      'read',
      'write',
      'admin',
      'admin',
    ]);
  });
});

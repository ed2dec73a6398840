import { describe, expect, it } from '@jest/globals';
import { createGitLabChangeSource } from '../../../integrations/gitlab/create-gitlab-change-source.js';
import {
  appSource,
  changedSource,
  projectPath,
  seedWidgets,
  statusesOf,
  useFakeGitLab,
} from './gitlab-test-client.js';

const fake = useFakeGitLab();

function sourceFor(scope: { project: string | number; iid: number }) {
  return createGitLabChangeSource({ api: fake.client.api, ...scope });
}

describe('the GitLab change source', () => {
  it('reads a merge request as the platform-neutral snapshot', async () => {
    const { mergeRequest, scope } = seedWidgets(fake.gitlab);
    const snapshot = await sourceFor(scope).getPullRequest();

    expect(snapshot).toEqual({
      repository: projectPath,
      number: mergeRequest.iid,
      title: 'Type add()',
      body: 'Adds types.',
      author: { login: 'alice', isBot: false },
      draft: false,
      state: 'open',
      labels: ['typescript', 'review-me'],
      baseRef: 'main',
      baseSha: mergeRequest.baseSha,
      headRef: 'typed-add',
      headSha: mergeRequest.headSha,
      defaultBranch: 'main',
      url: `${fake.gitlab.url}/${projectPath}/-/merge_requests/${mergeRequest.iid}`,
    });
    // The project travels URL-encoded: `acme%2Fplatform%2Fwidgets`.
    expect(fake.gitlab.calls[0]?.path).toContain('/api/v4/projects/acme%2Fplatform%2Fwidgets/');
  });

  it('maps drafts, merged and closed states, and reaches the project by its numeric id', async () => {
    const { project, mergeRequest } = seedWidgets(fake.gitlab);
    const source = sourceFor({ project: project.id, iid: mergeRequest.iid });
    mergeRequest.update({ draft: true });
    expect(await source.getPullRequest()).toMatchObject({
      draft: true,
      title: 'Draft: Type add()',
      state: 'open',
    });
    mergeRequest.update({ draft: false, state: 'merged' });
    expect(await source.getPullRequest()).toMatchObject({ draft: false, state: 'merged' });
    mergeRequest.update({ state: 'closed' });
    expect(await source.getPullRequest()).toMatchObject({ state: 'closed', repository: projectPath });
  });

  it('lists every changed file, across pages, with hunks and counted lines', async () => {
    const project = fake.gitlab.project(projectPath, { files: { 'src/add.ts': appSource } });
    const files: Record<string, string | null> = { 'src/add.ts': changedSource };
    for (let index = 0; index < 104; index += 1)
      files[`docs/page-${String(index).padStart(3, '0')}.md`] = `Page ${index}\n`;
    const mergeRequest = project.mergeRequest({ files });

    const changed = await sourceFor({ project: projectPath, iid: mergeRequest.iid }).listChangedFiles();

    expect(changed).toHaveLength(105);
    expect(statusesOf(fake.gitlab, 'GET /projects/:id/merge_requests/:merge_request_iid/diffs')).toEqual([
      200, 200,
    ]);
    expect(changed.find((file) => file.path === 'docs/page-000.md')).toEqual({
      path: 'docs/page-000.md',
      status: 'added',
      additions: 1,
      deletions: 0,
      patch: '@@ -0,0 +1 @@\n+Page 0',
    });
    expect(changed.find((file) => file.path === 'src/add.ts')).toEqual({
      path: 'src/add.ts',
      status: 'modified',
      additions: 1,
      deletions: 1,
      patch:
        '@@ -1,3 +1,3 @@\n-export function add(a, b) {\n+export function add(a: number, b: number): number {\n   return a + b;\n }',
    });
  });

  it('compares a descendant with its ancestor, and gives up on rewritten or unknown history', async () => {
    const { mergeRequest, scope } = seedWidgets(fake.gitlab);
    const source = sourceFor(scope);
    const reviewed = mergeRequest.headSha;
    const pushed = mergeRequest.push({ 'docs/add.md': 'add(a, b) returns a + b.\n' });

    expect(await source.compareCommits(reviewed, pushed)).toEqual([
      {
        path: 'docs/add.md',
        status: 'modified',
        additions: 1,
        deletions: 1,
        patch: '@@ -1 +1 @@\n-add(a, b) sums two numbers.\n+add(a, b) returns a + b.',
      },
    ]);
    expect(await source.compareCommits(pushed, pushed)).toEqual([]);
    // Backwards: the head does not descend from the base.
    expect(await source.compareCommits(pushed, reviewed)).toBeUndefined();
    const rebased = mergeRequest.push({ 'src/extra.ts': 'export {};\n' }, { force: true });
    expect(await source.compareCommits(pushed, rebased)).toBeUndefined();
    expect(await source.compareCommits('0123456789abcdef0123456789abcdef01234567', pushed)).toBeUndefined();
  });

  it('reads a file at a branch or commit, and nothing where it does not exist', async () => {
    const { mergeRequest, scope } = seedWidgets(fake.gitlab);
    const source = sourceFor(scope);
    expect(await source.readFile('src/add.ts', 'main')).toBe(appSource);
    expect(await source.readFile('src/add.ts', mergeRequest.headSha)).toBe(changedSource);
    expect(await source.readFile('docs/add.md', 'main')).toBeUndefined();
    expect(await source.readFile('src/add.ts', 'no-such-branch')).toBeUndefined();
  });

  it("reports a user's role as a permission, and none for strangers and unknown users", async () => {
    const { project, scope } = seedWidgets(fake.gitlab);
    project.member('rita', 20);
    project.member('dev', 30);
    project.member('maya', 40);
    project.member('olga', 50);
    project.member('gus', 10);
    fake.gitlab.user('stranger');
    const source = sourceFor(scope);

    const permissions = await Promise.all(
      ['rita', 'dev', 'maya', 'olga', 'gus', 'stranger', 'nobody'].map((login) =>
        source.getPermission(login),
      ),
    );
    expect(permissions).toEqual(['read', 'write', 'admin', 'admin', 'read', 'none', 'none']);
    expect(await source.getPermission('DEV')).toBe('write');
  });

  it('names the missing merge request in a gitlab.not_found error', async () => {
    seedWidgets(fake.gitlab);
    await expect(sourceFor({ project: projectPath, iid: 99 }).getPullRequest()).rejects.toMatchObject({
      code: 'gitlab.not_found',
      retryable: false,
      message: expect.stringContaining(`read merge request ${projectPath}!99`),
    });
  });
});

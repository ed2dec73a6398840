import { describe, expect, it } from '@jest/globals';
import { createGitLabPullRequestPlatform } from '../../../integrations/gitlab/create-gitlab-pull-request-platform.js';
import { projectPath, seedWidgets, useFakeGitLab } from './gitlab-test-client.js';

const fake = useFakeGitLab();

describe('the GitLab pull request platform', () => {
  it("opens a merge request's source and sink after checking the organization", async () => {
    const { mergeRequest } = seedWidgets(fake.gitlab);
    const checked: string[] = [];
    const platform = createGitLabPullRequestPlatform({
      client: fake.client,
      async verifyOrganization(organizationId, repository) {
        checked.push(`${organizationId} ${repository}`);
      },
    });
    const { source, sink } = await platform.open({
      organizationId: 'org-1',
      projectId: 'project-1',
      repository: projectPath,
      number: mergeRequest.iid,
    });

    expect(checked).toEqual([`org-1 ${projectPath}`]);
    expect(await source.getPullRequest()).toMatchObject({
      repository: projectPath,
      number: mergeRequest.iid,
    });
    expect(sink.suggestionSyntax).toBe('gitlab');
    await sink.upsertStickyComment('<!-- switchyard:summary -->', 'Hello');
    expect(mergeRequest.notes().map((note) => note.author.username)).toEqual(['switchyard-bot']);
  });

  it('refuses a repository that is not a GitLab project path', async () => {
    const platform = createGitLabPullRequestPlatform({ client: fake.client });
    await expect(
      platform.open({ organizationId: 'o', projectId: 'p', repository: 'widgets', number: 1 }),
    ).rejects.toMatchObject({ code: 'gitlab.invalid_project' });
  });

  it('opens a project for reading outside any merge request, after checking the organization', async () => {
    const { project } = seedWidgets(fake.gitlab);
    project.commit(project.defaultBranch, { '.switchyard.yml': 'commands:\n  prefix: "@bot"\n' });
    const checked: string[] = [];
    const platform = createGitLabPullRequestPlatform({
      client: fake.client,
      async verifyOrganization(organizationId, repository) {
        checked.push(`${organizationId} ${repository}`);
      },
    });
    const source = await platform.openRepository({
      organizationId: 'org-1',
      projectId: 'project-1',
      repository: projectPath,
    });
    const branch = await source.getDefaultBranch();
    expect(branch).toBe('main');
    expect(await source.readFile('.switchyard.yml', branch!)).toBe('commands:\n  prefix: "@bot"\n');
    expect(await source.readFile('missing.yml', branch!)).toBeUndefined();
    expect(checked).toEqual([`org-1 ${projectPath}`]);
  });

  it('refuses to open a repository that is not a GitLab project path', async () => {
    const platform = createGitLabPullRequestPlatform({ client: fake.client });
    await expect(
      platform.openRepository({ organizationId: 'o', projectId: 'p', repository: 'widgets' }),
    ).rejects.toMatchObject({ code: 'gitlab.invalid_project' });
  });
});

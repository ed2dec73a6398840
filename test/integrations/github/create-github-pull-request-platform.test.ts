import { describe, expect, it } from '@jest/globals';
import { createGitHubPullRequestPlatform } from '../../../integrations/github/create-github-pull-request-platform.js';
import { createTestClients, installationId, seedWidgets, useFakeGitHub } from './github-test-app.js';

const fake = useFakeGitHub();

const organizationId = '6f1c2a44-3c1e-4b7a-9d7e-2f0d5b8e9a10';
const projectId = 'b0a7e0c2-8f7e-4d1f-a5a1-5f4e2c3d1b00';

describe('the GitHub pull request platform', () => {
  it('opens the source and sink of a pull request with the organization’s installation', async () => {
    const { number, pull } = seedWidgets(fake.github);
    const asked: Array<[string, string]> = [];
    const platform = createGitHubPullRequestPlatform({
      clients: createTestClients(fake.github),
      installationIdOf: async (organization, repository) => {
        asked.push([organization, repository]);
        return installationId;
      },
    });
    const { source, sink } = await platform.open({
      organizationId,
      projectId,
      repository: 'acme/widgets',
      number,
    });
    expect((await source.getPullRequest()).headSha).toBe(pull.headSha);
    await sink.upsertStickyComment('<!-- switchyard:summary -->', 'Reviewing…');
    expect(pull.issueComments().map((comment) => comment.user.login)).toEqual(['switchyard[bot]']);
    expect(asked).toEqual([[organizationId, 'acme/widgets']]);
    expect(fake.github.issuedTokens().map((token) => token.installationId)).toEqual([installationId]);
  });

  it('refuses a repository that is not owner/name', async () => {
    const platform = createGitHubPullRequestPlatform({
      clients: createTestClients(fake.github),
      installationIdOf: async () => installationId,
    });
    await expect(
      platform.open({ organizationId, projectId, repository: 'group/sub/project', number: 1 }),
    ).rejects.toMatchObject({
      code: 'github.invalid_repository',
      retryable: false,
    });
  });

  it('opens a repository for reading outside any pull request: its default branch and files', async () => {
    const { repository } = seedWidgets(fake.github);
    repository.commit(repository.defaultBranch, { '.switchyard.yml': 'commands:\n  prefix: "@bot"\n' });
    const asked: string[] = [];
    const platform = createGitHubPullRequestPlatform({
      clients: createTestClients(fake.github),
      installationIdOf: async (organization) => {
        asked.push(organization);
        return installationId;
      },
    });
    const source = await platform.openRepository({ organizationId, projectId, repository: 'acme/widgets' });
    const branch = await source.getDefaultBranch();
    expect(branch).toBe('main');
    expect(await source.readFile('.switchyard.yml', branch!)).toBe('commands:\n  prefix: "@bot"\n');
    expect(await source.readFile('missing.yml', branch!)).toBeUndefined();
    expect(asked).toEqual([organizationId]);
  });

  it('refuses to open a repository that is not owner/name', async () => {
    const platform = createGitHubPullRequestPlatform({
      clients: createTestClients(fake.github),
      installationIdOf: async () => installationId,
    });
    await expect(
      platform.openRepository({ organizationId, projectId, repository: 'widgets' }),
    ).rejects.toMatchObject({ code: 'github.invalid_repository' });
  });
});

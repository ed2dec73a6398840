import { describe, expect, it } from '@jest/globals';
import { createGitHubChangeSource } from '../../../integrations/github/create-github-change-source.js';
import {
  appSource,
  changedSource,
  installationId,
  seedWidgets,
  statusesOf,
  useFakeGitHub,
} from './github-test-app.js';

const fake = useFakeGitHub();

async function sourceOf(owner: string, repo: string, number: number) {
  return createGitHubChangeSource({
    octokit: await fake.clients.forInstallation(installationId),
    owner,
    repo,
    number,
  });
}

describe('the GitHub change source', () => {
  it('maps the pull request GitHub returns into a snapshot', async () => {
    const { owner, repo, number, pull } = seedWidgets(fake.github);
    const source = await sourceOf(owner, repo, number);
    expect(await source.getPullRequest()).toEqual({
      repository: 'acme/widgets',
      number,
      title: 'Type add()',
      body: 'Adds types.',
      author: { login: 'alice', isBot: false },
      draft: false,
      state: 'open',
      labels: ['typescript', 'review-me'],
      baseRef: 'main',
      baseSha: pull.baseSha,
      headRef: 'typed-add',
      headSha: pull.headSha,
      defaultBranch: 'main',
      url: `https://github.com/acme/widgets/pull/${number}`,
    });
  });

  it('marks a bot author, a draft, a closed pull request and an empty body', async () => {
    const repository = fake.github.repository('acme', 'deps', { defaultBranch: 'trunk' });
    const pull = repository.pullRequest({
      author: 'dependabot[bot]',
      draft: true,
      body: null,
      files: { 'package.json': '{}\n' },
    });
    pull.update({ state: 'closed' });
    const snapshot = await (await sourceOf('acme', 'deps', pull.number)).getPullRequest();
    expect(snapshot).toMatchObject({
      author: { login: 'dependabot[bot]', isBot: true },
      draft: true,
      state: 'closed',
      body: '',
      defaultBranch: 'trunk',
    });
  });

  it('lists every changed file, following GitHub’s pages', async () => {
    const repository = fake.github.repository('acme', 'many');
    const files = Object.fromEntries(
      Array.from({ length: 150 }, (_, index) => [`file-${index}.txt`, `line ${index}\n`]),
    );
    const { number } = repository.pullRequest({ files });
    const listed = await (await sourceOf('acme', 'many', number)).listChangedFiles();
    expect(listed).toHaveLength(150);
    expect(listed[0]).toEqual({
      path: 'file-0.txt',
      status: 'added',
      additions: 1,
      deletions: 0,
      patch: '@@ -0,0 +1 @@\n+line 0',
    });
    expect(statusesOf(fake.github, 'GET /repos/:owner/:repo/pulls/:number/files')).toEqual([200, 200]);
  });

  it('reports modified and removed files with their patches', async () => {
    const { repository } = seedWidgets(fake.github);
    const { number } = repository.pullRequest({ head: 'drop-readme', files: { 'README.md': null } });
    const listed = await (await sourceOf('acme', 'widgets', number)).listChangedFiles();
    expect(listed).toEqual([
      {
        path: 'README.md',
        status: 'removed',
        additions: 0,
        deletions: 1,
        patch: '@@ -1 +0,0 @@\n-# widgets',
      },
    ]);
  });

  it('compares the previous head with a new push, for incremental reviews', async () => {
    const { owner, repo, number, pull } = seedWidgets(fake.github);
    const before = pull.headSha;
    const after = pull.push({ 'src/add.ts': changedSource.replace('a + b', 'b + a') });
    const files = await (await sourceOf(owner, repo, number)).compareCommits(before, after);
    expect(files).toEqual([
      {
        path: 'src/add.ts',
        status: 'modified',
        additions: 1,
        deletions: 1,
        patch:
          '@@ -1,3 +1,3 @@\n export function add(a: number, b: number): number {\n-  return a + b;\n+  return b + a;\n }',
      },
    ]);
    expect(await (await sourceOf(owner, repo, number)).compareCommits(after, after)).toEqual([]);
  });

  it('cannot compare across a force-push, nor with a commit GitHub does not know', async () => {
    const { owner, repo, number, pull } = seedWidgets(fake.github);
    const before = pull.headSha;
    const after = pull.push({ 'src/add.ts': appSource.replace('a + b', 'a - b') }, { force: true });
    const source = await sourceOf(owner, repo, number);
    expect(await source.compareCommits(before, after)).toBeUndefined();
    expect(await source.compareCommits('0'.repeat(40), after)).toBeUndefined();
    // GitHub answered the first with `status: diverged`, the second with a 404.
    expect(statusesOf(fake.github, 'GET /repos/:owner/:repo/compare/:basehead')).toEqual([200, 404]);
  });

  it('reads a file at the base and at the head, and nothing for a missing file or a folder', async () => {
    const { owner, repo, number, pull } = seedWidgets(fake.github);
    const source = await sourceOf(owner, repo, number);
    expect(await source.readFile('src/add.ts', 'main')).toBe(appSource);
    expect(await source.readFile('src/add.ts', pull.headSha)).toBe(changedSource);
    expect(await source.readFile('docs/add.md', 'main')).toBeUndefined();
    expect(await source.readFile('.github/switchyard.yml', pull.headSha)).toBeUndefined();
    expect(await source.readFile('src', pull.headSha)).toBeUndefined();
  });

  it('reports permissions as GitHub’s base roles, and none for a login GitHub does not know', async () => {
    const { owner, repo, number } = seedWidgets(fake.github);
    fake.github.setPermission('root', 'admin');
    fake.github.setPermission('keeper', 'maintain');
    fake.github.setPermission('dev', 'write');
    fake.github.setPermission('triager', 'triage');
    fake.github.setPermission('outsider', 'none');
    const source = await sourceOf(owner, repo, number);
    const logins = ['root', 'keeper', 'dev', 'triager', 'outsider', 'passer-by'];
    expect(await Promise.all(logins.map((login) => source.getPermission(login)))).toEqual([
      'admin',
      'write',
      'write',
      'read',
      'none',
      'read',
    ]);
    fake.github.script('GET /repos/:owner/:repo/collaborators/:username/permission', [
      { kind: 'error', status: 404 },
    ]);
    expect(await source.getPermission('no-such-user')).toBe('none');
  });

  it('fails with github.not_found for a pull request that does not exist', async () => {
    seedWidgets(fake.github);
    const error = await (await sourceOf('acme', 'widgets', 999))
      .getPullRequest()
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({
      name: 'GitHubError',
      code: 'github.not_found',
      retryable: false,
      githubStatus: 404,
    });
    expect((error as Error).message).toMatch(
      /^GitHub: could not read pull request acme\/widgets#999: not found/,
    );
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { mapJobError } from '../../../core/jobs/map-job-error.js';
import { createGitHubClientFactory } from '../../../integrations/github/create-github-client-factory.js';
import { mapGitHubError } from '../../../integrations/github/map-github-error.js';
import {
  appId,
  createTestClients,
  installationId,
  seedWidgets,
  statusesOf,
  useFakeGitHub,
} from './github-test-app.js';

const fake = useFakeGitHub();

const pullRoute = 'GET /repos/:owner/:repo/pulls/:number';
const commentRoute = 'POST /repos/:owner/:repo/issues/:number/comments';

async function failure(promise: Promise<unknown>, action = 'test'): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(Error);
  return mapGitHubError(error, action);
}

describe('the GitHub client factory', () => {
  it('authenticates as the installation with one token, reused by later clients', async () => {
    const { owner, repo, number } = seedWidgets(fake.github);
    const clients = createTestClients(fake.github);
    for (let round = 0; round < 2; round += 1) {
      const octokit = await clients.forInstallation(installationId);
      await octokit.rest.pulls.get({ owner, repo, pull_number: number });
    }
    expect(fake.github.issuedTokens()).toHaveLength(1);
    expect(fake.github.issuedTokens()[0]).toMatchObject({ installationId, jwt: { payload: { iss: appId } } });
    expect(
      fake.github.calls.filter((call) => call.route === pullRoute).map((call) => call.installationId),
    ).toEqual([installationId, installationId]);
  });

  it('finds the bot login from GET /app once, or takes it from the app slug', async () => {
    const clients = createTestClients(fake.github);
    expect([await clients.botLogin(), await clients.botLogin()]).toEqual([
      'switchyard[bot]',
      'switchyard[bot]',
    ]);
    expect(fake.github.calls.filter((call) => call.route === 'GET /app')).toHaveLength(1);
    expect(await createTestClients(fake.github, { appSlug: 'reviewer' }).botLogin()).toBe('reviewer[bot]');
  });

  it('talks to GitHub Enterprise Server below /api/v3', async () => {
    const { owner, repo, number } = seedWidgets(fake.github);
    const clients = createTestClients(fake.github, { baseUrl: fake.github.enterpriseBaseUrl });
    const octokit = await clients.forInstallation(installationId);
    await octokit.rest.pulls.get({ owner, repo, pull_number: number });
    expect(fake.github.calls.map((call) => call.path.slice(0, 8))).toEqual(['/api/v3/', '/api/v3/']);
  });

  it('retries a 502 and returns the answer that follows', async () => {
    const { owner, repo, number } = seedWidgets(fake.github);
    fake.github.script(pullRoute, [{ kind: 'bad-gateway' }, { kind: 'bad-gateway' }]);
    const octokit = await createTestClients(fake.github).forInstallation(installationId);
    expect((await octokit.rest.pulls.get({ owner, repo, pull_number: number })).status).toBe(200);
    expect(statusesOf(fake.github, pullRoute)).toEqual([502, 502, 200]);
  });

  it('gives up after its retries with a retryable github.unavailable', async () => {
    const { owner, repo, number } = seedWidgets(fake.github);
    fake.github.script(pullRoute, [{ kind: 'bad-gateway' }, { kind: 'bad-gateway' }]);
    const octokit = await createTestClients(fake.github, { requestRetries: 1 }).forInstallation(
      installationId,
    );
    const error = await failure(
      octokit.rest.pulls.get({ owner, repo, pull_number: number }),
      'read the pull',
    );
    expect(error).toMatchObject({ code: 'github.unavailable', retryable: true, githubStatus: 502 });
    expect(error.message).toBe('GitHub: could not read the pull: GitHub failed to answer (HTTP 502)');
    expect(mapJobError(error)).toBe(error);
  });

  it('waits as long as a secondary rate limit asks, then retries', async () => {
    const { owner, repo, number } = seedWidgets(fake.github);
    fake.github.script(commentRoute, [{ kind: 'secondary-rate-limit', retryAfter: 0.3 }]);
    const octokit = await createTestClients(fake.github).forInstallation(installationId);
    const started = Date.now();
    const { status } = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: number,
      body: 'hi',
    });
    expect(status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(statusesOf(fake.github, commentRoute)).toEqual([403, 201]);
  });

  it('fails a rate limit longer than it may wait with github.rate_limited and the wait asked for', async () => {
    const { owner, repo, number } = seedWidgets(fake.github);
    fake.github.script(commentRoute, [{ kind: 'secondary-rate-limit', retryAfter: 120 }]);
    fake.github.script(pullRoute, [{ kind: 'rate-limit', resetInSeconds: 600 }]);
    const octokit = await createTestClients(fake.github).forInstallation(installationId);
    const secondary = await failure(
      octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: 'hi' }),
    );
    expect(secondary).toMatchObject({ code: 'github.rate_limited', retryable: true, retryAfterMs: 120_000 });
    const primary = await failure(octokit.rest.pulls.get({ owner, repo, pull_number: number }));
    expect(primary).toMatchObject({ code: 'github.rate_limited', retryable: true });
    expect((primary as { retryAfterMs?: number }).retryAfterMs).toBeGreaterThan(590_000);
    expect(mapJobError(primary)).toBe(primary);
    expect(statusesOf(fake.github, commentRoute)).toEqual([403]);
  });

  it('spaces writes of one installation by writeIntervalMs', async () => {
    const { owner, repo, number } = seedWidgets(fake.github);
    const octokit = await createTestClients(fake.github, { writeIntervalMs: 150 }).forInstallation(
      installationId,
    );
    const started = Date.now();
    await Promise.all(
      [1, 2, 3].map((index) =>
        octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: `comment ${index}` }),
      ),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('maps refused credentials to github.auth_failed, and a missing permission to github.forbidden', async () => {
    const { owner, repo, number } = seedWidgets(fake.github);
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs1',
      format: 'pem',
    });
    const forged = await createTestClients(fake.github, { privateKey: String(otherKey) }).forInstallation(
      installationId,
    );
    const refused = await failure(forged.rest.pulls.get({ owner, repo, pull_number: number }));
    expect(refused).toMatchObject({ code: 'github.auth_failed', retryable: false, githubStatus: 401 });
    expect(mapJobError(refused).name).toBe('UnrecoverableError');

    fake.github.script(commentRoute, [{ kind: 'error', status: 403 }]);
    const octokit = await createTestClients(fake.github).forInstallation(installationId);
    const forbidden = await failure(
      octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: 'hi' }),
    );
    expect(forbidden).toMatchObject({ code: 'github.forbidden', retryable: false });
    expect(forbidden.message).toContain('Resource not accessible by integration');
  });

  it('abandons a call that hangs after requestTimeoutMs', async () => {
    const { owner, repo, number } = seedWidgets(fake.github);
    fake.github.script(pullRoute, [{ kind: 'hang' }]);
    const octokit = await createTestClients(fake.github, {
      requestTimeoutMs: 200,
      requestRetries: 0,
    }).forInstallation(installationId);
    const error = await failure(
      octokit.rest.pulls.get({ owner, repo, pull_number: number }),
      'read the pull',
    );
    expect(error).toMatchObject({ code: 'github.unavailable', retryable: true });
    expect(error.message).toMatch(/^GitHub: could not read the pull: could not reach GitHub: .*timeout/);
  });

  it('refuses invalid options, naming them', () => {
    expect(() => createGitHubClientFactory({ appId: 0, privateKey: '', writeIntervalMs: -1 })).toThrow(
      /appId.*privateKey.*writeIntervalMs/,
    );
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import {
  createGitHubClientFactory,
  type GitHubClientFactory,
  type GitHubClientFactoryOptions,
} from '../../../integrations/github/create-github-client-factory.js';
import { type FakeGitHub, startFakeGitHub } from '../../fakes/github-server.js';

/** The test app's key pair: the stand-in verifies JWTs with the public half. */
export const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});
export const appId = 4242;
export const installationId = 77;

/** Clients for the stand-in without pacing and with millisecond retries, so each test runs at once. */
export function createTestClients(
  github: FakeGitHub,
  overrides: Partial<GitHubClientFactoryOptions> = {},
): GitHubClientFactory {
  return createGitHubClientFactory({
    appId,
    privateKey,
    baseUrl: github.baseUrl,
    writeIntervalMs: 0,
    retryBaseDelayMs: 5,
    requestTimeoutMs: 5000,
    ...overrides,
  });
}

/**
 * Starts the stand-in for a test file (checking the test app's JWT signatures) with test clients for it,
 * forgets its state before each test and closes it after the last.
 */
export function useFakeGitHub(): { github: FakeGitHub; clients: GitHubClientFactory } {
  const fake = {} as { github: FakeGitHub; clients: GitHubClientFactory };
  beforeAll(async () => {
    fake.github = await startFakeGitHub({ appPublicKey: publicKey });
    fake.clients = createTestClients(fake.github);
  });
  afterAll(() => fake.github.close());
  beforeEach(() => fake.github.reset());
  return fake;
}

export const appSource = 'export function add(a, b) {\n  return a + b;\n}\n';
export const changedSource = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';

/** acme/widgets with one pull request by alice that types src/add.ts and adds docs/add.md. */
export function seedWidgets(github: FakeGitHub) {
  const repository = github.repository('acme', 'widgets', {
    files: { 'README.md': '# widgets\n', 'src/add.ts': appSource },
  });
  const pull = repository.pullRequest({
    title: 'Type add()',
    body: 'Adds types.',
    author: 'alice',
    labels: ['typescript', 'review-me'],
    head: 'typed-add',
    files: { 'src/add.ts': changedSource, 'docs/add.md': 'add(a, b) sums two numbers.\n' },
  });
  return { repository, pull, owner: 'acme', repo: 'widgets', number: pull.number };
}

/** The routes of the calls the stand-in answered with `status`, in order. */
export function statusesOf(github: FakeGitHub, route: string): Array<number | undefined> {
  return github.calls.filter((call) => call.route === route).map((call) => call.status);
}

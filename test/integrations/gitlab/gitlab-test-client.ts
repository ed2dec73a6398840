import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import {
  createGitLabClient,
  type GitLabClient,
  type GitLabClientOptions,
} from '../../../integrations/gitlab/create-gitlab-client.js';
import { type FakeGitLab, startFakeGitLab } from '../../fakes/gitlab-server.js';

/** A client for the stand-in with millisecond retries, so each test runs at once. */
export function createTestClient(
  gitlab: FakeGitLab,
  overrides: Partial<GitLabClientOptions> = {},
): GitLabClient {
  return createGitLabClient({
    host: gitlab.url,
    token: gitlab.token,
    retryBaseDelayMs: 5,
    requestTimeoutMs: 5000,
    ...overrides,
  });
}

/** Starts the stand-in for a test file with a client for it, forgets its state before each test, closes it after the last. */
export function useFakeGitLab(): { gitlab: FakeGitLab; client: GitLabClient } {
  const fake = {} as { gitlab: FakeGitLab; client: GitLabClient };
  beforeAll(async () => {
    fake.gitlab = await startFakeGitLab();
    fake.client = createTestClient(fake.gitlab);
  });
  afterAll(() => fake.gitlab.close());
  beforeEach(() => fake.gitlab.reset());
  return fake;
}

export const projectPath = 'acme/platform/widgets';
export const appSource = 'export function add(a, b) {\n  return a + b;\n}\n';
export const changedSource = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';

/** acme/platform/widgets with one merge request by alice that types src/add.ts and adds docs/add.md. */
export function seedWidgets(gitlab: FakeGitLab) {
  const project = gitlab.project(projectPath, {
    files: { 'README.md': '# widgets\n', 'src/add.ts': appSource },
  });
  const mergeRequest = project.mergeRequest({
    title: 'Type add()',
    description: 'Adds types.',
    author: 'alice',
    labels: ['typescript', 'review-me'],
    sourceBranch: 'typed-add',
    files: { 'src/add.ts': changedSource, 'docs/add.md': 'add(a, b) sums two numbers.\n' },
  });
  return { project, mergeRequest, scope: { project: projectPath, iid: mergeRequest.iid } };
}

/** The statuses the stand-in answered on `route`, in order. */
export function statusesOf(gitlab: FakeGitLab, route: string): Array<number | undefined> {
  return gitlab.calls.filter((call) => call.route === route).map((call) => call.status);
}

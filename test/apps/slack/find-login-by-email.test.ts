import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createFindLoginByEmail } from '../../../apps/slack/find-login-by-email.js';
import { createLogger } from '../../../core/logging/create-logger.js';
import type { GitHubClientFactory } from '../../../integrations/github/create-github-client-factory.js';
import { type FakeGitLab, startFakeGitLab } from '../../fakes/gitlab-server.js';
import { createTestClients, statusesOf, useFakeGitHub } from '../../integrations/github/github-test-app.js';
import { createTestPrisma } from '../../support/test-resources.js';

const warning = 'slack: looking up a login by email failed';

describe('finding the platform login of a Slack email', () => {
  const prisma = createTestPrisma();
  const fake = useFakeGitHub();
  let gitlab: FakeGitLab;
  let githubOrganizationId: string;
  let gitlabOrganizationId: string;
  let lines: string[];

  const finder = (options: { environment?: { GITLAB_TOKEN?: string }; clients?: GitHubClientFactory } = {}) =>
    createFindLoginByEmail({
      environment: { GITLAB_URL: gitlab.url, GITLAB_TOKEN: gitlab.token, ...options.environment },
      github: { clients: options.clients ?? fake.clients },
      prisma,
      logger: createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } }),
    });
  const onGitHub = (
    email: string,
    options: { organizationId?: string; clients?: GitHubClientFactory } = {},
  ) =>
    finder({ clients: options.clients })({
      platform: 'github',
      email,
      organizationId: options.organizationId ?? githubOrganizationId,
    });
  const onGitLab = (email: string, environment?: { GITLAB_TOKEN?: string }) =>
    finder({ environment })({ platform: 'gitlab', email, organizationId: gitlabOrganizationId });
  const warnings = () => lines.filter((line) => line.includes(warning));

  beforeAll(async () => {
    // An administrator's token: it sees blocked users and private emails, so the finder must sort them out.
    gitlab = await startFakeGitLab({ admin: true });
    // Test files share the database: an installation and a group of this file's own.
    const suffix = randomBytes(4).toString('hex');
    const installation = await prisma.organization.create({
      data: {
        name: `acme-${suffix}`,
        platform: 'github',
        externalId: String(randomInt(100_000, 1_000_000_000)),
      },
    });
    const group = await prisma.organization.create({
      data: { name: `group-${suffix}`, platform: 'gitlab', externalId: `group-${suffix}` },
    });
    githubOrganizationId = installation.id;
    gitlabOrganizationId = group.id;
  });
  afterAll(async () => {
    await gitlab.close();
    await prisma.organization.deleteMany({
      where: { id: { in: [githubOrganizationId, gitlabOrganizationId] } },
    });
    await prisma.$disconnect();
  });
  beforeEach(() => {
    gitlab.reset();
    lines = [];
  });

  describe('on GitHub, through the installation’s user search', () => {
    it('finds the one account whose public email it is, whatever the case', async () => {
      fake.github.user('ada', { name: 'Ada Lovelace', email: 'ada@example.com' });
      fake.github.user('grace', { email: 'grace@example.com' });
      expect(await onGitHub('Ada@Example.com')).toBe('ada');
      const [search] = fake.github.calls.filter((call) => call.route === 'GET /search/users');
      expect(new URL(search!.path, 'http://github.invalid').searchParams.get('q')).toBe(
        'Ada@Example.com in:email',
      );
      expect(warnings()).toEqual([]);
    });

    it('finds nobody when no account shows the email, and when two do', async () => {
      fake.github.user('ada', { email: 'ada@example.com' });
      expect(await onGitHub('nobody@example.com')).toBeUndefined();
      fake.github.user('ada-old', { email: 'ada@example.com' });
      expect(await onGitHub('ada@example.com')).toBeUndefined();
      expect(statusesOf(fake.github, 'GET /search/users')).toEqual([200, 200]);
    });

    it('does not search for an organization that is not a GitHub installation', async () => {
      fake.github.user('ada', { email: 'ada@example.com' });
      expect(await onGitHub('ada@example.com', { organizationId: gitlabOrganizationId })).toBeUndefined();
      expect(fake.github.calls.filter((call) => call.route === 'GET /search/users')).toEqual([]);
    });

    it('finds nobody and warns, without the token, when the search keeps failing with a 5xx', async () => {
      fake.github.user('ada', { email: 'ada@example.com' });
      fake.github.script('GET /search/users', [{ kind: 'bad-gateway' }, { kind: 'bad-gateway' }]);
      // One retry: Octokit spaces searches 2 s apart, so every attempt costs that long.
      const clients = createTestClients(fake.github, { requestRetries: 1 });
      expect(await onGitHub('ada@example.com', { clients })).toBeUndefined();
      expect(statusesOf(fake.github, 'GET /search/users')).toEqual([502, 502]);
      expect(warnings()).toHaveLength(1);
      expect(JSON.parse(warnings()[0]!)).toMatchObject({ level: 40, platform: 'github' });
      for (const { token } of fake.github.issuedTokens()) expect(lines.join('\n')).not.toContain(token);
    });
  });

  describe('on GitLab, through gitbeaker with GITLAB_TOKEN', () => {
    it('finds the one active user with the email, asking GitLab for active users only', async () => {
      gitlab.user('ada', { email: 'ada@example.com' });
      gitlab.user('grace', { email: 'grace@example.com', publicEmail: 'grace@example.com' });
      expect(await onGitLab('Ada@Example.com')).toBe('ada');
      const [search] = gitlab.calls.filter((call) => call.route === 'GET /users');
      expect(Object.fromEntries(new URL(search!.path, gitlab.url).searchParams)).toEqual({
        search: 'Ada@Example.com',
        active: 'true',
        per_page: '2',
      });
    });

    it('ignores a blocked user with the same email', async () => {
      gitlab.user('ada-old', { email: 'ada@example.com', state: 'blocked' });
      gitlab.user('ada', { email: 'ada@example.com' });
      expect(await onGitLab('ada@example.com')).toBe('ada');
    });

    it('finds nobody when two users have the email, or none', async () => {
      gitlab.user('ada', { email: 'ada@example.com' });
      gitlab.user('ada-bot', { email: 'other@example.com', publicEmail: 'ada@example.com' });
      expect(await onGitLab('ada@example.com')).toBeUndefined();
      expect(await onGitLab('nobody@example.com')).toBeUndefined();
      expect(warnings()).toEqual([]);
    });

    it('asks nothing without GITLAB_TOKEN', async () => {
      gitlab.user('ada', { email: 'ada@example.com' });
      expect(await onGitLab('ada@example.com', { GITLAB_TOKEN: undefined })).toBeUndefined();
      expect(gitlab.calls).toEqual([]);
    });

    it('finds nobody and warns, without the token, when GitLab refuses the token (401)', async () => {
      gitlab.user('ada', { email: 'ada@example.com' });
      const wrongToken = `glpat-wrong-${randomBytes(8).toString('hex')}`;
      expect(await onGitLab('ada@example.com', { GITLAB_TOKEN: wrongToken })).toBeUndefined();
      expect(gitlab.calls.map((call) => call.status)).toEqual([401]);
      expect(warnings()).toHaveLength(1);
      expect(JSON.parse(warnings()[0]!)).toMatchObject({
        level: 40,
        platform: 'gitlab',
        err: { code: 'gitlab.auth_failed', message: expect.stringContaining('check GITLAB_TOKEN') },
      });
      expect(lines.join('\n')).not.toContain(wrongToken);
    });
  });
});

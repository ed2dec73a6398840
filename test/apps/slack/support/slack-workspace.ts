import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { waitFor } from '../../github/support/github-app-harness.js';
import { type SlackAppHarness, startSlackAppHarness } from './slack-app-harness.js';

export const admin = 'U0ADMIN';
export const ada = 'U0ADA';
export const reader = 'U0READER';
export const stranger = 'U0STRANGER';
export const channel = 'C0DEV';
export const lockedChannel = 'C0LOCKED';
const appSource = ['export function add(a: number, b: number) {', '  return a - b;', '}', ''].join('\n');

/** A review answer whose summary tries to notify everyone. */
export const reviewAnswer = JSON.stringify({
  summary: 'Adds an add() helper that subtracts. <!channel> @here please look, <@U0BOSS>.',
  findings: [
    { path: 'src/add.ts', line: 2, severity: 'major', title: 'add subtracts', body: 'It returns `a - b`.' },
  ],
});

/**
 * A Slack workspace for a test file: the Slack app harness with a worker, an admin, two mapped-to-be users
 * (ada may write, reader may read), a stranger, a channel the app is in and a private one it is not in.
 * `environment` goes to the harness (SLACK_APP_TOKEN for Socket Mode).
 */
export function useSlackWorkspace(environment: Record<string, string> = {}) {
  let harness: SlackAppHarness;
  let counter = 0;
  // Test files run in parallel on one database: repository ids of their own.
  const firstRepositoryId = randomInt(1_000_000, 1_000_000_000);

  beforeAll(async () => {
    harness = await startSlackAppHarness(environment);
    harness.slack.addUser({ id: admin, name: 'admin', is_admin: true });
    harness.slack.addUser({ id: ada, name: 'ada' });
    harness.slack.addUser({ id: reader, name: 'reader' });
    harness.slack.addUser({ id: stranger, name: 'stranger' });
    harness.slack.addChannel({ id: channel, name: 'dev' });
    harness.slack.addChannel({ id: lockedChannel, name: 'locked', is_private: true, is_member: false });
    harness.github.setPermission('ada', 'write');
    harness.github.setPermission('reader', 'read');
    await harness.startSlackWorker().ready;
  });
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach(() => {
    harness.openai.reset();
  });

  const ephemeralsOf = (user: string) => harness.slack.state.ephemerals(user).map((each) => each.text);
  const jobRunsOf = (projectId: string) =>
    harness.switchyard.context.prisma.jobRun.findMany({
      where: { projectId },
      orderBy: { queuedAt: 'asc' },
    });

  return {
    get harness() {
      return harness;
    },

    /** A repository known to Switchyard with one pull request; linked to the channel unless `link` is false. */
    async seed(options: { link?: boolean } = {}) {
      counter += 1;
      const name = `service-${counter}-${randomBytes(3).toString('hex')}`;
      const repository = harness.github.repository('acme', name, { files: { 'README.md': '# service\n' } });
      const pull = repository.pullRequest({
        title: 'Add add()',
        body: 'Adds a helper.',
        files: { 'src/add.ts': appSource },
      });
      const projectId = await harness.connectRepository(repository.fullName, firstRepositoryId + counter);
      if (options.link !== false) {
        await harness.switchyard.context.prisma.slackChannelLink.create({
          data: { teamId: harness.slack.teamId, channelId: channel, projectId, linkedBy: admin },
        });
      }
      return {
        repository,
        pull,
        projectId,
        url: `https://github.com/${repository.fullName}/pull/${pull.number}`,
        label: `${repository.fullName}#${pull.number}`,
      };
    },

    /** Records that a workspace admin confirmed `user` as `login` on GitHub. */
    async identify(user: string, login: string) {
      await harness.switchyard.context.prisma.slackUserIdentity.upsert({
        where: {
          teamId_slackUserId_platform: {
            teamId: harness.slack.teamId,
            slackUserId: user,
            platform: 'github',
          },
        },
        create: {
          teamId: harness.slack.teamId,
          slackUserId: user,
          platform: 'github',
          login,
          verification: 'admin',
          verifiedBy: admin,
        },
        update: {},
      });
    },

    waitForEphemeral: (user: string, pattern: RegExp) =>
      waitFor(`an ephemeral reply to ${user} matching ${pattern}`, () =>
        ephemeralsOf(user).find((text) => pattern.test(text)),
      ),

    /** The channel's message about this pull request (by its first version). */
    messageAbout: (label: string) =>
      harness.slack.state.messages(channel).find((message) => message.history[0]?.text.includes(label)),

    jobRunsOf,

    /** The project's job runs, once there is at least one. */
    waitForJobRuns: (projectId: string) =>
      waitFor(`a job run of project ${projectId}`, async () => {
        const runs = await jobRunsOf(projectId);
        return runs.length > 0 ? runs : undefined;
      }),
  };
}

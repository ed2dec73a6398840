import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSlackWorkspaceStore } from '../../../apps/slack/create-slack-workspace-store.js';
import { postSlackBudgetAlerts } from '../../../apps/slack/post-slack-budget-alerts.js';
import { createLogger } from '../../../core/logging/create-logger.js';
import { createSlackClient } from '../../../integrations/slack/create-slack-client.js';
import { type FakeSlack, startFakeSlack } from '../../fakes/slack-server.js';
import { createTestPrisma } from '../../support/test-resources.js';

const botToken = 'xoxb-alerts';
const logger = createLogger({ level: 'silent' });

describe('budget alerts in Slack', () => {
  const prisma = createTestPrisma();
  const store = createSlackWorkspaceStore(prisma);
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await startFakeSlack({ botToken, teamId: `T${randomBytes(3).toString('hex').toUpperCase()}` });
    slack.addChannel({ id: 'CALERTS' });
    slack.addChannel({ id: 'CORG' });
    slack.addChannel({ id: 'CGONE', is_member: false });
  });
  afterAll(async () => {
    await slack.close();
    await prisma.$disconnect();
  });

  const post = () =>
    postSlackBudgetAlerts({
      prisma,
      slack: createSlackClient({ token: botToken, apiUrl: slack.apiUrl, logger, retries: 0 }),
      store,
      logger,
    });

  it('posts each soft-limit alert once to each channel linked to the project or its organization', async () => {
    const suffix = randomBytes(3).toString('hex');
    const organization = await prisma.organization.create({ data: { name: `acme-${suffix}` } });
    const [api, web] = await Promise.all(
      ['api', 'web'].map((name) =>
        prisma.project.create({ data: { organizationId: organization.id, name: `acme-${suffix}/${name}` } }),
      ),
    );
    const link = (channelId: string, projectId: string) =>
      store.linkChannel({ teamId: slack.teamId, channelId }, projectId, 'U0ADMIN');
    await link('CALERTS', api!.id);
    await link('CORG', web!.id);
    await link('CGONE', api!.id);
    const today = new Date().toISOString().slice(0, 10);
    await prisma.budgetAlert.create({
      data: { scope: 'project', scopeId: api!.id, period: today, kind: 'soft', spentUsd: 4.1, limitUsd: 5 },
    });
    await prisma.budgetAlert.create({
      data: {
        scope: 'organization',
        scopeId: organization.id,
        period: today.slice(0, 7),
        kind: 'soft',
        spentUsd: 81,
        limitUsd: 100,
      },
    });

    await post();
    await post();
    const projectAlert = slack.state.messages('CALERTS');
    expect(projectAlert.map((message) => message.text)).toEqual([
      expect.stringContaining(
        `\`acme-${suffix}/api\` has spent $4.10 of its $5.00 daily budget for ${today} (UTC) (82%)`,
      ),
      expect.stringContaining(
        `the organization \`acme-${suffix}\` has spent $81.00 of its $100.00 monthly budget`,
      ),
    ]);
    expect(slack.state.messages('CORG').map((message) => message.text)).toEqual([
      expect.stringContaining(`the organization \`acme-${suffix}\``),
    ]);
    // The app is not in that channel: tried once, not every poll.
    expect(slack.callsOf('chat.postMessage').filter((call) => call.body.channel === 'CGONE')).toHaveLength(2);
    const posts = await prisma.slackBudgetAlertPost.findMany({
      where: { teamId: slack.teamId, channelId: 'CALERTS' },
    });
    expect(posts.every((each) => each.messageTs !== null)).toBe(true);
  });
});

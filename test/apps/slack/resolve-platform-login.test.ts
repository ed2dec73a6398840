import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSlackWorkspaceStore } from '../../../apps/slack/create-slack-workspace-store.js';
import type { FindLoginByEmail } from '../../../apps/slack/find-login-by-email.js';
import { createResolvePlatformLogin } from '../../../apps/slack/resolve-platform-login.js';
import { createLogger } from '../../../core/logging/create-logger.js';
import { createSlackClient } from '../../../integrations/slack/create-slack-client.js';
import { type FakeSlack, startFakeSlack } from '../../fakes/slack-server.js';
import { createTestPrisma } from '../../support/test-resources.js';

const botToken = 'xoxb-mapping';
const organizationId = '00000000-0000-4000-8000-0000000000aa';

describe('mapping Slack users to platform logins', () => {
  const prisma = createTestPrisma();
  const store = createSlackWorkspaceStore(prisma);
  let slack: FakeSlack;
  let teamId: string;
  const lookups: string[] = [];
  const findLoginByEmail: FindLoginByEmail = async ({ email }) => {
    lookups.push(email);
    return { 'ada@example.com': 'ada', 'grace@example.com': 'ada' }[email];
  };
  const resolver = (mode: 'link' | 'email') =>
    createResolvePlatformLogin({
      mode,
      command: '/switchyard',
      store,
      slack: createSlackClient({
        token: botToken,
        apiUrl: slack.apiUrl,
        logger: createLogger({ level: 'silent' }),
      }),
      findLoginByEmail,
    });

  beforeAll(async () => {
    teamId = `T${randomBytes(4).toString('hex').toUpperCase()}`;
    slack = await startFakeSlack({ botToken, teamId });
    slack.addUser({
      id: 'U0ADA',
      profile: { email: 'ada@example.com', display_name: 'ada', real_name: 'Ada' },
    });
    slack.addUser({
      id: 'U0GRACE',
      profile: { email: 'grace@example.com', display_name: 'grace', real_name: 'Grace' },
    });
    slack.addUser({ id: 'U0NOMAIL' });
  });
  afterAll(async () => {
    await slack.close();
    await prisma.$disconnect();
  });

  it('in link mode, acts only on an admin-confirmed login, never on a claim', async () => {
    const resolve = resolver('link');
    const input = { teamId, userId: 'U0ADA', platform: 'github' as const, organizationId };
    expect(await resolve(input)).toMatchObject({
      success: false,
      error: expect.stringContaining('whoami github'),
    });
    await store.saveIdentity({
      teamId,
      slackUserId: 'U0ADA',
      platform: 'github',
      login: 'ada',
      verification: 'claimed',
    });
    expect(await resolve(input)).toMatchObject({
      success: false,
      error: expect.stringContaining('not confirmed it yet'),
    });
    await store.saveIdentity({
      teamId,
      slackUserId: 'U0ADA',
      platform: 'github',
      login: 'ada',
      verification: 'admin',
      verifiedBy: 'U0ADMIN',
    });
    expect(await resolve(input)).toEqual({ success: true, login: 'ada' });
    expect(await resolve({ ...input, platform: 'gitlab' })).toMatchObject({ success: false });
    await store.removeIdentity(teamId, 'U0ADA', 'github');
  });

  it('in email mode, matches the Slack profile email through the platform once, and refuses a taken login', async () => {
    const resolve = resolver('email');
    const input = { teamId, userId: 'U0ADA', platform: 'github' as const, organizationId };
    expect(await resolve(input)).toEqual({ success: true, login: 'ada' });
    expect(await resolve(input)).toEqual({ success: true, login: 'ada' });
    expect(lookups).toEqual(['ada@example.com']);
    expect(await store.findIdentity(teamId, 'U0ADA', 'github')).toMatchObject({ verification: 'email' });
    // Another Slack user whose email the platform also maps to `ada` does not get to act as ada.
    expect(await resolve({ ...input, userId: 'U0GRACE' })).toMatchObject({
      success: false,
      error: expect.stringContaining('already tied to <@U0ADA>'),
    });
    expect(await resolve({ ...input, userId: 'U0NOMAIL' })).toMatchObject({
      success: false,
      error: expect.stringContaining('users:read.email'),
    });
  });
});

import type { CodePlatform } from '../../core/jobs/job-request.js';
import type { SlackClient } from '../../integrations/slack/create-slack-client.js';
import type { SlackWorkspaceStore } from './create-slack-workspace-store.js';
import type { FindLoginByEmail } from './find-login-by-email.js';

const platformNames = { github: 'GitHub', gitlab: 'GitLab' } as const;
/** An email match is checked again after a day: emails move between accounts. */
const emailMatchMaxAgeMs = 24 * 60 * 60_000;

export type LoginResolution = { success: true; login: string } | { success: false; error: string };

/** Who a Slack user is on a code platform, before a command may act on a repository there. */
export type ResolvePlatformLogin = (input: {
  teamId: string;
  userId: string;
  platform: CodePlatform;
  organizationId: string;
}) => Promise<LoginResolution>;

/**
 * SLACK_USER_MAPPING decides how a Slack user becomes a platform login. `link`: a workspace admin confirmed
 * it (`identify`); Switchyard cannot check a login typed in Slack without OAuth, so the user's own claim
 * (`whoami github <login>`) is not enough. `email`: the email of the Slack profile (which Slack verified)
 * matches exactly one account on the platform (see createFindLoginByEmail); an admin's confirmation counts
 * too. The worker then checks that login's permission on the repository through the platform's API.
 */
export function createResolvePlatformLogin(options: {
  mode: 'link' | 'email';
  command: string;
  store: SlackWorkspaceStore;
  slack: SlackClient;
  findLoginByEmail: FindLoginByEmail;
}): ResolvePlatformLogin {
  const { mode, command, store } = options;
  return async ({ teamId, userId, platform, organizationId }) => {
    const name = platformNames[platform];
    const identity = await store.findIdentity(teamId, userId, platform);
    if (identity?.verification === 'admin') return { success: true, login: identity.login };
    const fresh =
      identity?.verification === 'email' &&
      identity.verifiedAt !== undefined &&
      Date.now() - identity.verifiedAt.getTime() < emailMatchMaxAgeMs;
    if (fresh) return { success: true, login: identity.login };
    if (mode === 'link') {
      return {
        success: false,
        error:
          identity?.verification === 'claimed'
            ? `You asked to act as \`${identity.login}\` on ${name}; a workspace admin has not confirmed it yet (\`${command} identify @you ${platform} ${identity.login}\`).`
            : `Switchyard does not know who you are on ${name}, so it cannot act for you. Run \`${command} whoami ${platform} <your login>\` and ask a workspace admin to confirm it.`,
      };
    }
    const info = await options.slack.users.info({ user: userId });
    const email = info.user?.profile?.email;
    if (!email) {
      return {
        success: false,
        error: `Switchyard matches people by email, and cannot read yours from Slack (the app needs the users:read.email scope). Ask a workspace admin to confirm your ${name} login with \`${command} identify\`.`,
      };
    }
    const login = await options.findLoginByEmail({ platform, email, organizationId });
    if (!login) {
      return {
        success: false,
        error: `No ${name} account shows the email of your Slack profile. Make it your public email on ${name}, or ask a workspace admin to confirm your login with \`${command} identify\`.`,
      };
    }
    const saved = await store.saveIdentity({
      teamId,
      slackUserId: userId,
      platform,
      login,
      verification: 'email',
    });
    if (!saved.saved) {
      return {
        success: false,
        error: `The ${name} account \`${login}\` is already tied to <@${saved.heldBy}> in this workspace; a workspace admin can sort it out with \`${command} identify\`.`,
      };
    }
    return { success: true, login };
  };
}

import type { CodePlatform } from '../../core/jobs/job-request.js';
import type { SlackIdentity } from './create-slack-workspace-store.js';
import { isWorkspaceAdmin } from './is-workspace-admin.js';
import type { SlackCommandServices, SlackInvocation } from './slack-command-services.js';

const platformNames = { github: 'GitHub', gitlab: 'GitLab' } as const;

function describeIdentity(identity: SlackIdentity, command: string, userId: string): string {
  const name = `${platformNames[identity.platform]}: \`${identity.login}\``;
  switch (identity.verification) {
    case 'admin':
      return `• ${name} (confirmed by ${identity.verifiedBy ? `<@${identity.verifiedBy}>` : 'a workspace admin'})`;
    case 'email':
      return `• ${name} (matched by the email of your Slack profile)`;
    case 'claimed':
      return `• ${name}, waiting for a workspace admin: \`${command} identify <@${userId}> ${identity.platform} ${identity.login}\``;
  }
}

/**
 * `whoami`: the caller's identities; with `github <login>` it files a claim that a workspace admin confirms
 * with `identify` (Switchyard cannot check a login typed in Slack itself).
 */
export async function runWhoamiCommand(
  services: SlackCommandServices,
  invocation: SlackInvocation,
  claim: { platform: CodePlatform; login: string } | undefined,
): Promise<string> {
  const { teamId, userId } = invocation;
  const { command, store } = services;
  if (!claim) {
    const identities = await store.listIdentities(teamId, userId);
    if (identities.length === 0) {
      return services.mapping === 'email'
        ? 'Switchyard has not matched you to a GitHub or GitLab account yet: it does so by the email of your Slack profile the first time you run a command.'
        : `Switchyard does not know you on GitHub or GitLab yet: run \`${command} whoami github <your login>\` and ask a workspace admin to confirm it.`;
    }
    return [
      '*Who you are to Switchyard*',
      ...identities.map((identity) => describeIdentity(identity, command, userId)),
    ].join('\n');
  }
  const name = platformNames[claim.platform];
  const existing = await store.findIdentity(teamId, userId, claim.platform);
  if (existing && existing.verification !== 'claimed') {
    if (existing.login.toLowerCase() === claim.login.toLowerCase())
      return `You are already \`${existing.login}\` on ${name}.`;
    return `You are \`${existing.login}\` on ${name}; a workspace admin can change it with \`${command} identify\`.`;
  }
  const saved = await store.saveIdentity({ teamId, slackUserId: userId, ...claim, verification: 'claimed' });
  if (!saved.saved)
    return `\`${claim.login}\` on ${name} is already tied to <@${saved.heldBy}> in this workspace.`;
  return `Noted. A workspace admin confirms it with \`${command} identify <@${userId}> ${claim.platform} ${claim.login}\`; until then commands cannot act for you on ${name}.`;
}

/** `identify @user github <login|none>`: a workspace admin confirms (or removes) who someone is on a platform. */
export async function runIdentifyCommand(
  services: SlackCommandServices,
  invocation: SlackInvocation,
  input: { userId: string; platform: CodePlatform; login: string | undefined },
): Promise<string> {
  const { command, store } = services;
  if (!(await isWorkspaceAdmin(services.slack, invocation.userId))) {
    return 'Only Slack workspace admins and owners can confirm who someone is on GitHub or GitLab.';
  }
  const name = platformNames[input.platform];
  if (input.login === undefined) {
    const removed = await store.removeIdentity(invocation.teamId, input.userId, input.platform);
    return removed
      ? `<@${input.userId}> is no longer tied to a ${name} login.`
      : `<@${input.userId}> had no ${name} login.`;
  }
  const saved = await store.saveIdentity({
    teamId: invocation.teamId,
    slackUserId: input.userId,
    platform: input.platform,
    login: input.login,
    verification: 'admin',
    verifiedBy: invocation.userId,
  });
  if (!saved.saved) {
    return `\`${input.login}\` on ${name} is tied to <@${saved.heldBy}>: remove it first with \`${command} identify <@${saved.heldBy}> ${input.platform} none\`.`;
  }
  return `<@${input.userId}> acts as \`${input.login}\` on ${name} now; the repository's permissions decide what they may run.`;
}

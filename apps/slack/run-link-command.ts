import { neutralizeSlackText as quote } from '../../integrations/slack/format-slack-text.js';
import { findProjectsByName, type NamedProject } from './find-projects-by-name.js';
import { isWorkspaceAdmin } from './is-workspace-admin.js';
import type { ProjectNameReference } from './parse-pull-request-url.js';
import type { SlackCommandServices, SlackInvocation } from './slack-command-services.js';

const platformNames = { github: 'GitHub', gitlab: 'GitLab' } as const;

/** The one project a name means, or why there is none (mrkdwn). */
async function findNamedProject(
  services: SlackCommandServices,
  named: ProjectNameReference,
): Promise<{ project: NamedProject } | { error: string }> {
  const name = quote(named.name);
  const found = await findProjectsByName(services.prisma, named.name, named.platform);
  const platforms = new Set(found.map((project) => project.platform));
  if (platforms.size > 1) {
    return {
      error: `\`${name}\` exists on GitHub and on GitLab: write \`github:${name}\` or \`gitlab:${name}\`.`,
    };
  }
  const project = found.find((each) => each.active) ?? found[0];
  if (!project) {
    return {
      error: `Switchyard does not know \`${name}\`: install the GitHub App on it, or add the GitLab webhook, first.`,
    };
  }
  if (!project.active) return { error: `Switchyard was removed from \`${name}\`; reinstall it there first.` };
  return { project };
}

/**
 * Whether this user may bind the channel to the project: a workspace admin or owner (as Slack reports them),
 * or someone whose verified platform login is an admin of the repository (as the platform reports it: on
 * GitHub, organization owners are admins of every repository).
 */
async function mayLink(
  services: SlackCommandServices,
  invocation: SlackInvocation,
  project: NamedProject,
  workspaceAdmin: () => Promise<boolean>,
): Promise<boolean> {
  if (await workspaceAdmin()) return true;
  const login = await services.resolveLogin({
    teamId: invocation.teamId,
    userId: invocation.userId,
    platform: project.platform,
    organizationId: project.organizationId,
  });
  const platform = services.platforms[project.platform];
  if (!login.success || !platform) return false;
  try {
    // The permission API is per repository; the pull request number is not used by getPermission.
    const { source } = await platform.open({
      organizationId: project.organizationId,
      projectId: project.projectId,
      repository: project.name,
      number: 1,
    });
    return (await source.getPermission(login.login)) === 'admin';
  } catch (error) {
    services.logger.warn(
      { err: error, projectId: project.projectId },
      'slack: could not read a permission for link',
    );
    return false;
  }
}

/** `link` and `unlink`: binds the channel to projects (or unbinds it), one reply line per project. */
export async function runLinkCommand(
  services: SlackCommandServices,
  invocation: SlackInvocation,
  command: { name: 'link' | 'unlink'; projects: ProjectNameReference[] },
): Promise<string> {
  let admin: Promise<boolean> | undefined;
  const workspaceAdmin = () => {
    admin ??= isWorkspaceAdmin(services.slack, invocation.userId);
    return admin;
  };
  const channel = { teamId: invocation.teamId, channelId: invocation.channelId };
  const lines: string[] = [];
  const linked: string[] = [];
  for (const named of command.projects) {
    const found = await findNamedProject(services, named);
    if ('error' in found) {
      lines.push(found.error);
      continue;
    }
    const { project } = found;
    const name = `\`${quote(project.name)}\``;
    if (!(await mayLink(services, invocation, project, workspaceAdmin))) {
      lines.push(
        `You may not ${command.name} ${name}: that takes a Slack workspace admin, or an admin of the repository on ${platformNames[project.platform]} whose login Switchyard knows (\`${services.command} whoami\`).`,
      );
      continue;
    }
    if (command.name === 'unlink') {
      const removed = await services.store.unlinkChannel(channel, project.projectId, invocation.userId);
      lines.push(removed ? `Unlinked ${name} from this channel.` : `${name} was not linked to this channel.`);
      continue;
    }
    const result = await services.store.linkChannel(channel, project.projectId, invocation.userId);
    lines.push(
      result === 'linked' ? `Linked ${name} to this channel.` : `${name} was already linked to this channel.`,
    );
    if (result === 'linked') linked.push(name);
  }
  if (linked.length > 0) {
    const announcement = `<@${invocation.userId}> linked ${linked.join(', ')} to this channel: \`${services.command} review <pull request URL>\` works here now, and budget alerts are posted here.`;
    try {
      await services.slack.chat.postMessage({ channel: invocation.channelId, text: announcement });
    } catch {
      lines.push(
        'Invite the Switchyard app to this channel (`/invite @Switchyard`) so it can post progress and results here.',
      );
    }
  }
  return lines.join('\n');
}

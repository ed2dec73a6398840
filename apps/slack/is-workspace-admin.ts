import type { SlackClient } from '../../integrations/slack/create-slack-client.js';

/** Whether Slack reports this user as an admin or owner of the workspace (`users.info`). */
export async function isWorkspaceAdmin(slack: SlackClient, userId: string): Promise<boolean> {
  const info = await slack.users.info({ user: userId });
  const user = info.user;
  if (!user || user.deleted || user.is_bot) return false;
  return user.is_admin === true || user.is_owner === true || user.is_primary_owner === true;
}

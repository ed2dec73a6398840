/** The help answered to `/switchyard help`, to the command alone and to an unknown sub-command (mrkdwn). */
export function renderSlackHelp(
  command: string,
  options: { unknown?: string; mapping: 'link' | 'email' },
): string {
  const lines: string[] = [];
  if (options.unknown) lines.push(`Switchyard does not know \`${options.unknown}\`.`, '');
  lines.push(
    '*Switchyard commands*',
    `• \`${command} review <PR or MR URL>\`: reviews the pull request now (summary and inline findings on it).`,
    `• \`${command} summarize <PR or MR URL>\`: describes what it does and its risks.`,
    `• \`${command} ask <PR or MR URL> <question>\`: answers a question about its changes.`,
    `• \`${command} status\`: recent jobs of the projects linked to this channel.`,
    `• \`${command} budget [org/repo]\`: what they spent today and this month, and their limits.`,
    `• \`${command} link <org/repo or group/project>\` / \`unlink …\`: binds this channel to a project (workspace admins, or admins of the repository).`,
    `• \`${command} whoami\`: who Switchyard thinks you are on GitHub and GitLab.`,
  );
  if (options.mapping === 'link') {
    lines.push(
      `• \`${command} whoami github <login>\`: asks a workspace admin to confirm that you are \`login\`.`,
      `• \`${command} identify @user github <login>\`: a workspace admin confirms who someone is (\`none\` removes it).`,
    );
  }
  lines.push(
    '',
    'Commands act on the pull requests of the projects linked to the channel, as your GitHub or GitLab account: ' +
      (options.mapping === 'email'
        ? 'Switchyard finds it by the email of your Slack profile, '
        : 'a workspace admin confirms it once, ') +
      'and the repository decides what it may do (write access, or `commands.authorizedUsers` in `.switchyard.yml`).',
  );
  return lines.join('\n');
}

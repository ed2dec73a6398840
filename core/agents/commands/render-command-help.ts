/** The help text answered to `<prefix> help`, to an unknown command, and to the prefix alone. */
export function renderCommandHelp(prefix: string, unknownWord?: string): string {
  const lines: string[] = [];
  if (unknownWord === 'ask') {
    lines.push(
      `\`${prefix} ask\` needs a question after it, e.g. \`${prefix} ask why is this lock needed?\``,
      '',
    );
  } else if (unknownWord !== undefined && unknownWord !== '') {
    lines.push(`Switchyard does not know the command \`${unknownWord.replace(/`/g, "'")}\`.`, '');
  } else if (unknownWord === '') {
    lines.push('Switchyard needs a command after the prefix.', '');
  }
  lines.push(
    '#### Switchyard commands',
    '',
    '| Command | What it does |',
    '| --- | --- |',
    `| \`${prefix} review\` | Reviews the pull request now: a summary comment and inline findings. |`,
    `| \`${prefix} describe\` | Summarizes what the pull request does, its risks, and suggests a title. |`,
    `| \`${prefix} ask <question>\` | Answers a question about the pull request's changes. |`,
    `| \`${prefix} pause\` | Stops automatic reviews on this pull request (commands still work). |`,
    `| \`${prefix} resume\` | Starts automatic reviews again. |`,
    `| \`${prefix} budget\` | Shows what this project has spent and its limits. |`,
    `| \`${prefix} help\` | Shows this list. |`,
    '',
    'Commands other than `help` need write access to the repository (or a listing in `commands.authorizedUsers` of `.switchyard.yml`).',
  );
  return lines.join('\n');
}

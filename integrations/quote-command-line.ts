// The quoted first line of a command is cut here: it is a reminder, not a copy.
const maximumQuoteLength = 200;

/**
 * The first line of a command comment as a Markdown quote, to head an answer posted outside the command's
 * thread; undefined when the comment has no text.
 */
export function quoteCommandLine(commandBody: string | null | undefined): string | undefined {
  const line = (commandBody ?? '').trim().split('\n')[0]!.trim();
  if (line === '') return undefined;
  const cut = line.length > maximumQuoteLength ? `${line.slice(0, maximumQuoteLength)}…` : line;
  // A quoted @mention would notify its target again; a zero-width space after @ keeps the text, not the ping.
  // Behind `> ` a GitLab `/command` is no quick action.
  return `> ${cut.replace(/@(?=[\w-])/g, '@\u200b')}`;
}

/**
 * Markdown for text taken from a repository: a pull request may put anything in `.switchyard.yml`,
 * and what the bot posts must neither break its comment's layout nor mention people.
 */

/** `text` as an inline code span, with a fence longer than any run of backticks inside it. */
export function formatInlineCode(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  const padding = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${padding}${flat}${padding}${fence}`;
}

/** `text` as a fenced code block that no line inside it can close early. */
export function formatCodeBlock(text: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/**
 * `text` as plain Markdown prose: punctuation that Markdown interprets is escaped, and `@` is followed by
 * a zero-width space so `@someone` or `@org/team` never notifies anyone.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()<>#+|~!]/g, (character) => `\\${character}`)
    .replace(/@/g, '@\u200b');
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}

const zeroWidthSpace = '\u200b';
/** An `@` that starts a mention (`@here`, `@channel`, `@ada`): not inside an email address or a word. */
const mentionPattern = /(?<![A-Za-z0-9_.+\-@])@(?=[A-Za-z0-9_])/g;
const fencePattern = /^\s*(```|~~~)/;
const tableRowPattern = /^\s*\|/;
const tableSeparatorPattern = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
/** `[text](http…)`: the only links model output keeps (as Slack's `<url|text>`). */
const markdownLinkPattern = /\[([^\]\n]{1,300})\]\((https?:\/\/[^\s()<>]{1,2000})\)/g;
/** Private-use characters mark where a link goes while the rest of the line is escaped. */
const placeholder = (index: number) => `\ue000${index}\ue001`;
const placeholderPattern = /\ue000(\d+)\ue001/g;
const placeholderCharacters = /[\ue000\ue001]/g;

/** Escapes the three characters Slack reads as markup (`&`, `<`, `>`), as its formatting rules ask. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text Switchyard did not write (model output, a title, an error from elsewhere) made inert for Slack:
 * escaped, so `<!here>`, `<!channel>`, `<!everyone>`, `<@U…>` and `<#C…>` are shown, not parsed; and
 * `@here`, `@channel` or `@name` get a zero-width space after the `@`, so nothing notifies even where a
 * client parses plain mentions.
 */
export function neutralizeSlackText(text: string): string {
  return escapeSlackText(text).replace(mentionPattern, `@${zeroWidthSpace}`);
}

/** A link in Slack's syntax for an http(s) URL; any other URL is shown as text only. */
export function slackLink(url: string, text: string): string {
  const label = neutralizeSlackText(text).replace(/\|/g, '¦');
  if (!/^https?:\/\//i.test(url)) return label;
  // `|` and `>` would end the URL early; `&` must be escaped inside links too.
  const safeUrl = escapeSlackText(url.replace(/\|/g, '%7C')).replace(/\s/g, '%20');
  return `<${safeUrl}|${label}>`;
}

/** Drops what GitHub renders and Slack would show as raw HTML: hidden comments and layout tags. */
function stripHtml(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(?:sub|sup|details|summary|p)>/gi, '');
}

/** `\*` → `*`: Markdown's backslash escapes mean nothing in Slack, which would show the backslash. */
function unescapeMarkdown(line: string): string {
  return line.replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, '$1');
}

function convertProseLine(line: string): string {
  const links: string[] = [];
  const withPlaceholders = unescapeMarkdown(line.replace(placeholderCharacters, '')).replace(
    markdownLinkPattern,
    (_match, text: string, url: string) => {
      links.push(slackLink(url, text));
      return placeholder(links.length - 1);
    },
  );
  // Emphasis first (Markdown's `*x*` is Slack's `_x_`), then the `*bold*` that headings and `**x**` become.
  const converted = neutralizeSlackText(withPlaceholders)
    .replace(/^(\s*)[-*+]\s+/, '$1• ')
    .replace(/^\s*([-*_])(\s*\1){2,}\s*$/, '')
    .replace(/(?<![*\w])\*(?!\*|\s)([^*\n]+?)(?<!\s)\*(?![*\w])/g, '_$1_')
    .replace(/\*\*(?!\s)([^*\n]+?)(?<!\s)\*\*/g, '*$1*')
    .replace(/(?<!\w)__(?!\s)([^_\n]+?)(?<!\s)__(?!\w)/g, '*$1*')
    .replace(/~~(?!\s)([^~\n]+?)(?<!\s)~~/g, '~$1~')
    .replace(/^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/, '*$1*');
  return converted.replace(placeholderPattern, (_match, index: string) => links[Number(index)] ?? '');
}

/**
 * Markdown (model output, neutralized) to Slack's mrkdwn: headings and `**bold**` become `*bold*`, lists get
 * bullets, `[text](url)` becomes `<url|text>` for http(s) URLs, tables and fenced code become code blocks.
 * Everything is escaped and mentions are defused (see neutralizeSlackText); hidden comments are dropped.
 */
export function convertMarkdownToMrkdwn(markdown: string): string {
  const output: string[] = [];
  let inCode = false;
  let inTable = false;
  for (const line of stripHtml(markdown).split('\n')) {
    if (fencePattern.test(line)) {
      if (inTable) output.push('```');
      inTable = false;
      inCode = !inCode;
      output.push('```');
      continue;
    }
    if (inCode) {
      output.push(neutralizeSlackText(line));
      continue;
    }
    if (tableRowPattern.test(line)) {
      if (!inTable) output.push('```');
      inTable = true;
      if (!tableSeparatorPattern.test(line)) output.push(neutralizeSlackText(unescapeMarkdown(line.trim())));
      continue;
    }
    if (inTable) output.push('```');
    inTable = false;
    output.push(convertProseLine(line));
  }
  if (inTable || inCode) output.push('```');
  return output
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

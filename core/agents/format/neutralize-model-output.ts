import { classifyMarkdownLines } from './classify-markdown-lines.js';

const zeroWidthSpace = '\u200b';
/** `<!-- switchyard…`, the start of every hidden marker Switchyard reads back from its own comments. */
const markerPattern = /<!--(\s*)(switchyard)/gi;
/** An `@` that starts a mention: not inside an e-mail address or a word. */
const mentionPattern = /(?<![A-Za-z0-9_.+\-@])@(?=[A-Za-z0-9_])/g;
/** An HTML comment opener outside code: it would hide the rest of the comment, footer included. */
const commentOpenerPattern = /<!--/g;
/** A slash command at the start of a line, which GitLab runs as a quick action (`/approve`, `/merge`). */
const quickActionPattern = /^(\s*)\/(?=[A-Za-z])/;

/**
 * Makes model output safe to post as a comment:
 * - `<!-- switchyard…` gets a zero-width space after `<!--` (everywhere, code included, since markers are
 *   read from raw text), so the output cannot forge a sticky-comment marker or a finding fingerprint;
 * - any other `<!--` outside code is shown as text (`&lt;!--`): an unclosed one would hide the rest of the
 *   comment, the footer and coverage notes included;
 * - `@name` and `@org/team` outside code get a zero-width space after the `@` (invisible, and the same choice
 *   as `escapeMarkdown`): nobody is notified, the text still reads as written; inside code nothing notifies,
 *   and code (decorators, suggestions) must stay byte-exact;
 * - a line starting with `/word` outside code becomes `\/word`: Markdown renders the same text, and GitLab
 *   no longer sees a quick action.
 */
export function neutralizeModelOutput(markdown: string): string {
  const unmarked = markdown.replace(markerPattern, `<!--$1${zeroWidthSpace}$2`);
  return classifyMarkdownLines(unmarked)
    .lines.map((line) => (line.code ? line.text : neutralizeProseLine(line.text)))
    .join('\n');
}

function neutralizeProseLine(line: string): string {
  const withoutCommand = line.replace(quickActionPattern, '$1\\/');
  return mapOutsideCodeSpans(withoutCommand, (text) =>
    text.replace(mentionPattern, `@${zeroWidthSpace}`).replace(commentOpenerPattern, '&lt;!--'),
  );
}

/** Applies `transform` to the parts of a line outside inline code spans (`` `…` ``, ``` ``…`` ```). */
function mapOutsideCodeSpans(line: string, transform: (text: string) => string): string {
  let output = '';
  let index = 0;
  while (index < line.length) {
    const open = line.indexOf('`', index);
    if (open < 0) break;
    const run = backtickRunLength(line, open);
    const close = findRun(line, open + run, run);
    if (close < 0) {
      output += transform(line.slice(index, open + run));
      index = open + run;
      continue;
    }
    output += transform(line.slice(index, open)) + line.slice(open, close + run);
    index = close + run;
  }
  return output + transform(line.slice(index));
}

function backtickRunLength(line: string, from: number): number {
  let end = from;
  while (line[end] === '`') end++;
  return end - from;
}

/** Start of the next run of exactly `length` backticks at or after `from`, or -1. */
function findRun(line: string, from: number, length: number): number {
  let index = line.indexOf('`', from);
  while (index >= 0) {
    const run = backtickRunLength(line, index);
    if (run === length) return index;
    index = line.indexOf('`', index + run);
  }
  return -1;
}

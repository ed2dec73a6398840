/** One line of Markdown and whether it belongs to a fenced code block (fence lines included). */
export interface MarkdownLine {
  text: string;
  code: boolean;
}

/** The lines of a Markdown text, and the fence that would close a block left open at its end. */
export interface ClassifiedMarkdown {
  lines: MarkdownLine[];
  /** Set when the text ends inside a fenced code block: the line that closes it. */
  openFence?: string;
}

const openingFencePattern = /^\s*(`{3,}|~{3,})/;

/**
 * Splits Markdown into lines marked code or prose, following CommonMark's fences: a fence of three or more
 * backticks or tildes closes at a line holding only a fence of the same character, at least as long.
 * An unclosed fence runs to the end of the text, as GitHub and GitLab render it.
 */
export function classifyMarkdownLines(markdown: string): ClassifiedMarkdown {
  const lines: MarkdownLine[] = [];
  let fence: string | undefined;
  for (const text of markdown.split('\n')) {
    if (fence === undefined) {
      const opening = openingFencePattern.exec(text);
      // A backtick fence's info string may not contain a backtick (then it is an inline code span).
      if (opening && !(opening[1]!.startsWith('`') && text.slice(opening[0].length).includes('`'))) {
        fence = opening[1]!;
      }
      lines.push({ text, code: fence !== undefined });
    } else {
      lines.push({ text, code: true });
      if (closesFence(text, fence)) fence = undefined;
    }
  }
  return fence === undefined ? { lines } : { lines, openFence: fence };
}

function closesFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= fence.length && [...trimmed].every((character) => character === fence[0]);
}

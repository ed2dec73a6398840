import { classifyMarkdownLines } from './classify-markdown-lines.js';

/** GitHub refuses comment bodies longer than 65,536 characters (GitLab allows 1,000,000). */
export const maxCommentLength = 65_536;

/** Where to cut and what must survive the cut. */
export interface FitCommentOptions {
  /** Appended whole after the (possibly cut) body: the footer and hidden markers. */
  tail?: string;
  maxLength?: number;
}

/**
 * `body` followed by `tail`, cut to fit `maxLength` characters: the body is cut at a line break where
 * possible, a code block left open is closed, and a visible note says how much was cut. The tail is never
 * cut, so the footer and the hidden markers survive.
 */
export function fitCommentLength(body: string, options: FitCommentOptions = {}): string {
  const tail = options.tail ?? '';
  const maxLength = options.maxLength ?? maxCommentLength;
  if (body.length + tail.length <= maxLength) return body + tail;

  const note = (cut: number) =>
    `\n\n> **Note:** ${cut.toLocaleString('en-US')} characters were cut to fit the comment size limit.\n`;
  // Room for the note with the largest possible count, and for a closing fence of any length.
  const reserve = note(body.length).length + tail.length + 40;
  let end = Math.max(0, maxLength - reserve);
  const lineBreak = body.lastIndexOf('\n', end);
  if (lineBreak > end * 0.8) end = lineBreak;
  const code = body.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;

  let kept = body.slice(0, end);
  const openFence = classifyMarkdownLines(kept).openFence;
  if (openFence !== undefined && openFence.length <= 30) kept += `\n${openFence}`;
  return `${kept}${note(body.length - end)}${tail}`;
}

import type { types } from '@slack/bolt';
import { formatUsd } from '../../core/agents/format/render-footer.js';
import type { ConversationResult } from '../../core/agents/pull-request-platform.js';
import { convertMarkdownToMrkdwn, neutralizeSlackText, slackLink } from './format-slack-text.js';

/** A Block Kit block, as chat.postMessage and chat.update take it. */
export type SlackBlock = types.KnownBlock;

/** A message's fallback text (notifications, screen readers) and its blocks. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack refuses a section text over 3,000 characters; a message over 50 blocks. */
const sectionLimit = 2_900;
const bodyBlockLimit = 12;
/** The footer the ask agent appends to its Markdown; the Slack message shows it once, in its context line. */
const trailingFooterPattern = /\n*-{3,}\n<sub>[\s\S]*?<\/sub>\s*(?:<!--[\s\S]*?-->\s*)?$/;

const section = (text: string, verbatim = true): types.SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text, verbatim },
});
const context = (texts: string[]): types.ContextBlock => ({
  type: 'context',
  elements: texts.map((text) => ({ type: 'mrkdwn', text, verbatim: true })),
});

/** Splits mrkdwn into section-sized parts on line boundaries, closing and reopening code blocks it cuts. */
export function splitMrkdwn(text: string, limit = sectionLimit): string[] {
  const width = limit - 8;
  const lines = text.split('\n').flatMap((line) => {
    if (line.length <= width) return [line];
    const pieces: string[] = [];
    for (let start = 0; start < line.length; start += width) pieces.push(line.slice(start, start + width));
    return pieces;
  });
  const parts: string[] = [];
  let current: string[] = [];
  let length = 0;
  let inCode = false;
  for (const line of lines) {
    if (current.length > 0 && length + line.length + 1 > width) {
      parts.push((inCode ? [...current, '```'] : current).join('\n'));
      current = inCode ? ['```'] : [];
      length = current.length * 4;
    }
    current.push(line);
    length += line.length + 1;
    if (line.trim() === '```') inCode = !inCode;
  }
  if (current.some((line) => line !== '```')) parts.push(current.join('\n'));
  return parts;
}

/** The footer line (`<sub>Switchyard · model · tokens · $</sub>`) as plain Slack text. */
function footerText(footer: string): string {
  return convertMarkdownToMrkdwn(footer).replace(/\n+/g, ' ');
}

/** The result of a job asked for in Slack: a linked title, the gist (converted, neutralized), the cost. */
export function renderSlackResult(
  result: ConversationResult,
  options: { requestedBy?: string } = {},
): SlackMessage {
  const body =
    convertMarkdownToMrkdwn(result.markdown.replace(trailingFooterPattern, '')) || '_Nothing to show._';
  const parts = splitMrkdwn(body);
  const shown = parts.slice(0, bodyBlockLimit);
  const blocks: SlackBlock[] = [
    section(`:white_check_mark: *${slackLink(result.pullRequestUrl, result.title)}*`),
  ];
  blocks.push(...shown.map((part) => section(part)));
  if (parts.length > shown.length) {
    blocks.push(section('_Cut short here: the full result is on the pull request._'));
  }
  const facts = [`Cost: *${formatUsd(result.costUsd)}*`];
  if (result.resultUrl) facts.push(slackLink(result.resultUrl, 'Full result on the pull request'));
  else facts.push(slackLink(result.pullRequestUrl, 'Open the pull request'));
  if (options.requestedBy && /^[UW][A-Z0-9]{2,20}$/.test(options.requestedBy))
    facts.push(`Asked by <@${options.requestedBy}>`);
  blocks.push(context([facts.join(' · '), footerText(result.footer)]));
  return {
    text: `${neutralizeSlackText(result.title)} (cost ${formatUsd(result.costUsd)}): ${result.resultUrl ?? result.pullRequestUrl}`,
    blocks,
  };
}

/** A progress line (`Working on the review of acme/api#42…`). */
export function renderSlackProgress(text: string): SlackMessage {
  const line = `:hourglass_flowing_sand: ${neutralizeSlackText(text)}`;
  return { text: line, blocks: [section(line)] };
}

/** A failure or refusal, with what to do (the message may quote what others wrote: it is neutralized). */
export function renderSlackFailure(message: string): SlackMessage {
  const body = convertMarkdownToMrkdwn(message) || 'The job failed.';
  const parts = splitMrkdwn(`:warning: ${body}`).slice(0, 3);
  return {
    text: `:warning: ${neutralizeSlackText(message).slice(0, 2_000)}`,
    blocks: parts.map((part) => section(part)),
  };
}

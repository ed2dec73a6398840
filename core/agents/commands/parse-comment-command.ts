import type { ChatCommand } from '../../jobs/job-request.js';

/** The prefix a repository without `.switchyard.yml` (or without `commands.prefix`) answers to. */
export const defaultCommandPrefix = '/agent';

/** A comment command as a job needs it: an agent to run, or a command that calls no model. */
export type CommentCommand =
  | { kind: 'agent'; agent: 'review' | 'describe' }
  | { kind: 'agent'; agent: 'ask'; question: string }
  | { kind: 'command'; command: ChatCommand; text: string };

const agentWords = new Set(['review', 'describe']);
const commandWords = new Set<ChatCommand>(['help', 'pause', 'resume', 'budget']);
/** Longest text kept after a command word (the job schema's limit). */
const maxCommandTextLength = 2_000;
/** Longest question `ask` takes; longer ones are cut (the job schema's limit). */
const maxQuestionLength = 20_000;

/**
 * Reads a command from a comment: the first non-empty line must start with `prefix` as a whole word
 * (`/agent review`, `/agent ask why is this safe?`). Returns undefined for comments that are not commands.
 * An unknown word, or the prefix alone, is `{ command: 'unknown' }`, answered with the help text.
 * Platforms' quoting (`> /agent review` in a reply) is not a command: only the comment's author typed it.
 */
export function parseCommentCommand(body: string, prefix: string): CommentCommand | undefined {
  const trimmed = body.replace(/^\uFEFF/, '').trimStart();
  if (!trimmed.toLowerCase().startsWith(prefix.toLowerCase())) return undefined;
  const rest = trimmed.slice(prefix.length);
  if (rest.length > 0 && !/^\s/.test(rest)) return undefined;
  const [firstLine = '', ...otherLines] = rest.trim().split('\n');
  const match = /^(\S+)\s*([\s\S]*)$/.exec(firstLine.trim());
  const word = (match?.[1] ?? '').toLowerCase();
  const argument = [match?.[2] ?? '', ...otherLines].join('\n').trim();
  if (word === '') return { kind: 'command', command: 'unknown', text: '' };
  if (agentWords.has(word)) return { kind: 'agent', agent: word as 'review' | 'describe' };
  if (word === 'ask') {
    if (argument === '') return { kind: 'command', command: 'unknown', text: 'ask' };
    return { kind: 'agent', agent: 'ask', question: argument.slice(0, maxQuestionLength) };
  }
  if (commandWords.has(word as ChatCommand)) {
    return { kind: 'command', command: word as ChatCommand, text: argument.slice(0, maxCommandTextLength) };
  }
  return { kind: 'command', command: 'unknown', text: word.slice(0, 100) };
}

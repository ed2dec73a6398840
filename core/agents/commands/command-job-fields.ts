import type { JobRequest } from '../../jobs/job-request.js';
import type { CommentCommand } from './parse-comment-command.js';

/** The job fields a parsed comment command sets: the agent to run, or the command that calls no model. */
export function commandJobFields(
  command: CommentCommand,
): Pick<JobRequest, 'agent' | 'question' | 'command' | 'commandText'> {
  if (command.kind === 'command') {
    return { agent: 'command', command: command.command, commandText: command.text || undefined };
  }
  if (command.agent === 'ask') return { agent: 'ask', question: command.question };
  return { agent: command.agent };
}

import { describe, expect, it } from '@jest/globals';
import {
  defaultCommandPrefix,
  parseCommentCommand,
} from '../../../../core/agents/commands/parse-comment-command.js';

const parse = (body: string, prefix = defaultCommandPrefix) => parseCommentCommand(body, prefix);

describe('parseCommentCommand', () => {
  it('reads the agent words review and describe after the prefix', () => {
    expect(parse('/agent review')).toEqual({ kind: 'agent', agent: 'review' });
    expect(parse('/agent describe')).toEqual({ kind: 'agent', agent: 'describe' });
  });

  it('reads the commands that call no model, with what follows them as text', () => {
    expect(parse('/agent help')).toEqual({ kind: 'command', command: 'help', text: '' });
    expect(parse('/agent pause until the release')).toEqual({
      kind: 'command',
      command: 'pause',
      text: 'until the release',
    });
    expect(parse('/agent resume')).toEqual({ kind: 'command', command: 'resume', text: '' });
    expect(parse('/agent budget')).toEqual({ kind: 'command', command: 'budget', text: '' });
  });

  it('ignores the case of the prefix and of the command word', () => {
    expect(parse('/AGENT Review')).toEqual({ kind: 'agent', agent: 'review' });
    expect(parse('/Agent PAUSE')).toMatchObject({ kind: 'command', command: 'pause' });
  });

  it('needs the prefix as a whole word, not the start of a longer one', () => {
    expect(parse('/agents review')).toBeUndefined();
    expect(parse('/agentreview')).toBeUndefined();
    expect(parse('/agent-review')).toBeUndefined();
  });

  it('is not a command unless the comment starts with the prefix', () => {
    expect(parse('Please run /agent review')).toBeUndefined();
    expect(parse('LGTM')).toBeUndefined();
    expect(parse('')).toBeUndefined();
  });

  it('accepts leading blank lines, spaces and a byte order mark before the prefix', () => {
    expect(parse('\n\n   /agent review')).toEqual({ kind: 'agent', agent: 'review' });
    expect(parse('\uFEFF/agent review')).toEqual({ kind: 'agent', agent: 'review' });
  });

  it('does not take a quoted command in a reply as the author’s own', () => {
    expect(parse('> /agent review\n\nI would rather not, see above.')).toBeUndefined();
    expect(parse('>/agent pause')).toBeUndefined();
  });

  it('takes the question of ask verbatim, with everything after it on later lines', () => {
    expect(parse('/agent ask why is this safe?')).toEqual({
      kind: 'agent',
      agent: 'ask',
      question: 'why is this safe?',
    });
    expect(parse('/agent ask what does this do\nwith an empty list?\n\nAnd with null?')).toEqual({
      kind: 'agent',
      agent: 'ask',
      question: 'what does this do\nwith an empty list?\n\nAnd with null?',
    });
  });

  it('takes a question that starts on the line after ask', () => {
    expect(parse('/agent ask\nIs the retry bounded?')).toEqual({
      kind: 'agent',
      agent: 'ask',
      question: 'Is the retry bounded?',
    });
  });

  it('reads a comment written with Windows line endings', () => {
    expect(parse('/agent review\r\n')).toEqual({ kind: 'agent', agent: 'review' });
    expect(parse('/agent ask why?\r\nreally')).toEqual({
      kind: 'agent',
      agent: 'ask',
      question: 'why?\nreally',
    });
  });

  it('answers ask without a question with the help text, naming ask', () => {
    expect(parse('/agent ask')).toEqual({ kind: 'command', command: 'unknown', text: 'ask' });
    expect(parse('/agent ask   \n  ')).toEqual({ kind: 'command', command: 'unknown', text: 'ask' });
  });

  it('cuts a question longer than the job schema takes', () => {
    const command = parse(`/agent ask ${'q'.repeat(25_000)}`);
    expect(command).toMatchObject({ kind: 'agent', agent: 'ask' });
    expect((command as { question: string }).question).toHaveLength(20_000);
  });

  it('turns an unknown word into the unknown command carrying that word, lowercased', () => {
    expect(parse('/agent Deploy to production')).toEqual({
      kind: 'command',
      command: 'unknown',
      text: 'deploy',
    });
  });

  it('keeps at most 100 characters of an unknown word', () => {
    const command = parse(`/agent ${'x'.repeat(500)}`);
    expect(command).toMatchObject({ kind: 'command', command: 'unknown' });
    expect((command as { text: string }).text).toHaveLength(100);
  });

  it('turns the prefix alone into the unknown command with no word', () => {
    expect(parse('/agent')).toEqual({ kind: 'command', command: 'unknown', text: '' });
    expect(parse('  /agent   ')).toEqual({ kind: 'command', command: 'unknown', text: '' });
  });

  it('answers to a custom prefix such as @bot or !sy, and no longer to the default one', () => {
    expect(parse('@bot review', '@bot')).toEqual({ kind: 'agent', agent: 'review' });
    expect(parse('@BOT describe', '@bot')).toEqual({ kind: 'agent', agent: 'describe' });
    expect(parse('@botany review', '@bot')).toBeUndefined();
    expect(parse('!sy ask is this thread-safe?', '!sy')).toEqual({
      kind: 'agent',
      agent: 'ask',
      question: 'is this thread-safe?',
    });
    expect(parse('/agent review', '!sy')).toBeUndefined();
  });
});

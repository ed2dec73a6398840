import type { FakeUsage } from './start-fake-server.js';

/** What a stand-in answers, whatever the wire format. */
export interface FakeReply {
  text: string;
  /** `stop-sequence` when a requested stop string cut the text. */
  finish: 'stop' | 'length' | 'stop-sequence';
  stopSequence?: string;
  usage: FakeUsage;
}

/** What the wire handlers extract from a request to plan the reply. */
export interface FakePrompt {
  /** Every prompt text (system and turns), for the ≈ 4 bytes a token usage estimate. */
  texts: string[];
  lastUserText: string;
  maxTokens?: number;
  stop?: string[];
  /** `object`: answer a JSON object; `continue-object`: the assistant already opened it with `{` (a prefill). */
  json?: 'object' | 'continue-object';
}

const echoLimit = 120;

/**
 * A deterministic answer: the scripted text, or an echo of the last user message (truncated), cut at a stop
 * string or at the token limit as a real model would, with usage of about four bytes a token.
 */
export function planFakeReply(
  prompt: FakePrompt,
  scripted?: { text?: string; usage?: FakeUsage },
): FakeReply {
  let text = scripted?.text ?? defaultText(prompt);
  let finish: FakeReply['finish'] = 'stop';
  let stopSequence: string | undefined;
  for (const stop of prompt.stop ?? []) {
    const index = stop ? text.indexOf(stop) : -1;
    if (index >= 0) {
      text = text.slice(0, index);
      finish = 'stop-sequence';
      stopSequence = stop;
    }
  }
  if (prompt.maxTokens !== undefined && text.length > prompt.maxTokens * 4) {
    text = text.slice(0, prompt.maxTokens * 4);
    finish = 'length';
  }
  let promptBytes = 0;
  for (const part of prompt.texts) promptBytes += Buffer.byteLength(part);
  const usage = scripted?.usage ?? {
    inputTokens: Math.max(1, Math.ceil(promptBytes / 4)),
    outputTokens: Math.max(1, Math.ceil(text.length / 4)),
  };
  return { text, finish, stopSequence, usage };
}

function defaultText(prompt: FakePrompt): string {
  const echo = prompt.lastUserText.slice(0, echoLimit);
  if (prompt.json === 'object') return JSON.stringify({ echo });
  if (prompt.json === 'continue-object') return JSON.stringify({ echo }).slice(1);
  return `Echo: ${echo}`;
}

/** The text of a message content: a string, or an array of content parts with `text`. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    const value = (part as { text?: unknown } | null)?.text;
    if (typeof value === 'string') text += value;
  }
  return text;
}

/** Splits a reply into word-sized pieces, as models stream them. */
export function splitIntoChunks(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

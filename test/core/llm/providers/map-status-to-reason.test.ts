import { describe, expect, it } from '@jest/globals';
import {
  isContextLengthError,
  mapAbortToReason,
  mapStatusToReason,
} from '../../../../core/llm/providers/map-status-to-reason.js';

describe('mapStatusToReason', () => {
  it('treats a 4xx request error as context_length only when the upstream said so', () => {
    expect(mapStatusToReason(400, true)).toBe('context_length');
    expect(mapStatusToReason(400, false)).toBe('bad_request');
    expect(mapStatusToReason(413, false)).toBe('bad_request');
    expect(mapStatusToReason(429, true)).toBe('rate_limited');
  });

  it('keeps 529 apart from the other 5xx as overloaded', () => {
    expect(mapStatusToReason(529, false)).toBe('overloaded');
    expect(mapStatusToReason(504, false)).toBe('server_error');
  });
});

describe('isContextLengthError', () => {
  it.each([
    "This model's maximum context length is 128000 tokens.",
    'prompt is too long: 212004 tokens > 200000 maximum',
    'Too many tokens in the request',
    'input exceeds the context window of this model',
  ])('recognises "%s"', (message) => {
    expect(isContextLengthError(null, message)).toBe(true);
  });

  it('recognises the OpenAI code without any wording', () => {
    expect(isContextLengthError('context_length_exceeded', 'Request rejected.')).toBe(true);
  });

  it('does not mistake an output-token limit for a context-length error', () => {
    expect(
      isContextLengthError(
        null,
        'max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens',
      ),
    ).toBe(false);
  });
});

describe('mapAbortToReason', () => {
  it('says timeout for a deadline and aborted for a caller abort', () => {
    const caller = new AbortController();
    caller.abort();
    const router = new AbortController();
    router.abort(new DOMException('attempt timed out', 'TimeoutError'));
    expect(mapAbortToReason(caller.signal)).toBe('aborted');
    expect(mapAbortToReason(router.signal)).toBe('timeout');
  });
});

import type { FinishReason } from '../../spec/model-response.js';

/** Maps a chat completion `finish_reason` (tool calls and unknown values become `other`). */
export function mapOpenAIFinishReason(finishReason: string | null | undefined): FinishReason {
  switch (finishReason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'other';
  }
}

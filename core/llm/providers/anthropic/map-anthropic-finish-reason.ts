import type { StopReason } from '@anthropic-ai/sdk/resources/messages';
import type { FinishReason } from '../../spec/model-response.js';

/** Maps a Messages API `stop_reason` (tool use, pauses and unknown values become `other`). */
export function mapAnthropicFinishReason(stopReason: StopReason | null | undefined): FinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'refusal':
      return 'content_filter';
    default:
      return 'other';
  }
}

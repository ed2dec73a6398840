export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  /** True when the provider sent no usage and the adapter estimated it (about 4 bytes per token). */
  estimated?: boolean;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'other';

/** The one normalized response every provider adapter returns. */
export interface ModelResponse {
  text: string;
  finishReason: FinishReason;
  usage: ModelUsage;
  /** The model id the provider reports having used (may differ from the requested alias). */
  responseModel: string;
  /** The provider's own id for the response, when it gives one. */
  responseId?: string;
}

/** What a streaming call yields: text as it arrives, then exactly one `finish` with the usage. */
export type StreamPart =
  | { type: 'text-delta'; delta: string }
  | {
      type: 'finish';
      finishReason: FinishReason;
      usage: ModelUsage;
      responseModel: string;
      responseId?: string;
    };

/** A turn of the conversation. System instructions travel separately in `ModelRequest.system`. */
export interface ModelMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** The one normalized request every provider adapter accepts. */
export interface ModelRequest {
  system?: string;
  messages: ModelMessage[];
  /** Upper bound on generated tokens; the router fills in a default when absent. */
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  /** `json` asks the provider for a JSON object (OpenAI `response_format`, Anthropic prefill-free instruction). */
  responseFormat?: 'text' | 'json';
  /** End-user id passed through for provider abuse monitoring. */
  user?: string;
}

/** Per-call options that are not part of the request itself. */
export interface CallOptions {
  /** Aborts the call (timeouts and deadlines are expressed through this signal). */
  signal?: AbortSignal;
  /**
   * The request must not leave for the provider before this settles; when it rejects, the call fails with
   * that reason and nothing is sent. Lets the router prepare the call while its budget hold is being placed.
   */
  sendAfter?: Promise<unknown>;
}

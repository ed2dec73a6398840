import type { LanguageModel } from '../../../../core/llm/spec/language-model.js';
import type { FakeProviderServer } from '../../../fakes/start-fake-server.js';

/** The normalized request as read back from what reached the wire. */
export interface WireView {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  user?: string;
  json: boolean;
  stream: boolean;
}

/** What the shared suite needs to know about one adapter. */
export interface ConformanceTarget {
  /** Names the suite, e.g. `openai`. */
  name: string;
  /** Prefix the adapter's models and errors carry. */
  provider: string;
  modelId: string;
  startFake(): Promise<FakeProviderServer>;
  /** A model of the adapter pointed at `baseUrl` (the fake's unless a test points elsewhere). */
  createModel(baseUrl: string, apiKey: string): LanguageModel;
  /** The base URL of a server listening on `port` (with or without `/v1`, as the adapter expects). */
  baseUrlFor(port: number): string;
  readWire(body: unknown): WireView;
  /** A real error body of this provider carrying `message`. */
  errorBody(status: number, message: string): unknown;
  /** The provider's real answer to a prompt longer than the context window. */
  contextLengthError: { status: number; body: unknown };
}

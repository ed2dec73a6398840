import type { ProjectSettings, RoutingPolicyName } from '../../projects/project-settings.js';
import type { ModelRequest } from '../spec/model-request.js';
import type { ModelResponse, StreamPart } from '../spec/model-response.js';
import type { AttemptRecord } from './attempt-record.js';

/** One logical model call, as an app or an agent asks the router for it. */
export interface RouteInput {
  settings: ProjectSettings;
  request: ModelRequest;
  /**
   * Identifies this logical call for settling: `gw:<requestId>` for the gateway,
   * `job:<jobId>:<call name>` for agents (no attempt: a retried job charges a call once), so a repeated settle charges once.
   */
  callKey: string;
  requestId: string;
  jobId?: string;
  source: 'gateway' | 'agent' | 'test-call';
  /** Routing rule to use (`default` when absent). */
  agent?: string;
  /** A `provider:model` tried before the routing list. */
  preferredModel?: string;
  /** Replaces the routing list (still subject to the allow-list). */
  models?: string[];
  policy?: RoutingPolicyName;
  signal?: AbortSignal;
}

/** What a routed call produced, and how it got there. */
export interface RouteOutcome {
  candidate: string;
  provider: string;
  model: string;
  response: ModelResponse;
  costUsd: number;
  cached: boolean;
  attempts: AttemptRecord[];
  latencyMs: number;
}

/** A stream that has already produced its first part from `candidate` (failover is over once text flows). */
export interface RoutedStream {
  candidate: string;
  provider: string;
  model: string;
  /** Attempts up to the one that is streaming. */
  attempts: AttemptRecord[];
  parts: AsyncIterable<StreamPart>;
  /** Settles when the stream has ended and been charged; rejects with the stream's error. */
  outcome: Promise<RouteOutcome>;
}

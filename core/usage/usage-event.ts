/** One row of the usage ledger, as the router hands it to the usage recorder. */
export interface UsageEventInput {
  projectId: string;
  organizationId: string;
  /** Unique per settled call: `<requestId>:<attempt>:<call>`; a repeated write of the same key is ignored. */
  settlementKey: string;
  requestId: string;
  jobId?: string;
  source: 'gateway' | 'agent' | 'test-call';
  agent?: string;
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  outcome: 'success' | 'error' | 'cache_hit' | 'refused';
  errorCode?: string;
  /** The router's attempt log: each candidate tried or skipped and why. */
  attempts: unknown[];
  createdAt: Date;
}

// The JSON of /api/v1 as the page reads it (docs/management-api.md).

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

export interface Membership {
  organizationId: string;
  organizationName: string;
  role: Role;
}

export interface Me {
  user: { id: string; email: string; name?: string } | null;
  memberships?: Membership[];
  csrfToken: string;
}

/** `GET /auth/methods`: how people can sign in. */
export interface AuthMethods {
  password: true;
  oidc: { label: string } | null;
}

export interface ListedRecord {
  id: string;
  name: string;
  platform: string;
  externalId: string | null;
  createdAt: string;
  deactivatedAt: string | null;
}

/** What a project's `.switchyard.yml` on the default branch enables (see `GET /orgs/:id/projects`). */
export interface RepositoryConfigStatus {
  source: 'file' | 'defaults' | 'invalid';
  readAt: string;
  commandPrefix: string | null;
  agents: Array<{ agent: string; triggers: string[] }>;
}

/** A project in its organization's list, with its status. */
export interface ProjectStatus extends ListedRecord {
  repositoryUrl: string | null;
  lastEvent: { event: string; at: string } | null;
  lastJob: Job | null;
  repositoryConfig: RepositoryConfigStatus | null;
}

export interface Budget {
  dailyUsd: number | null;
  monthlyUsd: number | null;
  softAlertRatio: number;
}

/** A Slack channel a project's budget alerts go to. */
export interface AlertChannel {
  teamId: string;
  channelId: string;
  linkedBy: string;
  createdAt: string;
}

export type ProviderKind = 'openai' | 'anthropic' | 'openai-compatible';

export interface Provider {
  name: string;
  kind: string;
  baseUrl: string | null;
  keyHint: string | null;
  source: 'project' | 'organization' | 'environment';
}

export interface Organization {
  id: string;
  name: string;
  platform: string;
  createdAt: string;
  budget: Budget;
  providers: Provider[];
}

export interface RoutingRule {
  policy: string;
  models: string[];
  weights?: Record<string, number>;
  allowedModels?: string[];
}

export interface ProjectSettings {
  id: string;
  name: string;
  organizationId: string;
  organizationName: string;
  platform: string;
  routing: Record<string, RoutingRule>;
  budget: Budget;
  organizationBudget: Budget;
  providers: Provider[];
}

export interface UsageTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Latency of the successful calls; null when there were none. */
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  /** Successful calls served by another model than the first one the router tried. */
  failovers: number;
}

export interface UsageReport {
  from: string;
  to: string;
  groupBy: string;
  /** `name` is the project's, when grouped by project (`key` is then its id). */
  rows: Array<{ key: string; name?: string } & UsageTotals>;
  totals: UsageTotals;
}

export interface Job {
  id: string;
  projectId: string;
  projectName?: string;
  platform?: string;
  agent?: string;
  trigger?: string;
  status: string;
  repository?: string;
  targetNumber?: number;
  revision?: string;
  requestedBy?: string | null;
  attempts?: number;
  costUsd?: number | null;
  resultUrl?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  queuedAt?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  durationMs?: number | null;
}

export interface AuditEvent {
  id: string;
  action: string;
  actor: string;
  targetType?: string | null;
  targetId?: string | null;
  projectId?: string | null;
  details?: unknown;
  ipAddress?: string | null;
  createdAt: string;
}

export interface Member {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  memberSince: string;
}

export interface CreatedInvite {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  token: string;
  url: string;
}

/** An invite not yet accepted, revoked or expired (`GET /orgs/:id/invites`). */
export interface PendingInvite {
  id: string;
  email: string;
  role: Role;
  /** `admin-token` or `user:<id>`. */
  createdBy: string;
  createdByUser: { id: string; email: string; name: string } | null;
  createdAt: string;
  expiresAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
}

export interface CreatedApiKey {
  id: string;
  key: string;
  prefix: string;
  createdAt: string;
}

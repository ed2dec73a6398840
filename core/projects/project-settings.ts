import type { ScopeLimits } from '../budgets/budget-types.js';
import type { ProviderKind } from '../llm/spec/language-model.js';

/** Router policies (see core/llm/router). */
export const routingPolicyNames = ['fallback', 'cheapest', 'fastest', 'weighted'] as const;
export type RoutingPolicyName = (typeof routingPolicyNames)[number];

/** How one agent's (or the gateway's, agent `default`) calls are routed. */
export interface RoutingSettings {
  policy: RoutingPolicyName;
  /** Candidates as `provider:model`, in the order `fallback` tries them. */
  models: string[];
  /** For `weighted`: relative weight per `provider:model` (missing = 1). */
  weights?: Record<string, number>;
  /** When set, only these `provider:model` may be called, even when a request names another one. */
  allowedModels?: string[];
}

/** Price and limits of one `provider:model`. */
export interface PriceEntry {
  inputPerMTok: number;
  outputPerMTok: number;
  contextWindow?: number;
  maxOutputTokens?: number;
}

/** Where a provider's key came from: resolution goes project → organization → instance environment. */
export type CredentialSource = 'project' | 'organization' | 'environment';

/** A provider endpoint resolved for one project, secret decrypted (in memory only; never logged or returned). */
export interface ResolvedProviderCredential {
  name: string;
  kind: ProviderKind;
  apiKey?: string;
  baseUrl?: string;
  source: CredentialSource;
  /** Changes whenever the stored credential changes, so cached SDK clients can be rebuilt. */
  version: string;
}

/** Everything the router and the gateway need to know about a project, loaded once and cached. */
export interface ProjectSettings {
  projectId: string;
  organizationId: string;
  projectName: string;
  /** Routing per agent; `default` is always present. */
  routing: Record<string, RoutingSettings>;
  limits: { project: ScopeLimits; organization: ScopeLimits };
  /** Per-project price overrides keyed by `provider:model`. */
  priceOverrides: Record<string, PriceEntry>;
  /** Providers by name (the prefix in `provider:model`). */
  providers: Record<string, ResolvedProviderCredential>;
  /** Exact-match response cache TTL; 0 disables the cache. */
  cacheTtlSeconds: number;
}

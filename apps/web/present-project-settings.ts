import type { Environment } from '../../core/config/environment.js';
import type { ProjectSettingsRecord } from '../../core/projects/load-project-settings.js';
import { toPriceOverrides, toRoutingSettings } from '../../core/projects/load-project-settings.js';
import { maskSecret } from '../../core/projects/mask-secret.js';
import type { CredentialSource, PriceEntry, RoutingSettings } from '../../core/projects/project-settings.js';
import { listEnvironmentProviders } from '../../core/projects/resolve-provider-credentials.js';

/** A provider as the API shows it: never the key, only its hint and where it comes from. */
export interface ProviderView {
  name: string;
  kind: string;
  baseUrl: string | null;
  keyHint: string | null;
  source: CredentialSource;
}

/** A budget row in USD; null means no limit. */
export interface BudgetView {
  dailyUsd: number | null;
  monthlyUsd: number | null;
  softAlertRatio: number;
}

interface BudgetRowLike {
  dailyUsd: { toNumber(): number } | null;
  monthlyUsd: { toNumber(): number } | null;
  softAlertRatio: { toNumber(): number };
}

interface CredentialRowLike {
  name: string;
  kind: string;
  baseUrl: string | null;
  keyHint: string | null;
}

export function presentBudget(row: BudgetRowLike | undefined | null): BudgetView {
  return {
    dailyUsd: row?.dailyUsd?.toNumber() ?? null,
    monthlyUsd: row?.monthlyUsd?.toNumber() ?? null,
    softAlertRatio: row?.softAlertRatio.toNumber() ?? 0.8,
  };
}

/** The providers in force, nearest scope winning (project → organization → environment), masked. */
export function presentProviders(options: {
  environment: Environment;
  organizationRows: CredentialRowLike[];
  projectRows?: CredentialRowLike[];
}): ProviderView[] {
  const providers = new Map<string, ProviderView>();
  for (const provider of listEnvironmentProviders(options.environment)) {
    providers.set(provider.name, {
      name: provider.name,
      kind: provider.kind,
      baseUrl: provider.baseUrl ?? null,
      keyHint: provider.apiKey ? maskSecret(provider.apiKey) : null,
      source: 'environment',
    });
  }
  const stored = (row: CredentialRowLike, source: CredentialSource): ProviderView => ({
    name: row.name,
    kind: row.kind,
    baseUrl: row.baseUrl,
    keyHint: row.keyHint,
    source,
  });
  for (const row of options.organizationRows) providers.set(row.name, stored(row, 'organization'));
  for (const row of options.projectRows ?? []) providers.set(row.name, stored(row, 'project'));
  return [...providers.values()].sort((left, right) => left.name.localeCompare(right.name));
}

/** What a settings page shows for one project; built from rows without decrypting anything. */
export interface ProjectView {
  id: string;
  name: string;
  organizationId: string;
  organizationName: string;
  platform: string;
  cacheTtlSeconds: number;
  createdAt: Date;
  routing: Record<string, RoutingSettings>;
  budget: BudgetView;
  organizationBudget: BudgetView;
  prices: Record<string, PriceEntry>;
  providers: ProviderView[];
}

export function presentProjectSettings(record: ProjectSettingsRecord, environment: Environment): ProjectView {
  return {
    id: record.id,
    name: record.name,
    organizationId: record.organizationId,
    organizationName: record.organization.name,
    platform: record.platform,
    cacheTtlSeconds: record.cacheTtlSeconds,
    createdAt: record.createdAt,
    routing: toRoutingSettings(record, environment),
    budget: presentBudget(record.budgets[0]),
    organizationBudget: presentBudget(record.organization.budgets[0]),
    prices: toPriceOverrides(record),
    providers: presentProviders({
      environment,
      organizationRows: record.organization.providerCredentials,
      projectRows: record.providerCredentials,
    }),
  };
}

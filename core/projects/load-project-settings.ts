import type { Prisma } from '../../generated/prisma/client.js';
import type { ScopeLimits } from '../budgets/budget-types.js';
import { usdToNano } from '../budgets/money.js';
import type { Environment } from '../config/environment.js';
import type { PrismaClient } from '../db/create-prisma-client.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { Logger } from '../logging/create-logger.js';
import { isUuid } from './is-uuid.js';
import type { EncryptionKeyring } from './parse-encryption-keyring.js';
import type { PriceEntry, ProjectSettings, RoutingSettings } from './project-settings.js';
import { resolveProviderCredentials } from './resolve-provider-credentials.js';
import { routingSettingsSchema } from './settings-schemas.js';

const projectSettingsInclude = {
  routingRules: true,
  priceOverrides: true,
  budgets: { where: { scope: 'project' } },
  providerCredentials: { where: { scope: 'project' } },
  organization: {
    include: {
      budgets: { where: { scope: 'organization' } },
      providerCredentials: { where: { scope: 'organization' } },
    },
  },
} satisfies Prisma.ProjectInclude;

/** A project row with everything its settings are built from. */
export type ProjectSettingsRecord = Prisma.ProjectGetPayload<{ include: typeof projectSettingsInclude }>;

/** Reads a project and its settings rows in one go; null when there is no such project. */
export async function readProjectSettingsRecord(
  prisma: PrismaClient,
  projectId: string,
): Promise<ProjectSettingsRecord | null> {
  if (!isUuid(projectId)) return null;
  return prisma.project.findUnique({ where: { id: projectId }, include: projectSettingsInclude });
}

type BudgetRow = ProjectSettingsRecord['budgets'][number];

/** Converts a budgets row (USD decimals, null = no limit) into nano-USD limits. */
export function toScopeLimits(row: BudgetRow | undefined): ScopeLimits {
  if (!row) return { softAlertRatio: 0.8 };
  return {
    ...(row.dailyUsd === null ? {} : { dailyNano: usdToNano(row.dailyUsd.toNumber()) }),
    ...(row.monthlyUsd === null ? {} : { monthlyNano: usdToNano(row.monthlyUsd.toNumber()) }),
    softAlertRatio: row.softAlertRatio.toNumber(),
  };
}

/** Routing per agent from the stored rules, with `default` filled in from ROUTER_DEFAULT_MODELS. */
export function toRoutingSettings(
  record: ProjectSettingsRecord,
  environment: Environment,
  logger?: Logger,
): Record<string, RoutingSettings> {
  const routing: Record<string, RoutingSettings> = {};
  for (const rule of record.routingRules) {
    const parsed = routingSettingsSchema.safeParse({
      policy: rule.policy,
      models: rule.models,
      weights: rule.weights ?? undefined,
      allowedModels: rule.allowedModels ?? undefined,
    });
    if (parsed.success) routing[rule.agent] = parsed.data;
    // A row written by hand that does not parse must not take the whole project down; say so loudly.
    else logger?.error({ projectId: record.id, agent: rule.agent }, 'ignored an invalid routing rule');
  }
  routing.default ??= { policy: 'fallback', models: [...environment.ROUTER_DEFAULT_MODELS] };
  return routing;
}

/** Price overrides keyed by `provider:model`. */
export function toPriceOverrides(record: ProjectSettingsRecord): Record<string, PriceEntry> {
  const prices: Record<string, PriceEntry> = {};
  for (const row of record.priceOverrides) {
    prices[row.model] = {
      inputPerMTok: row.inputPerMTok.toNumber(),
      outputPerMTok: row.outputPerMTok.toNumber(),
      ...(row.contextWindow === null ? {} : { contextWindow: row.contextWindow }),
      ...(row.maxOutputTokens === null ? {} : { maxOutputTokens: row.maxOutputTokens }),
    };
  }
  return prices;
}

/** Builds a project's settings from its rows, decrypting each stored provider key once. */
export function buildProjectSettings(options: {
  record: ProjectSettingsRecord;
  environment: Environment;
  keyring: EncryptionKeyring | undefined;
  logger?: Logger;
}): ProjectSettings {
  const { record, environment } = options;
  return {
    projectId: record.id,
    organizationId: record.organizationId,
    projectName: record.name,
    routing: toRoutingSettings(record, environment, options.logger),
    limits: {
      project: toScopeLimits(record.budgets[0]),
      organization: toScopeLimits(record.organization.budgets[0]),
    },
    priceOverrides: toPriceOverrides(record),
    providers: resolveProviderCredentials({
      projectRows: record.providerCredentials,
      organizationRows: record.organization.providerCredentials,
      environment,
      keyring: options.keyring,
    }),
    cacheTtlSeconds: record.cacheTtlSeconds,
  };
}

/** Loads one project's settings from Postgres; throws `project.not_found` (404) for an unknown or deactivated project. */
export async function loadProjectSettings(options: {
  prisma: PrismaClient;
  environment: Environment;
  keyring: EncryptionKeyring | undefined;
  projectId: string;
  logger?: Logger;
}): Promise<ProjectSettings> {
  const record = await readProjectSettingsRecord(options.prisma, options.projectId);
  if (!record || record.deactivatedAt || record.organization.deactivatedAt) {
    throw new SwitchyardError({
      code: 'project.not_found',
      message: `Project ${options.projectId} does not exist or is deactivated`,
      status: 404,
    });
  }
  return buildProjectSettings({ ...options, record });
}

import type { RepositoryConfig } from './repository-config-schema.js';

/** Budgets an admin set for the project, in USD; unset means no limit for that period. */
export interface ProjectBudgetLimits {
  dailyUsd?: number;
  monthlyUsd?: number;
}

/** The configuration a run uses, and what was adjusted on the way. */
export interface MergedRepositoryConfig {
  config: RepositoryConfig;
  warnings: string[];
}

/** The limits an admin sets too; `perRunUsd` exists only in the file. */
const adminLimitNames = ['dailyUsd', 'monthlyUsd'] as const;

/**
 * Combines `.switchyard.yml` with the project's admin settings. Admin budgets are upper bounds: the file
 * may lower them, and a file value above one is replaced by the admin's, with a warning.
 */
export function mergeRepositoryConfig(options: {
  file: RepositoryConfig;
  projectLimits: ProjectBudgetLimits;
}): MergedRepositoryConfig {
  const { file, projectLimits } = options;
  const config = structuredClone(file);
  const warnings: string[] = [];
  for (const name of adminLimitNames) {
    const fileLimit = file.limits[name];
    const projectLimit = projectLimits[name];
    const effective = lowerOf(fileLimit, projectLimit);
    if (fileLimit !== undefined && projectLimit !== undefined && fileLimit > projectLimit) {
      warnings.push(
        `limits.${name} ${fileLimit} is above the project's limit ${projectLimit}: using ${projectLimit}`,
      );
    }
    if (effective === undefined) delete config.limits[name];
    else config.limits[name] = effective;
  }
  return { config, warnings };
}

function lowerOf(left: number | undefined, right: number | undefined): number | undefined {
  if (left === undefined) return right;
  if (right === undefined) return left;
  return Math.min(left, right);
}

import { describeConfigProblems } from '../config/repository-config/describe-config-problems.js';
import { describeEffectiveConfig } from '../config/repository-config/describe-effective-config.js';
import {
  mergeRepositoryConfig,
  type ProjectBudgetLimits,
} from '../config/repository-config/merge-repository-config.js';
import { parseRepositoryConfig } from '../config/repository-config/parse-repository-config.js';
import {
  defaultRepositoryConfig,
  type RepositoryConfig,
} from '../config/repository-config/repository-config-schema.js';
import type { RepositoryConfigSource } from '../config/repository-config/summarize-repository-config.js';
import type { ChangedFile, ChangeSource, PullRequestSnapshot, ResultSink } from './pull-request-platform.js';
import { stickyMarker } from './sticky-markers.js';

/** Where the repository configuration lives. */
export const repositoryConfigPath = '.switchyard.yml';

/** The configuration a run uses, merged with the project's limits. */
export interface PullRequestConfig {
  config: RepositoryConfig;
  warnings: string[];
  /** `file`, or `defaults`/`invalid` when the file is missing or has problems and the defaults apply. */
  source: RepositoryConfigSource;
}

/**
 * Reads `.switchyard.yml` from the base branch (a pull request cannot change the rules it is judged by).
 * An invalid file gets one sticky comment quoting each problem, and the run goes on with the defaults;
 * once the file is valid again that comment says so.
 */
export async function loadPullRequestConfig(input: {
  source: ChangeSource;
  sink: ResultSink;
  pullRequest: PullRequestSnapshot;
  projectLimits: ProjectBudgetLimits;
}): Promise<PullRequestConfig> {
  const { source, sink, pullRequest, projectLimits } = input;
  const marker = stickyMarker('config-problems');
  const text = await source.readFile(repositoryConfigPath, pullRequest.baseRef);
  if (text === undefined) {
    return { ...mergeRepositoryConfig({ file: defaultRepositoryConfig, projectLimits }), source: 'defaults' };
  }
  const parsed = parseRepositoryConfig(text);
  if (!parsed.success) {
    const body = `${describeConfigProblems(parsed.errors)}\n\n_Read from \`${pullRequest.baseRef}\`._`;
    await sink.upsertStickyComment(marker, body);
    return { ...mergeRepositoryConfig({ file: defaultRepositoryConfig, projectLimits }), source: 'invalid' };
  }
  const previous = await sink.readStickyComment(marker);
  if (previous && !previous.body.includes('is valid again')) {
    await sink.upsertStickyComment(
      marker,
      `### \`.switchyard.yml\` is valid again\n\nThe problems reported here earlier are fixed on \`${pullRequest.baseRef}\`.`,
    );
  }
  const merged = mergeRepositoryConfig({ file: parsed.value, projectLimits });
  return { config: merged.config, warnings: [...parsed.warnings, ...merged.warnings], source: 'file' };
}

/**
 * When a pull request edits `.switchyard.yml`, comments the configuration it would apply after merge (or
 * the file's problems), so a config change is reviewed like code. Returns true when it posted.
 */
export async function previewConfigChange(input: {
  source: ChangeSource;
  sink: ResultSink;
  pullRequest: PullRequestSnapshot;
  files: readonly ChangedFile[];
  projectLimits: ProjectBudgetLimits;
}): Promise<boolean> {
  const { source, sink, pullRequest, files, projectLimits } = input;
  const changed = files.find(
    (file) => file.path === repositoryConfigPath || file.previousPath === repositoryConfigPath,
  );
  if (!changed) return false;
  const marker = stickyMarker('config-preview');
  if (changed.status === 'removed' || changed.path !== repositoryConfigPath) {
    await sink.upsertStickyComment(
      marker,
      '### Switchyard configuration\n\nThis pull request removes `.switchyard.yml`: once merged, pull requests into this branch use the defaults (see `docs/config.md`).',
    );
    return true;
  }
  const text = (await source.readFile(repositoryConfigPath, pullRequest.headSha)) ?? '';
  const parsed = parseRepositoryConfig(text);
  if (!parsed.success) {
    await sink.upsertStickyComment(
      marker,
      `${describeConfigProblems(parsed.errors).replace(
        'The run falls back to defaults until the file is fixed.',
        'If it is merged like this, runs fall back to the defaults.',
      )}`,
    );
    return true;
  }
  const merged = mergeRepositoryConfig({ file: parsed.value, projectLimits });
  await sink.upsertStickyComment(
    marker,
    describeEffectiveConfig(merged.config, [...parsed.warnings, ...merged.warnings]),
  );
  return true;
}

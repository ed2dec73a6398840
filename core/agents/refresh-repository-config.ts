import { parseRepositoryConfig } from '../config/repository-config/parse-repository-config.js';
import { defaultRepositoryConfig } from '../config/repository-config/repository-config-schema.js';
import {
  type RepositoryConfigSummary,
  summarizeRepositoryConfig,
} from '../config/repository-config/summarize-repository-config.js';
import type { JobContext, JobResult } from '../jobs/job-context.js';
import type { PlatformProjectDirectory } from '../projects/create-platform-project-directory.js';
import { defaultCommandPrefix } from './commands/parse-comment-command.js';
import { repositoryConfigPath } from './load-pull-request-config.js';
import type { RepositorySource } from './pull-request-platform.js';

/** What `.switchyard.yml` says, as the directory records it: the defaults when it is missing or invalid. */
export function summarizeRepositoryConfigText(text: string | undefined): RepositoryConfigSummary {
  if (text === undefined)
    return summarizeRepositoryConfig(defaultRepositoryConfig, 'defaults', defaultCommandPrefix);
  const parsed = parseRepositoryConfig(text);
  // Runs use the defaults while the file is invalid; the pull request path comments its problems.
  if (!parsed.success)
    return summarizeRepositoryConfig(defaultRepositoryConfig, 'invalid', defaultCommandPrefix);
  return summarizeRepositoryConfig(parsed.value, 'file', defaultCommandPrefix);
}

/**
 * The `config` job: reads `.switchyard.yml` from the repository's default branch (by name, so the newest
 * push wins) and records its command prefix and enabled agents. It posts nothing and calls no model.
 */
export async function refreshRepositoryConfig(input: {
  job: JobContext;
  repository: RepositorySource;
  directory: Pick<PlatformProjectDirectory, 'recordRepositoryConfig'>;
}): Promise<JobResult> {
  const { job, repository } = input;
  const branch = await repository.getDefaultBranch();
  const text = branch === undefined ? undefined : await repository.readFile(repositoryConfigPath, branch);
  const summary = summarizeRepositoryConfigText(text);
  // A newer push's job superseded this one while it read: its read is the newer one, so record nothing.
  job.signal.throwIfAborted();
  await input.directory.recordRepositoryConfig(job.request.projectId, summary);
  job.logger.info(
    { branch, source: summary.source, commandPrefix: summary.commandPrefix ?? defaultCommandPrefix },
    'repository configuration recorded',
  );
  return { costUsd: 0 };
}

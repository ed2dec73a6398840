import type { RepositoryAgentName, RepositoryConfig } from './repository-config-schema.js';

/** Where a project's repository configuration came from (see `loadPullRequestConfig`). */
export type RepositoryConfigSource = 'file' | 'defaults' | 'invalid';

/** One agent a repository's configuration enables, and what starts it. */
export interface EnabledAgent {
  agent: RepositoryAgentName;
  triggers: string[];
}

/** What the settings page shows of a project's configuration, recorded each time a job reads it. */
export interface RepositoryConfigSummary {
  source: RepositoryConfigSource;
  /** Undefined when the default prefix applies. */
  commandPrefix?: string;
  agents: EnabledAgent[];
}

/** The enabled agents (in the schema's order) and the command prefix of a configuration. */
export function summarizeRepositoryConfig(
  config: RepositoryConfig,
  source: RepositoryConfigSource,
  defaultCommandPrefix: string,
): RepositoryConfigSummary {
  const agents = (Object.keys(config.agents) as RepositoryAgentName[])
    .filter((agent) => config.agents[agent].enabled)
    .map((agent) => ({ agent, triggers: [...config.agents[agent].triggers] }));
  const prefix = config.commands.prefix;
  return {
    source,
    commandPrefix: prefix === defaultCommandPrefix ? undefined : prefix,
    agents,
  };
}

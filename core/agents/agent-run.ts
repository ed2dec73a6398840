import type { RepositoryConfig } from '../config/repository-config/repository-config-schema.js';
import type { JobContext } from '../jobs/job-context.js';
import type { ProjectSettings } from '../projects/project-settings.js';
import type { AgentModelCaller } from './create-agent-model-caller.js';
import type { PullRequestStateStore } from './create-pull-request-state-store.js';
import type { ChangeSource, PullRequestSnapshot, ResultSink } from './pull-request-platform.js';

/** Everything one agent run works with, prepared by the job processor. */
export interface AgentRun {
  job: JobContext;
  source: ChangeSource;
  sink: ResultSink;
  pullRequest: PullRequestSnapshot;
  /** `.switchyard.yml` from the base branch merged with the project's limits (or the defaults). */
  config: RepositoryConfig;
  configWarnings: string[];
  /** The project's settings, budgets lowered by the file where it asks for less. */
  settings: ProjectSettings;
  caller: AgentModelCaller;
  states: PullRequestStateStore;
}

/** What an agent run posted. */
export interface AgentRunResult {
  /** The link to what was posted (the sticky comment, the review, the reply). */
  resultUrl?: string;
  /** A sentence for the log when the run decided to post nothing. */
  skipped?: string;
  /** The gist of what was posted (review summary, description, answer), for a chat that asked for it. */
  summary?: string;
}

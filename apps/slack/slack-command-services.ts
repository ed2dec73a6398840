import type { PullRequestPlatform } from '../../core/agents/pull-request-platform.js';
import type { BudgetLedger } from '../../core/budgets/budget-ledger.js';
import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import type { JobQueue } from '../../core/jobs/create-job-queue.js';
import type { CodePlatform } from '../../core/jobs/job-request.js';
import type { Logger } from '../../core/logging/create-logger.js';
import type { ProjectSettingsStore } from '../../core/projects/create-project-settings-store.js';
import type { Redis } from '../../core/redis/create-redis-client.js';
import type { SlackClient } from '../../integrations/slack/create-slack-client.js';
import type { SlackWorkspaceStore } from './create-slack-workspace-store.js';
import type { PlatformHosts } from './parse-pull-request-url.js';
import type { ResolvePlatformLogin } from './resolve-platform-login.js';

/** What the sub-commands work with, built once from the app context. */
export interface SlackCommandServices {
  /** SLACK_COMMAND, e.g. `/switchyard`. */
  command: string;
  /** SLACK_USER_MAPPING. */
  mapping: 'link' | 'email';
  hosts: PlatformHosts;
  prisma: PrismaClient;
  redis: Redis;
  keyPrefix: string;
  jobs: Pick<JobQueue, 'enqueue'>;
  projectSettings: Pick<ProjectSettingsStore, 'get'>;
  ledger: Pick<BudgetLedger, 'readStatus'>;
  /** The code platforms this process can read (permission checks of `link`). */
  platforms: Partial<Record<CodePlatform, PullRequestPlatform>>;
  slack: SlackClient;
  store: SlackWorkspaceStore;
  resolveLogin: ResolvePlatformLogin;
  logger: Logger;
}

/** Who typed the command, where. */
export interface SlackInvocation {
  teamId: string;
  channelId: string;
  userId: string;
  /** Unique per invocation; names the job (`slack-<trigger id>`) so a retried delivery is one job. */
  triggerId: string;
  responseUrl?: string;
}

import type { SlackClient } from '../../integrations/slack/create-slack-client.js';
import type { AppContext } from '../server/create-app-context.js';
import { createPlatforms } from '../worker/create-platforms.js';
import { createSlackWorkspaceStore } from './create-slack-workspace-store.js';
import { createFindLoginByEmail } from './find-login-by-email.js';
import { readPlatformHosts } from './parse-pull-request-url.js';
import { createResolvePlatformLogin } from './resolve-platform-login.js';
import type { SlackCommandServices } from './slack-command-services.js';

/** The sub-commands' services, from the process's context and its Slack client. */
export function createSlackCommandServices(context: AppContext, slack: SlackClient): SlackCommandServices {
  const { environment, prisma } = context;
  const logger = context.logger.child({ component: 'slack' });
  const store = createSlackWorkspaceStore(prisma);
  return {
    command: environment.SLACK_COMMAND,
    mapping: environment.SLACK_USER_MAPPING,
    hosts: readPlatformHosts(environment),
    prisma,
    redis: context.redis,
    keyPrefix: environment.REDIS_KEY_PREFIX,
    jobs: context.jobs,
    projectSettings: context.projectSettings,
    ledger: context.routing.ledger,
    platforms: createPlatforms(context),
    slack,
    store,
    resolveLogin: createResolvePlatformLogin({
      mode: environment.SLACK_USER_MAPPING,
      command: environment.SLACK_COMMAND,
      store,
      slack,
      findLoginByEmail: createFindLoginByEmail({ environment, github: context.github, prisma, logger }),
    }),
    logger,
  };
}

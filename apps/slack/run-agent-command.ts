import { formatUsd } from '../../core/agents/format/render-footer.js';
import { nanoToUsd } from '../../core/budgets/money.js';
import { parseJobRequest } from '../../core/jobs/job-request.js';
import { neutralizeSlackText as quote, slackLink } from '../../integrations/slack/format-slack-text.js';
import { mapSlackError } from '../../integrations/slack/map-slack-error.js';
import { renderSlackFailure } from '../../integrations/slack/render-slack-message.js';
import type { SlackReplyTarget } from '../../integrations/slack/slack-reply-target.js';
import { findProjectsByName, type NamedProject } from './find-projects-by-name.js';
import type { PullRequestReference } from './parse-pull-request-url.js';
import { readProjectBudget } from './read-project-budget.js';
import type { SlackCommandServices, SlackInvocation } from './slack-command-services.js';

const platformNames = { github: 'GitHub', gitlab: 'GitLab' } as const;
const agents = { review: 'review', summarize: 'describe', ask: 'ask' } as const;
const nouns = { review: 'Review', summarize: 'Summary', ask: 'Answer' } as const;

type AgentCommand =
  | { name: 'review' | 'summarize'; target: PullRequestReference }
  | {
      name: 'ask';
      target: PullRequestReference;
      question: string;
    };

/** The project behind the URL, if this channel may use it; otherwise why not (mrkdwn). */
async function findChannelProject(
  services: SlackCommandServices,
  invocation: SlackInvocation,
  target: PullRequestReference,
): Promise<{ project: NamedProject } | { error: string }> {
  const name = quote(target.repository);
  const platform = platformNames[target.platform];
  const known = await findProjectsByName(services.prisma, target.repository, target.platform);
  const project = known.find((each) => each.active) ?? known[0];
  if (!project) {
    const setup =
      target.platform === 'github'
        ? 'install the GitHub App on the repository'
        : 'add the GitLab webhook to the project';
    return {
      error: `Switchyard does not know \`${name}\` on ${platform}: ${setup} first (or check the URL).`,
    };
  }
  if (!project.active) {
    return {
      error: `Switchyard was removed from \`${name}\` on ${platform}; reinstall it there to use it again.`,
    };
  }
  const linked = await services.store.listChannelProjects({
    teamId: invocation.teamId,
    channelId: invocation.channelId,
  });
  if (!linked.some((each) => each.projectId === project.projectId)) {
    return {
      error: `\`${quote(project.name)}\` is not linked to this channel, so commands here cannot act on it. A workspace admin (or an admin of the repository) can run \`${services.command} link ${quote(project.name)}\` here.`,
    };
  }
  return { project };
}

/** Why no model call could run now (a spent daily or monthly budget), or undefined. */
async function findSpentBudget(
  services: SlackCommandServices,
  project: NamedProject,
): Promise<string | undefined> {
  const lines = await readProjectBudget(services, project);
  const spent = lines.find((line) => line.limitNano !== undefined && line.spentNano >= line.limitNano);
  if (!spent || spent.limitNano === undefined) return undefined;
  const period = spent.period === 'day' ? 'daily' : 'monthly';
  const owner = spent.scope === 'project' ? `\`${quote(project.name)}\`` : 'its organization';
  const resets = spent.period === 'day' ? 'at midnight UTC' : 'on the first of the month (UTC)';
  return `The ${period} budget of ${owner} is spent (${formatUsd(nanoToUsd(spent.spentNano))} of ${formatUsd(nanoToUsd(spent.limitNano))}); it resets ${resets}. An administrator can raise it in Switchyard's budget settings.`;
}

/**
 * `review`, `summarize` and `ask`: checks the project (known, linked to the channel), the person (a verified
 * platform login) and the budget, posts the progress message in the channel and queues the job with that
 * message as its reply target. Returns an ephemeral error, or undefined once the job is queued.
 */
export async function runAgentCommand(
  services: SlackCommandServices,
  invocation: SlackInvocation,
  command: AgentCommand,
): Promise<string | undefined> {
  const { target } = command;
  const found = await findChannelProject(services, invocation, target);
  if ('error' in found) return found.error;
  const { project } = found;
  const login = await services.resolveLogin({
    teamId: invocation.teamId,
    userId: invocation.userId,
    platform: project.platform,
    organizationId: project.organizationId,
  });
  if (!login.success) return login.error;
  const spent = await findSpentBudget(services, project);
  if (spent) return spent;

  const label = slackLink(target.url, `${project.name}#${target.number}`);
  const text = `:hourglass_flowing_sand: ${nouns[command.name]} of ${label} queued for <@${invocation.userId}>.`;
  let progressTs: string;
  try {
    const posted = await services.slack.chat.postMessage({
      channel: invocation.channelId,
      text,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
      unfurl_links: false,
      unfurl_media: false,
    });
    progressTs = posted.ts ?? '';
  } catch (error) {
    return mapSlackError(error, 'post in this channel').message;
  }
  const replyTo: SlackReplyTarget = {
    platform: 'slack',
    teamId: invocation.teamId,
    channel: invocation.channelId,
    userId: invocation.userId,
    progressTs,
    requestKey: invocation.triggerId,
  };
  const parsed = parseJobRequest({
    projectId: project.projectId,
    organizationId: project.organizationId,
    platform: 'slack',
    target: {
      kind: 'pull_request',
      platform: project.platform,
      repository: project.name,
      number: target.number,
    },
    agent: agents[command.name],
    // The head is read when the job runs; the trigger id makes each request (and only it) one job.
    revision: `slack-${invocation.triggerId}`,
    trigger: 'command',
    requestedBy: login.login,
    question: command.name === 'ask' ? command.question : undefined,
    replyTo,
    deliveryId: `slack:${invocation.triggerId}`,
  });
  const failProgress = async (message: string) => {
    const failure = renderSlackFailure(message);
    await services.slack.chat
      .update({ channel: invocation.channelId, ts: progressTs, text: failure.text, blocks: failure.blocks })
      .catch((error: unknown) =>
        services.logger.warn({ err: error }, 'slack: could not update the progress message'),
      );
  };
  if (!parsed.success) {
    await failProgress(parsed.error.message);
    return undefined;
  }
  try {
    const enqueued = await services.jobs.enqueue(parsed.value);
    services.logger.info(
      { jobId: enqueued.jobId, status: enqueued.status, projectId: project.projectId },
      'slack: job queued',
    );
  } catch (error) {
    services.logger.error({ err: error, projectId: project.projectId }, 'slack: could not queue a job');
    await failProgress('Switchyard could not queue the work (is Redis reachable?). Try again in a minute.');
  }
  return undefined;
}

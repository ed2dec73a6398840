import { formatUsd } from '../../core/agents/format/render-footer.js';
import { neutralizeSlackText as quote, slackLink } from '../../integrations/slack/format-slack-text.js';
import type { SlackCommandServices, SlackInvocation } from './slack-command-services.js';

const statusIcons: Record<string, string> = {
  queued: ':hourglass:',
  running: ':hourglass_flowing_sand:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
  cancelled: ':no_entry_sign:',
  superseded: ':fast_forward:',
};
const shownJobs = 10;

/** `5 min ago`, `3 h ago`, `2 days ago`. */
export function formatAge(milliseconds: number): string {
  const minutes = Math.floor(milliseconds / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** `status`: the latest jobs of the projects linked to the channel, from `job_runs` (mrkdwn). */
export async function runStatusCommand(
  services: SlackCommandServices,
  invocation: SlackInvocation,
): Promise<string> {
  const projects = await services.store.listChannelProjects({
    teamId: invocation.teamId,
    channelId: invocation.channelId,
  });
  if (projects.length === 0) {
    return `No project is linked to this channel yet: \`${services.command} link org/repo\` binds one.`;
  }
  const names = projects.map((project) => `\`${quote(project.name)}\``).join(', ');
  const runs = await services.prisma.jobRun.findMany({
    where: { projectId: { in: projects.map((project) => project.projectId) } },
    orderBy: { queuedAt: 'desc' },
    take: shownJobs,
    select: {
      agent: true,
      repository: true,
      targetNumber: true,
      status: true,
      trigger: true,
      requestedBy: true,
      costUsd: true,
      resultUrl: true,
      queuedAt: true,
      errorMessage: true,
    },
  });
  if (runs.length === 0) return `No jobs yet for ${names}.`;
  const now = Date.now();
  const lines = runs.map((run) => {
    // A config job (a read of .switchyard.yml) names the repository only: its target number is 0.
    const pull = run.targetNumber > 0 ? `${run.repository}#${run.targetNumber}` : run.repository;
    const target = run.resultUrl ? slackLink(run.resultUrl, pull) : quote(pull);
    const parts = [`${statusIcons[run.status] ?? ':grey_question:'} *${run.agent}* ${target}`, run.status];
    const cost = run.costUsd.toNumber();
    if (cost > 0) parts.push(formatUsd(cost));
    parts.push(run.trigger === 'command' && run.requestedBy ? `by ${quote(run.requestedBy)}` : run.trigger);
    parts.push(formatAge(now - run.queuedAt.getTime()));
    if (run.status === 'failed' && run.errorMessage) parts.push(`_${quote(run.errorMessage.slice(0, 140))}_`);
    return parts.join(' · ');
  });
  return [`*Latest jobs of ${names}*`, ...lines].join('\n');
}

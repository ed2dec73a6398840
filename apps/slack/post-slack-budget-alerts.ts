import { formatUsd } from '../../core/agents/format/render-footer.js';
import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import type { Logger } from '../../core/logging/create-logger.js';
import type { SlackClient } from '../../integrations/slack/create-slack-client.js';
import { neutralizeSlackText as quote } from '../../integrations/slack/format-slack-text.js';
import { mapSlackError } from '../../integrations/slack/map-slack-error.js';
import type { SlackWorkspaceStore } from './create-slack-workspace-store.js';

export interface SlackBudgetAlertOptions {
  prisma: PrismaClient;
  slack: SlackClient;
  store: Pick<SlackWorkspaceStore, 'listProjectChannels'>;
  logger: Logger;
  /** Alerts older than this are not posted any more (36 h: a day's alert, with a margin for an outage). */
  lookbackMs?: number;
}

const defaultLookbackMs = 36 * 60 * 60_000;

type AlertRow = {
  id: string;
  scope: string;
  scopeId: string;
  period: string;
  spentUsd: { toNumber(): number };
  limitUsd: { toNumber(): number };
};

function describeAlert(alert: AlertRow, owner: string): string {
  const spent = alert.spentUsd.toNumber();
  const limit = alert.limitUsd.toNumber();
  const percent = limit > 0 ? Math.round((spent / limit) * 100) : 100;
  const period = /^\d{4}-\d{2}-\d{2}$/.test(alert.period)
    ? `daily budget for ${alert.period} (UTC)`
    : `monthly budget for ${alert.period}`;
  return `:warning: *Budget alert*: ${owner} has spent ${formatUsd(spent)} of its ${formatUsd(limit)} ${period} (${percent}%). Jobs stop when it is spent; \`budget\` shows the details.`;
}

/**
 * Posts soft-limit alerts (rows of `budget_alerts`, written once per scope and period when spend crosses the
 * soft ratio) to the channels linked to the project, or to any project of the organization. Each channel gets
 * each alert once: a `slack_budget_alert_posts` row is claimed before posting (so concurrent processes post it
 * once) and released when Slack may take it later. Returns how many messages were posted.
 */
export async function postSlackBudgetAlerts(options: SlackBudgetAlertOptions): Promise<number> {
  const { prisma, slack, logger } = options;
  const since = new Date(Date.now() - (options.lookbackMs ?? defaultLookbackMs));
  // Only alerts some channel wants: those of linked projects and of their organizations.
  const linked = await prisma.slackChannelLink.findMany({
    distinct: ['projectId'],
    select: { projectId: true },
  });
  if (linked.length === 0) return 0;
  const linkedProjects = await prisma.project.findMany({
    where: { id: { in: linked.map((link) => link.projectId) } },
    select: { id: true, organizationId: true },
  });
  const alerts = await prisma.budgetAlert.findMany({
    where: {
      createdAt: { gte: since },
      kind: 'soft',
      OR: [
        { scope: 'project', scopeId: { in: linkedProjects.map((project) => project.id) } },
        {
          scope: 'organization',
          scopeId: { in: [...new Set(linkedProjects.map((project) => project.organizationId))] },
        },
      ],
    },
    orderBy: { createdAt: 'asc' },
    take: 500,
  });
  if (alerts.length === 0) return 0;
  const organizationIds = alerts
    .filter((alert) => alert.scope === 'organization')
    .map((alert) => alert.scopeId);
  const projectIds = alerts.filter((alert) => alert.scope === 'project').map((alert) => alert.scopeId);
  const [organizationProjects, organizations, projects] = await Promise.all([
    prisma.project.findMany({
      where: { organizationId: { in: organizationIds } },
      select: { id: true, organizationId: true },
    }),
    prisma.organization.findMany({
      where: { id: { in: organizationIds } },
      select: { id: true, name: true },
    }),
    prisma.project.findMany({ where: { id: { in: projectIds } }, select: { id: true, name: true } }),
  ]);
  const links = await options.store.listProjectChannels([
    ...projectIds,
    ...organizationProjects.map((project) => project.id),
  ]);
  const posted = await prisma.slackBudgetAlertPost.findMany({
    where: { alertId: { in: alerts.map((alert) => alert.id) } },
    select: { alertId: true, teamId: true, channelId: true },
  });
  const done = new Set(posted.map((post) => `${post.alertId}|${post.teamId}|${post.channelId}`));
  let count = 0;
  for (const alert of alerts) {
    const relevant =
      alert.scope === 'project'
        ? new Set([alert.scopeId])
        : new Set(
            organizationProjects
              .filter((project) => project.organizationId === alert.scopeId)
              .map((project) => project.id),
          );
    const owner =
      alert.scope === 'project'
        ? `\`${quote(projects.find((project) => project.id === alert.scopeId)?.name ?? 'a project')}\``
        : `the organization \`${quote(organizations.find((organization) => organization.id === alert.scopeId)?.name ?? '?')}\``;
    const channels = new Map<string, { teamId: string; channelId: string }>();
    for (const link of links) {
      if (relevant.has(link.projectId)) channels.set(`${link.teamId}|${link.channelId}`, link);
    }
    for (const [key, channel] of channels) {
      if (done.has(`${alert.id}|${key}`)) continue;
      const claimed = await prisma.slackBudgetAlertPost.createMany({
        data: [{ alertId: alert.id, teamId: channel.teamId, channelId: channel.channelId }],
        skipDuplicates: true,
      });
      if (claimed.count === 0) continue;
      const where = {
        alertId_teamId_channelId: { alertId: alert.id, teamId: channel.teamId, channelId: channel.channelId },
      };
      let ts: string | undefined;
      try {
        ts = (await slack.chat.postMessage({ channel: channel.channelId, text: describeAlert(alert, owner) }))
          .ts;
      } catch (error) {
        const mapped = mapSlackError(error, 'post a budget alert');
        logger.warn(
          { err: mapped, channel: channel.channelId, alertId: alert.id },
          'slack: budget alert not posted',
        );
        // Kept claimed when retrying cannot help (the app left the channel): no retry every minute for a day.
        if (mapped.retryable) await prisma.slackBudgetAlertPost.delete({ where }).catch(() => {});
        continue;
      }
      count += 1;
      await prisma.slackBudgetAlertPost.update({ where, data: { messageTs: ts ?? null } });
    }
  }
  return count;
}

/** Posts budget alerts every `intervalMs` (30 s) until closed. */
export function startSlackBudgetAlerts(options: SlackBudgetAlertOptions & { intervalMs?: number }): {
  close(): Promise<void>;
} {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = postSlackBudgetAlerts(options).catch((error: unknown) =>
      options.logger.warn({ err: error }, 'slack: budget alerts could not be read'),
    );
  }, options.intervalMs ?? 30_000);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await running;
    },
  };
}
